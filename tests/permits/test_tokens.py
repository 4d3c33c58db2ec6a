"""Permit tokens: signing, verification with its reason codes, key rotation, published keys, the CLI, QR size."""

import json
import os
import stat

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask

from webapp.permits import keys
from webapp.permits.cli import bp
from webapp.permits.tokens import (
    InvalidToken,
    KeyRing,
    KeyRingError,
    b64url_decode,
    b64url_encode,
    generate_key,
    sign,
    verify,
)

ISSUED = 1_750_000_000
NUMBER = "440305250001"  # 12 characters

# A fixed test vector (also in docs/permit-token.md): Ed25519 is deterministic, so this pins the format.
VECTOR_SEED = bytes(range(32))
VECTOR_KEYS = {
    "keys": [{"kid": "56475aa7", "kty": "OKP", "crv": "Ed25519", "x": "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"}]
}
VECTOR_TOKEN = (
    "XJ1.56475aa7.eyJpYXQiOjE3NTAwMDAwMDAsInBpZCI6IjQ0MDMwNTI1MDAwMSIsInYiOjF9."
    "YWrWEnFiCWGhVQscUapSvpKJCNLHpfXnQsMNo9Gl4A69AuJyP8BfCIzkwjCurXOeCfm2-Yjqq5URM3w3a0PODQ"
)


@pytest.fixture
def key_dir(tmp_path):
    directory = tmp_path / "keys"
    generate_key(directory)
    return directory


@pytest.fixture
def ring(key_dir):
    return KeyRing.from_directory(key_dir)


def reason(ring, token) -> str:
    with pytest.raises(InvalidToken) as caught:
        verify(ring, token)
    return caught.value.reason


def replace_part(token: str, index: int, value: str) -> str:
    parts = token.split(".")
    parts[index] = value
    return ".".join(parts)


def new_ring(directory) -> KeyRing:
    generate_key(directory)
    return KeyRing.from_directory(directory)


def flip_signature_bit(token: str) -> str:
    signature = bytearray(b64url_decode(token.split(".")[3]))
    signature[10] ^= 0x01
    return replace_part(token, 3, b64url_encode(bytes(signature)))


def signed_raw(ring: KeyRing, payload: bytes) -> str:
    """A token whose payload bytes are chosen freely, correctly signed by the ring's current key."""
    signed_part = f"XJ1.{ring.current_kid}.{b64url_encode(payload)}"
    return f"{signed_part}.{b64url_encode(ring.signer.sign(signed_part.encode('ascii')))}"


# --- format and roundtrip ---------------------------------------------------------------------------------------


def test_sign_verify_roundtrip(ring):
    token = sign(ring, NUMBER, ISSUED)
    claims = verify(ring, token)
    assert (claims.kid, claims.permit_number, claims.issued_at) == (ring.current_kid, NUMBER, ISSUED)
    assert claims.issued_at_utc.isoformat() == "2025-06-15T15:06:40+00:00"


def test_token_layout(ring):
    prefix, kid, payload, signature = sign(ring, NUMBER, ISSUED).split(".")
    assert prefix == "XJ1"
    assert kid == ring.current_kid and len(kid) == 8 and kid == kid.lower()
    assert b64url_decode(payload) == b'{"iat":1750000000,"pid":"440305250001","v":1}'
    assert len(b64url_decode(signature)) == 64
    assert "=" not in payload + signature


def test_fixed_vector():
    ring = KeyRing(private_keys=[Ed25519PrivateKey.from_private_bytes(VECTOR_SEED)])
    assert ring.public_keys_json() == VECTOR_KEYS
    assert sign(ring, NUMBER, ISSUED) == VECTOR_TOKEN
    assert verify(KeyRing.from_public_json(VECTOR_KEYS), VECTOR_TOKEN).permit_number == NUMBER


def test_non_ascii_permit_number_is_utf8(ring):
    token = sign(ring, "粤B-0001", ISSUED)
    assert b64url_decode(token.split(".")[2]) == '{"iat":1750000000,"pid":"粤B-0001","v":1}'.encode()
    assert verify(ring, token).permit_number == "粤B-0001"


@pytest.mark.parametrize(
    ("number", "issued"), [("", ISSUED), ("X" * 65, ISSUED), (NUMBER, -1), (NUMBER, 1.5), (NUMBER, True)]
)
def test_sign_rejects_bad_input(ring, number, issued):
    with pytest.raises(ValueError, match="permit number|issued_at"):
        sign(ring, number, issued)


def test_verify_only_ring_cannot_sign(ring):
    with pytest.raises(KeyRingError, match="verify-only"):
        sign(KeyRing.from_public_json(ring.public_keys_json()), NUMBER, ISSUED)


# --- reasons ----------------------------------------------------------------------------------------------------


def test_tampered_payload_is_signature(ring):
    token = sign(ring, NUMBER, ISSUED)
    forged = b64url_encode(b'{"iat":1750000000,"pid":"440305250002","v":1}')
    assert reason(ring, replace_part(token, 2, forged)) == "signature"


def test_tampered_signature_is_signature(ring):
    assert reason(ring, flip_signature_bit(sign(ring, NUMBER, ISSUED))) == "signature"


def test_token_signed_by_another_key_under_our_kid_is_signature(ring, tmp_path):
    token = replace_part(sign(new_ring(tmp_path / "other"), NUMBER, ISSUED), 1, ring.current_kid)
    # The kid is part of the signed text, so re-labelling breaks the signature whoever's key it names.
    assert reason(ring, token) == "signature"


def test_unknown_kid(ring):
    assert reason(ring, replace_part(sign(ring, NUMBER, ISSUED), 1, "00000000")) == "unknown_key"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "hello",
        "XJ1.abc",
        "XJ1.56475aa7.e30.e30.e30",
        "XJ2.56475aa7.e30." + "A" * 86,
        "XJ1.56475AA7.e30." + "A" * 86,  # upper-case kid
        "XJ1.56475aa7.e30=." + "A" * 86,  # padding
        "XJ1.56475aa7.e3+." + "A" * 86,  # not the url-safe alphabet
        "XJ1.56475aa7.e30." + "A" * 85,  # signature not 64 bytes
        "XJ1.56475aa7.e30." + "A" * 85 + "B",  # non-canonical trailing bits
        "XJ1.56475aa7.e30." + "A" * 600,
        "XJ1.56475aa7.ｅ30." + "A" * 86,
    ],
)
def test_garbage_is_format(garbage):
    assert reason(KeyRing.from_public_json(VECTOR_KEYS), garbage) == "format"


def test_non_string_is_format(ring):
    assert reason(ring, None) == "format"


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"iat":1750000000,"pid":"440305250001","v":2}',
        b'{"iat":1750000000,"pid":"","v":1}',
        b'{"iat":1750000000,"pid":12,"v":1}',
        b'{"iat":"1750000000","pid":"440305250001","v":1}',
        b'{"iat":1750000000.0,"pid":"440305250001","v":1}',
        b'{"iat":-1,"pid":"440305250001","v":1}',
        b'{"iat":1750000000,"pid":"440305250001","v":true}',
        b'{"iat":1750000000,"name":"Li","pid":"440305250001","v":1}',
        b'{"pid":"440305250001","iat":1750000000,"v":1}',  # keys not sorted
        b'{"iat": 1750000000,"pid":"440305250001","v":1}',  # not compact
        b'{"iat":NaN,"pid":"440305250001","v":1}',
    ],
)
def test_bad_payload_signed_by_valid_key(ring, payload):
    assert reason(ring, signed_raw(ring, payload)) == "payload"


# --- keys and rotation ------------------------------------------------------------------------------------------


def test_private_key_file_mode_is_0600(key_dir):
    (private,) = key_dir.glob("*.private.pem")
    (public,) = key_dir.glob("*.public.pem")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.name.endswith(f"-{KeyRing.from_directory(key_dir).current_kid}.private.pem")
    assert public.name == private.name.replace(".private.", ".public.")


def test_rotation_keeps_old_tokens_valid(key_dir):
    old_ring = KeyRing.from_directory(key_dir)
    old_token = sign(old_ring, NUMBER, ISSUED)
    for _ in range(3):  # several rotations the same day: always the newest key signs
        new_kid = generate_key(key_dir)
        ring = KeyRing.from_directory(key_dir)
        assert ring.current_kid == new_kid
    assert new_kid != old_ring.current_kid
    assert verify(ring, old_token).kid == old_ring.current_kid
    new_token = sign(ring, NUMBER, ISSUED + 60)
    assert new_token.split(".")[1] == new_kid
    assert len(ring.public_keys_json()["keys"]) == 4


def test_retired_key_with_only_its_public_file_still_verifies(key_dir):
    old_ring = KeyRing.from_directory(key_dir)
    old_token = sign(old_ring, NUMBER, ISSUED)
    generate_key(key_dir)
    for private in key_dir.glob(f"*-{old_ring.current_kid}.private.pem"):
        private.unlink()  # the retired private key is destroyed, its public key stays published
    ring = KeyRing.from_directory(key_dir)
    assert ring.current_kid != old_ring.current_kid
    assert verify(ring, old_token).permit_number == NUMBER


def test_undated_file_names_sort_by_name_and_dated_ones_win(tmp_path):
    directory = tmp_path / "keys"
    kid = generate_key(directory)
    (dated,) = directory.glob("*.private.pem")
    generate_key(tmp_path / "other")
    (other_private,) = (tmp_path / "other").glob("*.private.pem")
    other_private.rename(directory / "zzz.private.pem")
    assert KeyRing.from_directory(directory).current_kid == kid
    dated.rename(directory / "aaa.private.pem")
    assert KeyRing.from_directory(directory).current_kid != kid  # zzz sorts after aaa


def test_file_name_kid_must_match_the_key(key_dir):
    (private,) = key_dir.glob("*.private.pem")
    private.rename(private.with_name(private.name[:9] + "00000000.private.pem"))
    with pytest.raises(KeyRingError, match="file name says kid 00000000"):
        KeyRing.from_directory(key_dir)


def test_missing_directory(tmp_path):
    with pytest.raises(KeyRingError, match="does not exist"):
        KeyRing.from_directory(tmp_path / "nowhere")


def test_published_json_verify_only_ring(key_dir):
    ring = KeyRing.from_directory(key_dir)
    old_token = sign(ring, NUMBER, ISSUED)
    generate_key(key_dir)
    ring = KeyRing.from_directory(key_dir)
    new_token = sign(ring, NUMBER, ISSUED + 1)
    published = json.dumps(ring.public_keys_json())
    checker = KeyRing.from_public_json(published)
    assert not checker.can_sign and set(checker.public_keys) == set(ring.public_keys)
    assert {entry["kty"] for entry in json.loads(published)["keys"]} == {"OKP"}
    assert verify(checker, old_token).issued_at == ISSUED
    assert verify(checker, new_token).issued_at == ISSUED + 1


@pytest.mark.parametrize(
    "data",
    [
        "nope",
        {"keys": "x"},
        {"keys": [{"kid": "56475aa7", "kty": "EC", "crv": "P-256", "x": "AA"}]},
        {"keys": [{"kid": "56475aa7", "kty": "OKP", "crv": "Ed25519", "x": "AAAA"}]},
        {"keys": [{**VECTOR_KEYS["keys"][0], "kid": "00000000"}]},
    ],
)
def test_bad_published_json(data):
    with pytest.raises(KeyRingError, match="published keys"):
        KeyRing.from_public_json(data)


# --- where the app finds its keys -------------------------------------------------------------------------------


def test_keyring_for_autocreates_in_development(tmp_path):
    config = {"PERMIT_KEYS_DIR": str(tmp_path / "keys"), "PERMIT_KEYS_AUTOCREATE": True}
    ring = keys.keyring_for(config)
    assert ring.can_sign and keys.keyring_for(config) is ring  # cached
    generate_key(tmp_path / "keys")
    rotated = keys.keyring_for(config)  # the directory changed: reloaded
    assert rotated is not ring and rotated.current_kid != ring.current_kid


def test_keyring_for_refuses_without_a_key(tmp_path):
    with pytest.raises(keys.PermitKeysError, match="flask permits new-key"):
        keys.keyring_for({"PERMIT_KEYS_DIR": str(tmp_path / "keys"), "PERMIT_KEYS_AUTOCREATE": False})
    with pytest.raises(keys.PermitKeysError, match="PERMIT_KEYS_DIR is not set"):
        keys.keyring_for({})


def test_keyring_for_uses_existing_key(key_dir):
    ring = keys.keyring_for({"PERMIT_KEYS_DIR": str(key_dir)})
    assert ring.current_kid == KeyRing.from_directory(key_dir).current_kid


# --- the CLI ----------------------------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path):
    app = Flask(__name__)
    app.config.update(PERMIT_KEYS_DIR=str(tmp_path / "keys"), PERMIT_KEYS_AUTOCREATE=False)
    app.register_blueprint(bp)
    return app.test_cli_runner()


def test_cli_new_key_and_public_keys(cli, tmp_path):
    first = cli.invoke(args=["permits", "new-key"])
    assert first.exit_code == 0, first.output
    second = cli.invoke(args=["permits", "new-key"])
    kids = {first.stdout.strip(), second.stdout.strip()}
    assert len(kids) == 2 and all(len(kid) == 8 for kid in kids)
    assert KeyRing.from_directory(tmp_path / "keys").current_kid == second.stdout.strip()
    published = cli.invoke(args=["permits", "public-keys"])
    assert published.exit_code == 0
    assert {entry["kid"] for entry in json.loads(published.stdout)["keys"]} == kids


def test_cli_public_keys_without_a_key_fails_clearly(cli):
    result = cli.invoke(args=["permits", "public-keys"])
    assert result.exit_code != 0 and "flask permits new-key" in result.output


def test_cli_verify_with_published_file(cli, tmp_path):
    cli.invoke(args=["permits", "new-key"])
    ring = KeyRing.from_directory(tmp_path / "keys")
    token = sign(ring, NUMBER, ISSUED)
    keys_file = tmp_path / "published.json"
    keys_file.write_text(cli.invoke(args=["permits", "public-keys"]).stdout)

    valid = cli.invoke(args=["permits", "verify", token, "--keys", str(keys_file)])
    assert valid.exit_code == 0, valid.output
    assert f"permit number: {NUMBER}" in valid.stdout
    assert f"key id: {ring.current_kid}" in valid.stdout
    assert "2025-06-15T15:06:40Z" in valid.stdout

    scanned = f"https://xinju.example.gov.cn/verify/{token}"
    url = cli.invoke(args=["permits", "verify", scanned, "--keys", str(keys_file)])
    assert url.exit_code == 0 and NUMBER in url.stdout

    tampered = cli.invoke(args=["permits", "verify", flip_signature_bit(token), "--keys", str(keys_file)])
    assert tampered.exit_code != 0
    assert "invalid token: signature" in tampered.output and NUMBER not in tampered.stdout


def test_cli_verify_with_app_keys_and_vector(cli, tmp_path):
    cli.invoke(args=["permits", "new-key"])
    token = sign(KeyRing.from_directory(tmp_path / "keys"), NUMBER, ISSUED)
    assert cli.invoke(args=["permits", "verify", token]).exit_code == 0
    unknown = cli.invoke(args=["permits", "verify", VECTOR_TOKEN])
    assert unknown.exit_code != 0 and "invalid token: unknown_key" in unknown.output
    garbage = cli.invoke(args=["permits", "verify", "garbage"])
    assert garbage.exit_code != 0 and "invalid token: format" in garbage.output


def test_cli_verify_bad_keys_file(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = cli.invoke(args=["permits", "verify", VECTOR_TOKEN, "--keys", str(bad)])
    assert result.exit_code != 0 and "published keys" in result.output


# --- size -------------------------------------------------------------------------------------------------------


def test_token_length_and_qr_version(ring):
    token = sign(ring, NUMBER, ISSUED)
    # 4 ("XJ1.") + 8 (kid) + 1 + 60 (45 payload bytes) + 1 + 86 (64 signature bytes): the format's floor is 100.
    assert len(token) <= 160
    qr = segno.make(f"https://xinju.example.gov.cn/verify/{token}", error="m")
    assert qr.version <= 10


def test_environment_umask_does_not_widen_the_private_key(tmp_path):
    previous = os.umask(0)
    try:
        generate_key(tmp_path / "keys")
    finally:
        os.umask(previous)
    (private,) = (tmp_path / "keys").glob("*.private.pem")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600

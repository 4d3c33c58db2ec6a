"""Signed permit tokens: what the QR code on a digital residence permit card holds.

Token format (version 1), also described in docs/permit-token.md::

    XJ1.<kid>.<payload>.<signature>

- ``XJ1`` is the literal format marker (version 1 of this envelope).
- ``<kid>`` is the key id: 8 lowercase hex characters, the first 4 bytes of SHA-256 over the raw 32-byte
  Ed25519 public key.
- ``<payload>`` is base64url without padding (RFC 4648 section 5, no ``=``) of compact canonical JSON: keys sorted,
  no whitespace (separators ``,`` and ``:``), UTF-8 (non-ASCII characters are not ``\\u`` escaped), exactly
  ``{"iat":<issued, unix seconds, integer>,"pid":"<permit number>","v":1}``.
- ``<signature>`` is base64url without padding of the 64-byte Ed25519 signature over the ASCII bytes of
  ``XJ1.<kid>.<payload>`` (everything before the last dot).

The token deliberately carries no personal data (no name, identity number, address or photo) and no status or
expiry: the public verification page looks the permit up by its number, and offline verification proves only that
the service issued a card for that permit number at that time.

Verification checks, in order, with the reason reported by :class:`InvalidToken`:

- ``format``: not four dot-separated parts, wrong marker, malformed kid, or a part that is not canonical unpadded
  base64url (or a signature that is not 64 bytes);
- ``unknown_key``: no public key with that kid in the ring;
- ``signature``: the Ed25519 signature does not verify (tampered payload or signature, or another key);
- ``payload``: signed by a known key, but the payload is not the canonical JSON object above.

Keys live in a directory as PEM files (see :meth:`KeyRing.from_directory` and :func:`generate_key`); the
published form of the public keys is a JWKS-like JSON document (:meth:`KeyRing.public_keys_json`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "XJ1"
PAYLOAD_VERSION = 1
#: Longest permit number :func:`sign` accepts (the QR code should stay small).
MAX_PERMIT_NUMBER_LENGTH = 64
#: Anything longer is rejected as "format" before any decoding.
MAX_TOKEN_LENGTH = 512

REASONS = ("format", "unknown_key", "signature", "payload")

_KID = re.compile(r"[0-9a-f]{8}")
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_KEY_FILE = re.compile(r"(?P<created>\d{8})-(?P<kid>[0-9a-f]{8})\.(?:private|public)\.pem")


class InvalidToken(Exception):
    """The token does not verify; ``reason`` is one of "format", "unknown_key", "signature", "payload"."""

    def __init__(self, reason: str):
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason


class KeyRingError(Exception):
    """The keys cannot be loaded or used (missing, unreadable, wrong type, or no signing key)."""


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token says: which key signed it, for which permit number, and when."""

    kid: str
    permit_number: str
    issued_at: int

    @property
    def issued_at_utc(self) -> datetime:
        return datetime.fromtimestamp(self.issued_at, UTC)


# --- encoding helpers -------------------------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict unpadded base64url: only the alphabet, and only the canonical encoding of the bytes it decodes to."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError("not unpadded base64url") from error
    if b64url_encode(data) != text:  # non-zero trailing bits: another spelling of the same bytes
        raise ValueError("not canonical base64url")
    return data


def canonical_json(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 4 bytes of SHA-256 over the raw 32-byte public key, as 8 lowercase hex characters."""
    return hashlib.sha256(raw_public_key(public_key)).digest()[:4].hex()


# --- the key ring -----------------------------------------------------------------------------------------------


class KeyRing:
    """Public keys by kid (current and retired: all verify) and private keys by kid (the current one signs).

    A ring without private keys is verify-only (:meth:`from_public_json`).
    """

    def __init__(
        self,
        public_keys: Iterable[Ed25519PublicKey] = (),
        private_keys: Iterable[Ed25519PrivateKey] = (),
        current_kid: str | None = None,
    ):
        private = {key_id(key.public_key()): key for key in private_keys}
        public = {key_id(key): key for key in public_keys}
        for kid, key in private.items():  # a private key always verifies what it signs
            public.setdefault(kid, key.public_key())
        if current_kid is None and private:
            current_kid = list(private)[-1]  # the last one given
        if current_kid is not None and current_kid not in private:
            raise KeyRingError(f"no private key with kid {current_kid}")
        self.private_keys: Mapping[str, Ed25519PrivateKey] = MappingProxyType(private)
        self.public_keys: Mapping[str, Ed25519PublicKey] = MappingProxyType(dict(sorted(public.items())))
        self.current_kid = current_kid

    def __repr__(self) -> str:
        return f"<KeyRing signer={self.current_kid} public={list(self.public_keys)}>"

    @property
    def can_sign(self) -> bool:
        return self.current_kid is not None

    @property
    def signer(self) -> Ed25519PrivateKey:
        if self.current_kid is None:
            raise KeyRingError("this key ring has no signing key (verify-only)")
        return self.private_keys[self.current_kid]

    @classmethod
    def from_directory(cls, path: str | os.PathLike) -> KeyRing:
        """Load ``*.private.pem`` (PKCS8) and ``*.public.pem`` (SubjectPublicKeyInfo) Ed25519 keys from a directory.

        The newest private key signs: files named ``YYYYMMDD-<kid>.private.pem`` are ordered by that date (then,
        for keys made the same day, by modification time), and come after files named otherwise (ordered by name).
        Every public key verifies, as does the public half of every private key. A named kid must match the key.
        """
        directory = Path(path)
        if not directory.is_dir():
            raise KeyRingError(f"permit key directory {directory} does not exist")
        private_files = sorted(directory.glob("*.private.pem"), key=_age_order)
        private = [_load_private(file) for file in private_files]
        public = [_load_public(file) for file in sorted(directory.glob("*.public.pem"))]
        return cls(public_keys=public, private_keys=private)

    def public_keys_json(self) -> dict:
        """The published form: ``{"keys": [{"kid", "kty": "OKP", "crv": "Ed25519", "x"}]}``, sorted by kid."""
        return {
            "keys": [
                {"kid": kid, "kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw_public_key(key))}
                for kid, key in self.public_keys.items()
            ]
        }

    @classmethod
    def from_public_json(cls, data: Mapping | str | bytes) -> KeyRing:
        """A verify-only ring from the published JSON (a parsed dict, or its text)."""
        if isinstance(data, str | bytes):
            try:
                data = json.loads(data)
            except ValueError as error:
                raise KeyRingError("published keys are not JSON") from error
        keys = data.get("keys") if isinstance(data, Mapping) else None
        if not isinstance(keys, list):
            raise KeyRingError('published keys: expected an object with a "keys" list')
        public = []
        for entry in keys:
            if not isinstance(entry, Mapping) or entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
                raise KeyRingError(f"published keys: not an Ed25519 key: {entry!r}")
            try:
                key = Ed25519PublicKey.from_public_bytes(b64url_decode(str(entry.get("x", ""))))
            except ValueError as error:
                raise KeyRingError(f"published keys: bad key material for kid {entry.get('kid')!r}") from error
            if entry.get("kid") != key_id(key):
                raise KeyRingError(f"published keys: kid {entry.get('kid')!r} does not match its key")
            public.append(key)
        return cls(public_keys=public)


def _age_order(file: Path) -> tuple:
    match = _KEY_FILE.fullmatch(file.name)
    if match is None:
        return (0, "", 0, file.name)
    return (1, match["created"], file.stat().st_mtime_ns, file.name)


def _check_named_kid(file: Path, key: Ed25519PublicKey) -> None:
    match = _KEY_FILE.fullmatch(file.name)
    if match is not None and match["kid"] != key_id(key):
        raise KeyRingError(f"{file}: the file name says kid {match['kid']}, the key's kid is {key_id(key)}")


def _load_private(file: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(file.read_bytes(), password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyRingError(f"{file}: cannot load the private key ({error})") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyRingError(f"{file}: not an Ed25519 private key")
    _check_named_kid(file, key.public_key())
    return key


def _load_public(file: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(file.read_bytes())
    except (OSError, ValueError, UnsupportedAlgorithm) as error:
        raise KeyRingError(f"{file}: cannot load the public key ({error})") from error
    if not isinstance(key, Ed25519PublicKey):
        raise KeyRingError(f"{file}: not an Ed25519 public key")
    _check_named_kid(file, key)
    return key


def _write_atomically(target: Path, data: bytes, mode: int) -> None:
    """Write under a temporary name (not ``*.pem``), then link it in place: a reader never sees half a key."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)  # whatever the umask
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.link(temporary, target)  # atomic, and never replaces an existing key
    except FileExistsError as error:
        raise KeyRingError(f"{target} already exists") from error
    finally:
        temporary.unlink(missing_ok=True)


def generate_key(directory: str | os.PathLike) -> str:
    """Make a new signing key: ``YYYYMMDD-<kid>.private.pem`` (mode 0600) and ``.public.pem``; return the kid.

    It becomes the current signer of :meth:`KeyRing.from_directory`; the older keys stay and keep verifying.
    """
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    kid = key_id(key.public_key())
    # The system clock, not the app's (webapp.clock): key files are ordered by this date and then by their
    # modification times, which the file system takes from the system clock; a pinned app clock must not make a
    # new key sort before an older one. (This module also stands alone, for offline verifiers.)
    created = datetime.now(UTC).strftime("%Y%m%d")
    same_day = [file.stat().st_mtime_ns for file in directory.glob(f"{created}-*.private.pem")]
    private_file = directory / f"{created}-{kid}.private.pem"
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    _write_atomically(directory / f"{created}-{kid}.public.pem", public_pem, 0o644)
    _write_atomically(private_file, private_pem, 0o600)
    # Same-day keys are told apart by modification time: make sure this one is the newest even on a coarse clock.
    if same_day and private_file.stat().st_mtime_ns <= max(same_day):
        later = max(same_day) + 1_000_000_000
        os.utime(private_file, ns=(later, later))
    return kid


# --- signing and verifying --------------------------------------------------------------------------------------


def sign(ring: KeyRing, permit_number: str, issued_at: int) -> str:
    """The token for a permit number, signed by the ring's current key."""
    if not isinstance(permit_number, str) or not permit_number or len(permit_number) > MAX_PERMIT_NUMBER_LENGTH:
        raise ValueError(f"permit number must be a non-empty string of at most {MAX_PERMIT_NUMBER_LENGTH} characters")
    if isinstance(issued_at, bool) or not isinstance(issued_at, int) or issued_at < 0:
        raise ValueError("issued_at must be a non-negative integer (unix seconds)")
    signer = ring.signer
    payload = b64url_encode(canonical_json({"v": PAYLOAD_VERSION, "pid": permit_number, "iat": issued_at}))
    signed_part = f"{PREFIX}.{ring.current_kid}.{payload}"
    signature = signer.sign(signed_part.encode("ascii"))
    return f"{signed_part}.{b64url_encode(signature)}"


def verify(ring: KeyRing, token: str) -> TokenClaims:
    """Check a token against the ring's public keys; raise :class:`InvalidToken` with the reason if it fails."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise InvalidToken("format")
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not _KID.fullmatch(parts[1]):
        raise InvalidToken("format")
    _prefix, kid, payload_text, signature_text = parts
    try:
        payload = b64url_decode(payload_text)
        signature = b64url_decode(signature_text)
    except ValueError:
        raise InvalidToken("format") from None
    if len(signature) != 64:
        raise InvalidToken("format")
    public_key = ring.public_keys.get(kid)
    if public_key is None:
        raise InvalidToken("unknown_key")
    try:
        public_key.verify(signature, f"{PREFIX}.{kid}.{payload_text}".encode("ascii"))
    except InvalidSignature:
        raise InvalidToken("signature") from None
    return TokenClaims(kid=kid, **_parse_payload(payload))


def _parse_payload(payload: bytes) -> dict:
    try:
        claims = json.loads(payload.decode("utf-8"))
        canonical = canonical_json(claims) == payload
    except ValueError:  # includes UnicodeDecodeError
        raise InvalidToken("payload") from None
    if not canonical or not isinstance(claims, dict) or set(claims) != {"v", "pid", "iat"}:
        raise InvalidToken("payload")
    version, permit_number, issued_at = claims["v"], claims["pid"], claims["iat"]
    if type(version) is not int or version != PAYLOAD_VERSION:
        raise InvalidToken("payload")
    if not isinstance(permit_number, str) or not permit_number:
        raise InvalidToken("payload")
    if type(issued_at) is not int or issued_at < 0:
        raise InvalidToken("payload")
    return {"permit_number": permit_number, "issued_at": issued_at}

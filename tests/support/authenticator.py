"""A software WebAuthn authenticator for tests.

``SoftAuthenticator`` plays the part of both the browser (it builds
``clientDataJSON`` and returns what ``PublicKeyCredential.toJSON()`` would) and
a platform authenticator holding discoverable ES256 credentials.  It consumes
the options exactly as the server sends them (the JSON-decoded output of
``webauthn.options_to_json(...)``) and produces dicts that can be posted back
to the server or passed straight to ``webauthn.verify_registration_response`` /
``webauthn.verify_authentication_response``.

It deliberately does *not* enforce the checks a real browser would (origin vs.
RP ID, ``userVerification: "required"`` vs. ``user_verified=False``) so that
tests can produce such malformed responses and check that the server rejects
them.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

__all__ = [
    "AuthenticatorError",
    "InvalidStateError",
    "NotAllowedError",
    "NotSupportedError",
    "SoftAuthenticator",
    "StoredCredential",
]

# Authenticator data flag bits (WebAuthn L3, section 6.1).
FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_BE = 0x08
FLAG_BS = 0x10
FLAG_AT = 0x40
FLAG_ED = 0x80

COSE_ALG_ES256 = -7
AAGUID_NONE = bytes(16)


class AuthenticatorError(Exception):
    """Base class for the DOMException-like errors raised by SoftAuthenticator."""


class InvalidStateError(AuthenticatorError):
    """create(): the authenticator already holds a credential listed in excludeCredentials."""


class NotAllowedError(AuthenticatorError):
    """get(): no credential held by the authenticator matches the request."""


class NotSupportedError(AuthenticatorError):
    """create(): the server does not accept ES256 (alg -7) in pubKeyCredParams."""


@dataclass
class StoredCredential:
    """One credential held by the authenticator."""

    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0
    user_name: str | None = None
    user_display_name: str | None = None
    public_key_cose: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.public_key_cose = cose_es256_public_key(self.private_key.public_key())


def cose_es256_public_key(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """COSE_Key encoding of a P-256 public key (kty EC2, alg ES256, crv P-256)."""
    numbers = public_key.public_numbers()
    return cbor2.dumps(
        {
            1: 2,  # kty: EC2
            3: COSE_ALG_ES256,  # alg: ES256
            -1: 1,  # crv: P-256
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        },
        canonical=True,
    )


def _load_options(options: Any) -> dict[str, Any]:
    """Accept the options as a dict or JSON string, optionally wrapped in {"publicKey": ...}."""
    if isinstance(options, (str, bytes)):
        options = json.loads(options)
    if not isinstance(options, dict):
        raise TypeError("options must be a dict (or a JSON string of one)")
    if "publicKey" in options and isinstance(options["publicKey"], dict):
        options = options["publicKey"]
    return options


def _b64(data: bytes) -> str:
    return bytes_to_base64url(data)


class SoftAuthenticator:
    """A platform authenticator + browser, in software.

    Attributes:
        origin: the origin written into clientDataJSON (e.g. "http://localhost:5000").
        user_verified: whether the UV flag is set in authenticator data.
        user_present: whether the UP flag is set (default True).
        counter_step: how much get() adds to a credential's sign count; 0 keeps
            it at 0, like synced passkeys do.
        credentials: dict mapping credential id (bytes) to StoredCredential.
    """

    def __init__(self, origin: str = "http://localhost", user_verified: bool = True) -> None:
        self.origin = origin
        self.user_verified = user_verified
        self.user_present = True
        self.counter_step = 1
        self.credentials: dict[bytes, StoredCredential] = {}

    # ------------------------------------------------------------------ helpers

    @property
    def default_rp_id(self) -> str:
        """The RP ID a browser would use when the options leave it out: the origin's host."""
        return urlsplit(self.origin).hostname or ""

    def _flags(self) -> int:
        flags = 0
        if self.user_present:
            flags |= FLAG_UP
        if self.user_verified:
            flags |= FLAG_UV
        return flags

    def _client_data(self, type_: str, challenge: str) -> bytes:
        return json.dumps(
            {
                "type": type_,
                "challenge": challenge.rstrip("="),
                "origin": self.origin,
                "crossOrigin": False,
            },
            separators=(",", ":"),
        ).encode("utf-8")

    def credential(self, credential_id: bytes) -> StoredCredential:
        """The stored credential with this id (KeyError if unknown)."""
        return self.credentials[credential_id]

    def credentials_for(self, rp_id: str) -> list[StoredCredential]:
        """Credentials scoped to rp_id, oldest first."""
        return [c for c in self.credentials.values() if c.rp_id == rp_id]

    @property
    def last_credential_id(self) -> bytes:
        """The id of the most recently created credential."""
        if not self.credentials:
            raise LookupError("no credentials")
        return next(reversed(self.credentials))

    def public_key(self, credential_id: bytes) -> bytes:
        """COSE-encoded public key, as the server stores it after registration."""
        return self.credentials[credential_id].public_key_cose

    def sign_count(self, credential_id: bytes) -> int:
        return self.credentials[credential_id].sign_count

    def set_sign_count(self, credential_id: bytes, n: int) -> None:
        """Force a credential's counter, e.g. back to an old value to simulate a clone."""
        if n < 0 or n > 0xFFFFFFFF:
            raise ValueError("sign count must fit in 32 bits")
        self.credentials[credential_id].sign_count = n

    def remove_credential(self, credential_id: bytes) -> None:
        """Forget a credential (like deleting a passkey on the device)."""
        del self.credentials[credential_id]

    # ------------------------------------------------------------- ceremonies

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.create() followed by PublicKeyCredential.toJSON().

        ``options`` is the JSON-decoded registration options from
        ``webauthn.options_to_json(generate_registration_options(...))``.
        """
        options = _load_options(options)
        rp_id = (options.get("rp") or {}).get("id") or self.default_rp_id
        user = options["user"]
        user_handle = base64url_to_bytes(user["id"])

        params = options.get("pubKeyCredParams") or []
        if params and not any(
            p.get("alg") == COSE_ALG_ES256 and p.get("type", "public-key") == "public-key" for p in params
        ):
            raise NotSupportedError("ES256 (alg -7) is not among pubKeyCredParams")

        for descriptor in options.get("excludeCredentials") or []:
            excluded = base64url_to_bytes(descriptor["id"])
            held = self.credentials.get(excluded)
            if held is not None and held.rp_id == rp_id:
                raise InvalidStateError("authenticator already holds an excluded credential")

        # A platform authenticator keeps one discoverable credential per (RP, user handle):
        # registering again for the same account replaces the old one.
        for old in self.credentials_for(rp_id):
            if old.user_handle == user_handle:
                del self.credentials[old.credential_id]

        credential_id = secrets.token_bytes(32)
        record = StoredCredential(
            credential_id=credential_id,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            rp_id=rp_id,
            user_handle=user_handle,
            user_name=user.get("name"),
            user_display_name=user.get("displayName"),
        )
        self.credentials[credential_id] = record

        attested_credential_data = (
            AAGUID_NONE + struct.pack(">H", len(credential_id)) + credential_id + record.public_key_cose
        )
        authenticator_data = (
            hashlib.sha256(rp_id.encode("utf-8")).digest()
            + bytes([self._flags() | FLAG_AT])
            + struct.pack(">I", record.sign_count)
            + attested_credential_data
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": authenticator_data}, canonical=True)
        client_data = self._client_data("webauthn.create", options["challenge"])

        return {
            "id": _b64(credential_id),
            "rawId": _b64(credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _b64(client_data),
                "attestationObject": _b64(attestation_object),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def _select(self, rp_id: str, allowed: list[bytes], credential_id: bytes | None) -> StoredCredential:
        if credential_id is not None:
            record = self.credentials.get(credential_id)
            if record is None or record.rp_id != rp_id or (allowed and credential_id not in allowed):
                raise NotAllowedError("the requested credential is not available for this request")
            return record
        if allowed:
            for cid in allowed:
                record = self.credentials.get(cid)
                if record is not None and record.rp_id == rp_id:
                    return record
            raise NotAllowedError("none of allowCredentials is held by this authenticator")
        resident = self.credentials_for(rp_id)
        if not resident:
            raise NotAllowedError(f"no discoverable credential for RP ID {rp_id!r}")
        return resident[0]

    def get(self, options: dict[str, Any], credential_id: bytes | None = None) -> dict[str, Any]:
        """navigator.credentials.get() followed by PublicKeyCredential.toJSON().

        ``options`` is the JSON-decoded authentication options from
        ``webauthn.options_to_json(generate_authentication_options(...))``.  With an
        empty ``allowCredentials`` (usernameless sign-in) the first discoverable
        credential for the RP is used unless ``credential_id`` picks one.
        """
        options = _load_options(options)
        rp_id = options.get("rpId") or self.default_rp_id
        allowed = [base64url_to_bytes(d["id"]) for d in options.get("allowCredentials") or []]
        record = self._select(rp_id, allowed, credential_id)

        if self.counter_step:
            record.sign_count = (record.sign_count + self.counter_step) & 0xFFFFFFFF

        authenticator_data = (
            hashlib.sha256(rp_id.encode("utf-8")).digest()
            + bytes([self._flags()])
            + struct.pack(">I", record.sign_count)
        )
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = record.private_key.sign(
            authenticator_data + hashlib.sha256(client_data).digest(),
            ec.ECDSA(hashes.SHA256()),
        )

        return {
            "id": _b64(record.credential_id),
            "rawId": _b64(record.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _b64(client_data),
                "authenticatorData": _b64(authenticator_data),
                "signature": _b64(signature),
                "userHandle": _b64(record.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

"""The JSON of the passkey ceremonies (static/js/passkeys.js), as JSON Schema: checked by passkeys._parse before
py_webauthn sees a credential, and published in the OpenAPI document (webapp/api/openapi.py).

A credential is what the browser's PublicKeyCredential.toJSON() gives (or passkeys.js builds by hand on older
browsers): binary values in base64url. Browsers add fields over time (e.g. `publicKey` in a registration's response),
so unknown fields are allowed; the body's size (CEREMONY_MAX_BYTES) and depth (webapp/jsonbody.py) bound them.
"""

#: A ceremony's body at most: an attestation with its certificate chain is a few kB.
CEREMONY_MAX_BYTES = 64 * 1024


def base64url(max_length: int) -> dict:
    return {"type": "string", "maxLength": max_length, "pattern": "^[A-Za-z0-9_-]*={0,2}$"}


_CREDENTIAL = {
    "id": base64url(1400),  # a credential id is at most 1023 bytes
    "rawId": base64url(1400),
    "type": {"const": "public-key"},
    "clientExtensionResults": {"type": "object"},
    "authenticatorAttachment": {"type": ["string", "null"], "maxLength": 40},
}


def _credential(response: dict) -> dict:
    return {
        "type": "object",
        "required": ["id", "rawId", "type", "response"],
        "properties": {**_CREDENTIAL, "response": response},
    }


REGISTRATION_CREDENTIAL = _credential(
    {
        "type": "object",
        "required": ["clientDataJSON", "attestationObject"],
        "properties": {
            "clientDataJSON": base64url(8192),
            "attestationObject": base64url(32768),
            "authenticatorData": base64url(16384),
            "publicKey": base64url(8192),
            "publicKeyAlgorithm": {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1},
            "transports": {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 40}},
        },
    }
)

AUTHENTICATION_CREDENTIAL = _credential(
    {
        "type": "object",
        "required": ["clientDataJSON", "authenticatorData", "signature"],
        "properties": {
            "clientDataJSON": base64url(8192),
            "authenticatorData": base64url(16384),
            "signature": base64url(8192),
            "userHandle": {**base64url(128), "type": ["string", "null"]},  # a user handle is at most 64 bytes
        },
    }
)

#: The options a ceremony starts with (py_webauthn's options_to_json), for navigator.credentials.create()/get().
CREATION_OPTIONS = {
    "type": "object",
    "required": ["challenge", "rp", "user", "pubKeyCredParams"],
    "properties": {
        "challenge": {"type": "string"},
        "rp": {"type": "object"},
        "user": {"type": "object"},
        "pubKeyCredParams": {"type": "array"},
        "timeout": {"type": "integer"},
        "excludeCredentials": {"type": "array"},
        "authenticatorSelection": {"type": "object"},
        "attestation": {"type": "string"},
    },
}
REQUEST_OPTIONS = {
    "type": "object",
    "required": ["challenge"],
    "properties": {
        "challenge": {"type": "string"},
        "timeout": {"type": "integer"},
        "rpId": {"type": "string"},
        "allowCredentials": {"type": "array"},
        "userVerification": {"type": "string"},
    },
}
#: A ceremony that succeeded: where the page goes next.
CEREMONY_DONE = {"type": "object", "required": ["redirect"], "properties": {"redirect": {"type": "string"}}}
#: A ceremony that failed: why, in the person's language.
CEREMONY_FAILED = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}

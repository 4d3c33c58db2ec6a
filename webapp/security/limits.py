"""What the rate limits count by, besides the client's address (Flask-Limiter's default key).

An address alone is a weak key: a mobile carrier puts many customers behind one, and an attacker can use many.
So the tries at one passkey credential (sign-in) and at one enrolment or recovery link are counted on their own
too, whatever the address; in production every count is kept in Redis, shared by the workers. Keys are hashed:
no credential id or link token is stored in the limits' storage."""

import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address

from webapp import jsonbody

#: The most of a body read for its credential id (a passkey credential is far smaller: accounts/schemas.py).
MAX_BODY = 64 * 1024


def _hashed(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def per_credential() -> str:
    """The passkey credential a sign-in presents (its id, from the JSON body); the address when there is none."""
    raw = request.get_data(cache=True)  # still there for the view, which checks it against its schema
    try:
        body = jsonbody.loads(raw) if len(raw) <= MAX_BODY else None
    except jsonbody.BodyError:  # not JSON, or nested too deep: the view refuses it; counted by address here
        body = None
    credential = body.get("id") if isinstance(body, dict) else None
    if not isinstance(credential, str) or not credential:
        return get_remote_address()
    return _hashed("credential", credential[:1024])


def per_link() -> str:
    """The enrolment or recovery link a request uses (its token, from the URL)."""
    token = (request.view_args or {}).get("token")
    return _hashed("link", str(token)[:1024]) if token else get_remote_address()


def signin_credential_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN_CREDENTIAL"]


def enrol_link_limit() -> str:
    return current_app.config["RATELIMIT_ENROL_LINK"]

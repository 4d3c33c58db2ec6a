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


def check_only_where_limited(app, limiter) -> None:
    """Flask-Limiter's before-request check, run only when it has something to count.

    Before the view, Flask-Limiter checks only the application-wide, default, blueprint and meta limits and the
    limits "hinted" for an endpoint (its decorated limits are checked by the decorator, around the view). Xinju
    declares none of the former (no default limit: a limit is on the routes that declare one), yet the check
    resolved them all on every request, a tenth of a signed-in page's time. So the hook runs as before whenever
    any such limit exists, for an endpoint with hints, and while the storage is marked unreachable (its recovery
    check); otherwise it would find no limit to count, and is skipped. The decorated limits (sign-in, sign-up,
    enrolment, hires, downloads…) and the headers they add are unchanged."""
    check = limiter._check_request_limit
    manager = limiter.limit_manager

    def check_request_limit():
        if (
            limiter._storage_dead
            or manager._application_limits
            or manager._default_limits
            or manager._blueprint_limits
            or limiter._meta_limits
            or manager.has_hints(request.endpoint or "")
        ):
            return check()
        return None

    hooks = app.before_request_funcs.get(None, [])
    if check in hooks:  # not there when rate limiting is off (RATELIMIT_ENABLED = False)
        hooks[hooks.index(check)] = check_request_limit

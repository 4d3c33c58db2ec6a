"""What the rate limits count by, besides the client's address (Flask-Limiter's default key).

An address alone is a weak key: a mobile carrier puts many customers behind one, and an attacker can use many.
So the tries at one passkey credential (sign-in) and at one enrolment or recovery link are counted on their own
too, whatever the address; in production every count is kept in Redis, shared by the workers. Keys are hashed:
no credential id or link token is stored in the limits' storage."""

import hashlib
from collections.abc import Callable

from flask import after_this_request, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

from webapp import jsonbody
from webapp.extensions import limiter

#: The most of a body read for its credential id (a passkey credential is far smaller: accounts/schemas.py).
MAX_BODY = 64 * 1024


def _hashed(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def per_credential() -> str:
    """The passkey credential a sign-in presents (its id, from the JSON body); the address when there is none."""
    if (request.content_length or 0) > MAX_BODY:  # not read at all: the view refuses a body of that size
        return get_remote_address()
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


# ID numbers -------------------------------------------------------------------------------------------------------

#: One count, shared by every form of a person's own that says whether an ID number is registered ("This ID number
#: is already registered…"): the profile, a household member, a correction of the ID number. The employer's hire
#: form has its own (RATELIMIT_HIRES).
ID_NUMBER_SCOPE = "id-numbers"


def id_number_limit() -> str:
    return current_app.config["RATELIMIT_ID_NUMBERS"]


def per_account_id_numbers() -> str:
    """Counted per account, wherever it signs in from (not per address)."""
    return f"id-numbers:{current_user.id}"


#: How long a number already counted for an account is not counted again (the limit's own window).
ID_NUMBER_SEEN_SECONDS = 3600


def _seen_key(number: str) -> str:
    """The limiter storage's key for `number` given by the signed-in account: a keyed digest (the blind index), never
    the number."""
    from webapp.people.reference import compact_id_number  # people's views import security
    from webapp.security.crypto import ID_NUMBER, blind_index

    return f"id-number-seen:{current_user.id}:{blind_index(ID_NUMBER, compact_id_number(number))[:24]}"


def _count_once(numbers: list[str]) -> bool:
    """Whether the POST's numbers count: not when each was counted for this account within the hour (a person who
    corrects another field of their form sends the same number again and again; a prober needs new ones). A number
    is remembered only once its POST was let through (a 429 remembers nothing, or the second try of a refused
    number would pass)."""
    storage = limiter.storage
    keys = [_seen_key(number) for number in numbers]
    try:
        if all(storage.get(key) for key in keys):
            return False
    except Exception:  # the storage unreachable: counted, as the limiter itself does then
        current_app.logger.warning("rate limit storage unreachable: ID numbers counted each time")
        return True

    @after_this_request
    def remember(response):
        if response.status_code != 429:
            try:
                for key in keys:
                    storage.incr(key, ID_NUMBER_SEEN_SECONDS)
            except Exception:
                current_app.logger.warning("rate limit storage unreachable: an ID number not remembered")
        return response

    return True


def gives_id_number(*fields: str, when: dict[str, str] | None = None) -> Callable[[], bool]:
    """Whether the POST gives an ID number in one of `fields` (and, for `when`, has those values: a correction
    counts only when the detail to correct is the ID number) that this account has not given within the hour. A
    "Show the next list" post of the place chooser does not count: it checks nothing."""
    from webapp.places.chooser import wants_next_list  # places' views import security

    def gives() -> bool:
        form = request.form
        if wants_next_list(form) or any(form.get(name) != value for name, value in (when or {}).items()):
            return False
        numbers = [number for name in fields if (number := (form.get(name) or "").strip())]
        return bool(numbers) and _count_once(numbers)

    return gives


def limit_id_numbers(*fields: str, when: dict[str, str] | None = None):
    """The route's POSTs that give an ID number count towards the account's RATELIMIT_ID_NUMBERS, shared with the
    other such forms; past it, a 429 that says why (too_many_id_numbers, registered on the blueprint)."""
    gives = gives_id_number(*fields, when=when)
    return limiter.shared_limit(
        id_number_limit,
        scope=ID_NUMBER_SCOPE,
        key_func=per_account_id_numbers,
        methods=["POST"],
        exempt_when=lambda: not gives(),
    )


TOO_MANY_ID_NUMBERS = (
    _l("Too many ID numbers"),
    _l(
        "You have entered many ID numbers in a short time. To protect everyone's ID number, this form stops for a "
        "while: try again in an hour. If you need help now, ask your coordinator or community service station."
    ),
)


def too_many_id_numbers(error):
    """A blueprint's handler of 429: the ID numbers' limit says why in the person's language; any other limit is
    answered as everywhere (webapp/errors.py)."""
    from webapp.errors import handle_http  # the error pages import security

    if getattr(getattr(error, "limit", None), "scope", None) != ID_NUMBER_SCOPE:
        return handle_http(error)
    title, body = TOO_MANY_ID_NUMBERS
    return render_template("errors/error.html", title=title, body=body, code=429), 429


def init_id_number_limit(blueprint) -> None:
    blueprint.register_error_handler(429, too_many_id_numbers)

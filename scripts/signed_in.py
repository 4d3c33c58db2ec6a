"""Signed-in sessions for the benchmarks and the load test: the one place scripts make them.

Sessions are kept on the server (webapp/accounts/sessions.py): the cookie holds a token whose row must exist and be
within its limits. `sign_in` signs a test client in (the app runs in this process, on this process's clock);
`session_cookie` makes the Cookie header for a server in another process (gunicorn), which runs on the real clock,
so its row is dated by the real clock even where this process pinned its own (tests).

Run as `python scripts/x.py`, a script puts the project root on sys.path and imports `scripts.signed_in`.
"""

from webapp import clock
from webapp.extensions import db


def start_session(app, account_id: int, *, real_clock: bool = False) -> str:
    """A session row for that account, as after a passkey sign-in (verified just now); returns its token."""
    from contextlib import nullcontext

    from webapp.accounts import sessions
    from webapp.accounts.models import Account

    with app.app_context(), clock.unpinned() if real_clock else nullcontext():
        return sessions.start(db.session.get(Account, account_id), verified=True)


def _fill(client, account_id: int, token: str, user_agent: str | None = None) -> None:
    """What sessions.sign_in leaves in the cookie: Flask-Login's keys (its `_id` for this address and browser, as
    login_user writes it), the token, and a permanent session."""
    from webapp.accounts import sessions

    app = client.application
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    headers = {"User-Agent": user_agent} if user_agent else {}
    with app.test_request_context(environ_base=environ, headers=headers):
        identifier = app.login_manager._session_identifier_generator()
    with client.session_transaction(environ_base=environ, headers=headers) as session:
        session["_user_id"], session[sessions.TOKEN], session["_fresh"] = str(account_id), token, True
        session["_id"] = identifier
        session.permanent = True


def sign_in(app, client, account_id: int) -> None:
    """The test client signed in as that account (a session row on the app's own clock)."""
    _fill(client, account_id, start_session(app, account_id))


def session_cookie(app, account_id: int, user_agent: str | None = None) -> str:
    """`name=value` of a session cookie for that account, for a server running in another process, requested from
    127.0.0.1 by a client sending `user_agent` (None: no User-Agent header, as http.client)."""
    client = app.test_client()
    _fill(client, account_id, start_session(app, account_id, real_clock=True), user_agent)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return f"{cookie.key}={cookie.value}"

"""Signing a person in and out, with sessions kept on the server.

The cookie holds a random token; the account_session row with its hash is the session. Every request checks the
row (Flask-Login's user loader, run first thing by `load_early`): a copied cookie stops working when its row is gone
(signed out, signed out everywhere, the passkey it came from removed, the account recovered) or too old (idle and
absolute limits, shorter for staff).
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache, wraps

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from webapp.accounts import kept_forms
from webapp.accounts.models import Account, AccountSession, Passkey
from webapp.clock import utcnow
from webapp.extensions import db, login_manager

TOKEN = "_session"
#: How often seen_at is written (idle time is counted to within this).
SEEN_EVERY = timedelta(minutes=1)
REVERIFY_NEEDED = _l("For your safety, confirm it is you with your passkey first.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def limits(account: Account) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for this account: staff limits when it holds any staff role."""
    config = current_app.config
    if account.is_staff():
        return timedelta(minutes=config["SESSION_IDLE_MINUTES_STAFF"]), timedelta(
            hours=config["SESSION_MAX_HOURS_STAFF"]
        )
    return (
        timedelta(minutes=config["SESSION_IDLE_MINUTES_RESIDENT"]),
        timedelta(hours=config["SESSION_MAX_HOURS_RESIDENT"]),
    )


def expired(record: AccountSession, now: datetime) -> bool:
    idle, absolute = limits(record.account)
    return now - record.seen_at > idle or now - record.created_at > absolute


def start(account: Account, *, passkey: Passkey | None = None, verified: bool = False) -> str:
    """A new session row (committed); returns the token for the cookie. `verified`: signed in with a passkey
    ceremony that verified the user just now."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    # Housekeeping: this account's sessions past every limit are gone for good (the cookie may never come back).
    longest = timedelta(
        hours=max(current_app.config["SESSION_MAX_HOURS_STAFF"], current_app.config["SESSION_MAX_HOURS_RESIDENT"])
    )
    db.session.execute(
        delete(AccountSession).where(AccountSession.account_id == account.id, AccountSession.created_at < now - longest)
    )
    db.session.add(
        AccountSession(
            account=account,
            token_hash=_hash(token),
            passkey_id=passkey.id if passkey else None,
            created_at=now,
            seen_at=now,
            verified_at=now if verified else None,
        )
    )
    db.session.commit()
    return token


def sign_in(account: Account, *, passkey: Passkey | None = None, verified: bool = False) -> None:
    # A fresh session: nothing from before sign-in (or an attacker's fixed cookie) carries over. A session this
    # browser still held (signed in as someone else in another tab, or before using a link) ends on the server too:
    # its cookie is gone from here, but a copy of it would have gone on working.
    previous = g.pop("account_session_id", None)
    g.pop("account_session", None)
    if previous is not None:
        db.session.execute(delete(AccountSession).where(AccountSession.id == previous))
    kept = session.get(kept_forms.FLAG)
    session.clear()
    token = start(account, passkey=passkey, verified=verified)
    login_user(account)
    session[TOKEN] = token
    session.permanent = True
    if kept:  # a form sent after this browser's session ended: put back when its page opens, for its account only
        session[kept_forms.FLAG] = kept


def current_record() -> AccountSession | None:
    return g.get("account_session")


def sign_out() -> None:
    record_id = g.get("account_session_id")
    if record_id is not None:
        db.session.execute(delete(AccountSession).where(AccountSession.id == record_id))
        db.session.commit()
    logout_user()
    session.clear()


def end_sessions(account: Account, *, keep: AccountSession | None = None, passkey: Passkey | None = None) -> int:
    """End the account's sessions (all, all but `keep`, or those signed in with `passkey`), in the caller's
    transaction. Returns how many ended."""
    query = delete(AccountSession).where(AccountSession.account_id == account.id)
    if keep is not None:
        query = query.where(AccountSession.id != keep.id)
    if passkey is not None:
        query = query.where(AccountSession.passkey_id == passkey.id)
    return db.session.execute(query.execution_options(synchronize_session=False)).rowcount


#: The account and its roles with the row, in one query: every page asks about them (the header's links, the
#: route's role, the session's limits), and three round trips cost more than the page's own query. Built once: on
#: every signed-in request, building it (coercing the clauses, the loader options) cost more than running it. Built
#: on first use, not at import: its loader options would configure the mappers before every model is imported.
@cache
def _session_by_hash():
    return (
        select(AccountSession)
        .where(AccountSession.token_hash == bindparam("token_hash"))
        .options(joinedload(AccountSession.account).joinedload(Account.grants))
    )


def _account_id(value: str) -> int | None:
    """The account id of a session cookie this site signed (Flask-Login's _user_id)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def load_account(account_id: str) -> Account | None:
    """Flask-Login's user loader: the account only while its session row is there and within its limits."""
    token = session.get(TOKEN)
    record = None
    if token:
        record = db.session.scalars(_session_by_hash(), {"token_hash": _hash(token)}).unique().first()
    if record is None or str(record.account_id) != str(account_id) or not record.account.is_active:
        if token and (record is None or record.account.is_active):
            g.ended_account_id = _account_id(account_id)  # whose form to keep (accounts/kept_forms.py)
        session.clear()
        return None
    now = utcnow()
    if expired(record, now):
        db.session.delete(record)
        db.session.commit()
        g.ended_account_id = record.account_id
        session.clear()
        return None
    if now - record.seen_at >= SEEN_EVERY:
        db.session.execute(update(AccountSession).where(AccountSession.id == record.id).values(seen_at=now))
        db.session.commit()
    g.account_session, g.account_session_id = record, record.id
    return record.account


def load_early() -> None:
    """Check the session before anything else runs, so that the loader's own writes never land in a view's
    transaction."""
    if request.endpoint != "static":
        current_user._get_current_object()


def recently_verified() -> bool:
    record = current_record()
    if record is not None and record.passkey_id is None and current_app.config["DEMO"]:
        return True  # the demo's accounts sign in from a button and have no passkey (never in production)
    if record is None or record.verified_at is None:
        return False
    return utcnow() - record.verified_at <= timedelta(minutes=current_app.config["REVERIFY_MINUTES"])


def mark_verified() -> None:
    """A fresh passkey check with user verification just succeeded in this session (the caller commits)."""
    record_id = g.get("account_session_id")
    if record_id is not None:
        db.session.execute(update(AccountSession).where(AccountSession.id == record_id).values(verified_at=utcnow()))


def fresh_passkey(view):
    """A sensitive action: only with a passkey check (user verification) in the last REVERIFY_MINUTES. Otherwise a
    page asks for it, then comes back here (a GET comes back to the same address; a form starts again)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if recently_verified():
            return view(*args, **kwargs)
        back = request.full_path.rstrip("?") if request.method == "GET" else request.path
        target = url_for("accounts.reverify", next=back)
        if request.is_json or request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(REVERIFY_NEEDED), reverify=target), 403
        return redirect(target)

    return wrapped


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, with its serializer made once per key rather than twice a request (opening and
    saving): making one signs a test value to learn whether the payload is text. Same keys, salt, signer and
    format; a changed SECRET_KEY or SECRET_KEY_FALLBACKS makes a new one."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            if len(self._serializers) > 8:
                self._serializers.clear()
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    login_manager.user_loader(load_account)
    app.before_request(load_early)

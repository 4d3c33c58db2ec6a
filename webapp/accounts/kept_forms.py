"""Nothing typed is lost when a form cannot be taken: the session ended while the page was open (staff after 30
minutes idle, residents after 12 hours) or the page was open longer than a form lasts (its CSRF token expired).

Such a form, sent from a page of this site (its Origin, or else its Referer, says so: a form another site makes a
browser send is never kept, so nobody can fill someone's form for them), is kept encrypted for the account that
sent it, for an hour (KEEP_FOR). The person is sent back to the page the form was on (through sign-in when the
session had ended) and the page's form shows what they typed, with a notice to check it and send it again: nothing
is taken without them pressing the button once more. Files are not kept (the notice says to choose them again).

The error handling calls `rescue()` through the app's extensions (security and errors import no feature); every
form (webapp.forms.Form) asks `formdata_for()` when it is built for a page, which reads the database only while
this browser's session says something is kept (a flag that survives signing in again: what it finds is the signed-in
account's own, never another's who signs in on the same browser).
"""

import json
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, select
from werkzeug.datastructures import ImmutableMultiDict

from webapp.accounts.models import KeptForm
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.security.access import PUBLIC, rules_for
from webapp.security.crypto import DataKeysError, data_keys
from webapp.security.urls import endpoint_at, referring_page, safe_next

KEEP_FOR = timedelta(hours=1)
#: The session's flag: something may be kept for this browser's account (no personal data), and why.
FLAG = "_kept_form"
EXPIRED, SIGNED_OUT = "expired", "signed_out"
KIND = "kept_form"  # the associated data of its encryption: a kept form cannot be read as an ID number
#: Never kept: the expired token itself.
NOT_KEPT = frozenset({"csrf_token"})
#: A form's fields together, as JSON: more is not a form a person typed.
MAX_CHARACTERS = 60_000


def same_site() -> bool:
    """The request was sent by a page of this site: its Origin names this host, or (no Origin) its Referer does."""
    here = request.host_url.rstrip("/")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == here
    referrer = request.referrer or ""
    return referrer.startswith(here + "/")


def page_of_form() -> str | None:
    """The page the form was on: the Referer's (a page of this site), or the path it was sent to when that is a page."""
    came = referring_page()
    path = came[0] if came is not None else request.path if endpoint_at(request.path) else None
    return path if path is not None and safe_next(path, "home.index") == path else None


def keep(account_id: int, path: str) -> bool:
    """Keep this request's form for the account (replacing what was kept). False when there is nothing to keep."""
    fields = {name: request.form.getlist(name) for name in request.form if name not in NOT_KEPT}
    if not any(value.strip() for values in fields.values() for value in values):
        return False
    text = json.dumps(fields, ensure_ascii=False)
    if len(text) > MAX_CHARACTERS:
        return False
    had_files = any(upload.filename for upload in request.files.values())
    now = utcnow()
    stale = (KeptForm.account_id == account_id) | (KeptForm.created_at < now - KEEP_FOR)
    db.session.execute(delete(KeptForm).where(stale))
    db.session.add(
        KeptForm(
            account_id=account_id,
            path=path,
            sealed=data_keys().encrypt(KIND, text),
            had_files=had_files,
            created_at=now,
        )
    )
    db.session.commit()
    return True


def rescue():
    """A form that could not be taken (session ended, or the form expired): kept, and the person sent back to it.
    None (the caller answers as before) when it is not a form of this site's pages, or there is nobody to keep it
    for."""
    if request.method != "POST" or request.is_json or not request.form or not same_site():
        return None
    if PUBLIC in (rules_for(current_app, request.endpoint) or {PUBLIC}):
        return None  # signing in, the language, a search: nothing of a person's to keep
    signed_in = current_user.is_authenticated
    account_id = current_user.id if signed_in else g.get("ended_account_id")
    path = page_of_form() if account_id else None
    if path is None:
        return None
    try:
        if not keep(account_id, path):
            return None
    except Exception:  # noqa: BLE001 - keeping it is a kindness: when it fails, the error page says what happened
        db.session.rollback()
        current_app.logger.exception("a form could not be kept")
        return None
    session[FLAG] = EXPIRED if signed_in else SIGNED_OUT  # said when the form is put back
    if signed_in:
        return redirect(path, 303)
    flash(
        _(
            "You were signed out because Xinju had not been used for a while, so what you sent was not taken. Sign "
            "in again: what you typed is kept for an hour and will be back in the form."
        ),
        "warning",
    )
    return redirect(url_for("accounts.signin", next=path), 303)


def _kept_here() -> KeptForm | None:
    """What is kept for the signed-in account on this page, loaded once per request (None when nothing is)."""
    if "kept_form" not in g:
        found = db.session.scalar(select(KeptForm).where(KeptForm.account_id == current_user.id))
        if found is None or found.created_at < utcnow() - KEEP_FOR:
            if found is not None:
                db.session.delete(found)
                db.session.commit()
            session.pop(FLAG, None)
            found = None
        g.kept_form = found if found is not None and found.path == request.path else None
    return g.kept_form


def formdata_for(form) -> ImmutableMultiDict | None:
    """The kept fields for this form, when this page's form is the one they were sent from (every kept name is one
    of its fields); taken once: the row goes, and the person is told."""
    if request.method != "GET" or not session.get(FLAG) or not current_user.is_authenticated:
        return None
    kept = _kept_here()
    if kept is None:
        return None
    try:
        fields = json.loads(data_keys().decrypt(KIND, kept.sealed))
    except (DataKeysError, ValueError):
        fields = None
    names = {field.name for field in form}
    if fields is not None and not all(belongs(name, names) for name in fields):
        return None  # another form of the page (or the page changed): left for the form it came from
    why, had_files = session.pop(FLAG, None), kept.had_files
    db.session.delete(kept)
    db.session.commit()
    g.kept_form = None
    if fields is None:
        return None
    if why == EXPIRED:
        said = _(
            "This page had been open for a long time, so what you sent was not taken. It is below as you typed it: "
            "check it, then send it again."
        )
    else:
        said = _("What you typed before you were signed out is back in the form: check it, then send it.")
    if had_files:
        said += " " + _("Files are not kept: choose them again.")
    flash(said, "warning")
    return ImmutableMultiDict([(name, value) for name, values in fields.items() for value in values])


def belongs(name: str, names: set[str]) -> bool:
    """A sent name is one of the form's fields, or an entry of one (a list of members: "members-0-name")."""
    return name in names or any(name.startswith(f"{field}-") for field in names)


def init_app(app: Flask) -> None:
    app.extensions["xinju.rescue_form"] = rescue
    app.extensions["xinju.kept_formdata"] = formdata_for

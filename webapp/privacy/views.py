"""The privacy notice, the account page's consents, and the download of a person's data."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp import clock
from webapp.accounts.sessions import fresh_passkey
from webapp.audit import log as audit
from webapp.extensions import db, limiter
from webapp.privacy import consent, export
from webapp.privacy.notice import BASIS_TEXT, CONSENTS, ITEMS, NOTICE_VERSION, notice_time
from webapp.security.access import PUBLIC, SIGNED_IN, allow

bp = Blueprint("privacy", __name__)


def my_data_limit():
    return current_app.config["RATELIMIT_MY_DATA"]


def per_account() -> str:
    return f"my-data:{current_user.id}"


@bp.get("/privacy")
@allow(PUBLIC)
def notice():
    return render_template(
        "privacy/notice.html", items=ITEMS, consents=CONSENTS, bases=BASIS_TEXT, version=notice_time(NOTICE_VERSION)
    )


def offered(account) -> list[str]:
    """The consents this account may give for itself: by the roles it holds."""
    roles = {grant.role for grant in account.grants}
    return [key for key, item in CONSENTS.items() if item.asked_of in roles]


def privacy_consents(account):
    """For the account page (a template global): (consents offered with the current one if any, consents given for
    children, notice_time: the version of the notice each was given under, as its month in words)."""
    given = consent.own(account)
    return (
        [(CONSENTS[key], given.get(key)) for key in offered(account)],
        consent.for_children(account),
        notice_time,
    )


@bp.post("/account/consents/<item>")
@allow(SIGNED_IN)
def give(item: str):
    if item not in offered(current_user):
        abort(404)
    consent.give(current_user, item)
    flash(_("Thank you: your consent is recorded. You can withdraw it here at any time."), "success")
    return redirect(url_for("accounts.account", _anchor="consents"))


@bp.post("/account/consents/<int:consent_id>/withdraw")
@allow(SIGNED_IN)
def withdraw(consent_id: int):
    try:
        withdrawn = consent.withdraw(current_user, consent_id)
    except consent.NotWithdrawable:
        flash(
            _("This cannot be withdrawn: the law keeps this child's reports, requests or documents for their period."),
            "error",
        )
        return redirect(url_for("accounts.account", _anchor="consents"))
    if withdrawn is None:
        if not consent.withdrawn_already(current_user, consent_id):
            abort(404)  # not theirs, or no such consent: the same answer
        # Sent twice (a double tap, a page left open): it is withdrawn, as they asked.
    flash(_("Your consent is withdrawn."), "success")
    return redirect(url_for("accounts.account", _anchor="consents"))


@bp.get("/account/my-data")
@allow(SIGNED_IN)
def my_data():
    return render_template("privacy/download.html")


@bp.post("/account/my-data")
@allow(SIGNED_IN)
@limiter.limit(my_data_limit, key_func=per_account)
@fresh_passkey
def download():
    body = export.build(current_user)
    audit.record("privacy.exported", actor=current_user, subject=current_user, size=len(body))
    db.session.commit()
    name = f"xinju-my-data-{clock.today().isoformat()}.zip"  # no name or number in it
    response = current_app.response_class(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response

"""Using enrolment and recovery links; staff making them."""

import secrets

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.accounts import passkeys
from webapp.accounts.messages import ceremony_error, json_options
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import STAFF_ROLES, Role
from webapp.accounts.sessions import sign_in
from webapp.audit import log as audit
from webapp.enrolment import links
from webapp.enrolment.forms import ID_DOCUMENTS, InviteForm, RecoveryFindForm, RecoveryIssueForm
from webapp.enrolment.models import LinkPurpose
from webapp.extensions import db, limiter
from webapp.places.chooser import chain_of, fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS
from webapp.places.models import Place
from webapp.qr import qr_svg
from webapp.security import limits
from webapp.security.access import PUBLIC, SIGNED_IN, allow

bp = Blueprint("enrolment", __name__)

SCOPE_ERRORS = {
    "place_unknown": _l("Choose the place where they will work"),
    "place_level_community": _l("A coordinator works in a village or community: choose one"),
    "place_level_county": _l("A service officer works in a county or district: choose it, and no township"),
    "department_required": _l("Select the service officer's department"),
    "outside_scope": _l("This is outside your area"),
}


def enrol_limit():
    return current_app.config["RATELIMIT_ENROL"]


def link_or_gone(token: str, purpose: str):
    state, link = links.find(token, purpose)
    if state is not links.LinkState.VALID:
        status = 404 if state is links.LinkState.UNKNOWN else 410
        return None, (render_template("enrolment/link_gone.html", state=state), status)
    return link, None


def register_with_link(token: str, purpose: str):
    """What enrolment and recovery share: a valid link, a verified new passkey, then the link used up."""
    link, gone = link_or_gone(token, purpose)
    if gone:
        raise passkeys.CeremonyError("link_used")
    new = passkeys.verify_registration(purpose, request.get_data())
    if not links.claim(link):
        db.session.rollback()
        raise passkeys.CeremonyError("link_used")
    return link, new


# --- Enrolment (staff invited by a one-time link) -------------------------------------------------------------


@bp.get("/enrol/<token>")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def enrol(token: str):
    link, gone = link_or_gone(token, LinkPurpose.ENROL)
    return gone or render_template("enrolment/enrol.html", link=link, token=token)


@bp.post("/enrol/<token>/options")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def enrol_options(token: str):
    link, gone = link_or_gone(token, LinkPurpose.ENROL)
    if gone:
        return ceremony_error(passkeys.CeremonyError("link_used"))
    session["enrol_handle"] = secrets.token_bytes(32).hex()
    return json_options(
        passkeys.registration_options(
            "enrol",
            user_handle=bytes.fromhex(session["enrol_handle"]),
            user_name=link.display_name,
            display_name=link.display_name,
        )
    )


@bp.post("/enrol/<token>/verify")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def enrol_verify(token: str):
    handle = session.pop("enrol_handle", None)
    try:
        if not handle:
            raise passkeys.CeremonyError("link_used")
        link, new = register_with_link(token, LinkPurpose.ENROL)
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    account = Account(display_name=link.display_name, user_handle=bytes.fromhex(handle))
    db.session.add(account)
    links.grant_from(link, account)
    passkeys.add_passkey(account, new, passkeys.passkey_name_from(request.user_agent.string))
    link.account = account
    db.session.flush()
    audit.record("enrolment.used", actor=account, subject=account, role=link.role)
    db.session.commit()
    sign_in(account)
    flash(_("Welcome. Your staff account is ready."), "success")
    return jsonify(redirect=url_for("home.index"))


@bp.post("/enrol/<token>/accept")
@allow(SIGNED_IN)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def enrol_accept(token: str):
    link, gone = link_or_gone(token, LinkPurpose.ENROL)
    if gone:
        return gone
    if not links.claim(link):
        db.session.rollback()
        return render_template("enrolment/link_gone.html", state=links.LinkState.USED), 410
    links.grant_from(link, current_user)
    link.account = current_user
    audit.record("enrolment.used", actor=current_user, subject=current_user, role=link.role)
    db.session.commit()
    flash(_("The role has been added to your account."), "success")
    return redirect(url_for("home.index"))


# --- Recovery (after an in-person identity check) ---------------------------------------------------------------


@bp.get("/recover/<token>")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def recover(token: str):
    link, gone = link_or_gone(token, LinkPurpose.RECOVER)
    return gone or render_template("enrolment/recover.html", link=link, token=token)


@bp.post("/recover/<token>/options")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def recover_options(token: str):
    link, gone = link_or_gone(token, LinkPurpose.RECOVER)
    if gone:
        return ceremony_error(passkeys.CeremonyError("link_used"))
    account = link.account
    return json_options(
        passkeys.registration_options(
            "recover",
            user_handle=account.user_handle,
            user_name=account.display_name,
            display_name=account.display_name,
        )
    )


@bp.post("/recover/<token>/verify")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def recover_verify(token: str):
    try:
        link, new = register_with_link(token, LinkPurpose.RECOVER)
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    account = link.account
    passkeys.add_passkey(account, new, passkeys.passkey_name_from(request.user_agent.string))
    audit.record("recovery.used", actor=account, subject=account)
    db.session.commit()
    sign_in(account)
    flash(_("You have a new passkey and are signed in. Remove passkeys you no longer have."), "success")
    return jsonify(redirect=url_for("accounts.account"))


# --- Claim (a person registered with help takes over their record) -------------------------------------------


@bp.get("/claim/<token>")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def claim(token: str):
    link, gone = link_or_gone(token, LinkPurpose.CLAIM)
    return gone or render_template("enrolment/claim.html", link=link, token=token)


@bp.post("/claim/<token>/options")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def claim_options(token: str):
    link, gone = link_or_gone(token, LinkPurpose.CLAIM)
    if gone:
        return ceremony_error(passkeys.CeremonyError("link_used"))
    session["claim_handle"] = secrets.token_bytes(32).hex()
    return json_options(
        passkeys.registration_options(
            "claim",
            user_handle=bytes.fromhex(session["claim_handle"]),
            user_name=link.display_name,
            display_name=link.display_name,
        )
    )


@bp.post("/claim/<token>/verify")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def claim_verify(token: str):
    handle = session.pop("claim_handle", None)
    try:
        if not handle:
            raise passkeys.CeremonyError("link_used")
        link, new = register_with_link(token, LinkPurpose.CLAIM)
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    person = link.person
    if person.account_id is not None:
        db.session.rollback()
        return ceremony_error(passkeys.CeremonyError("link_used"))
    account = Account(display_name=person.name, user_handle=bytes.fromhex(handle))
    account.grants = [RoleGrant(role=Role.MIGRANT.value)]
    passkeys.add_passkey(account, new, passkeys.passkey_name_from(request.user_agent.string))
    person.account = account
    link.account = account
    db.session.add(account)
    db.session.flush()
    audit.record("claim.used", actor=account, subject=account, person=person)
    db.session.commit()
    sign_in(account)
    flash(_("Your account is ready. You can now see and update your own residence record."), "success")
    return jsonify(redirect=url_for("registrations.home"))


# --- Staff make links --------------------------------------------------------------------------------------------


def area_children(scopes: list[Place]):
    """The place chooser's lists, kept to the administrator's area: the places above it (to reach it) and in it."""

    def children(parent_code: str | None) -> list[tuple[str, str]]:
        return [
            (code, name)
            for code, name in jurisdiction_children(parent_code)
            if any(code.startswith(scope.code) or scope.code.startswith(code) for scope in scopes)
        ]

    return children


@bp.route("/staff/invite", methods=["GET", "POST"])
@allow(Role.ADMIN)
def invite():
    scopes = current_user.scopes(Role.ADMIN)
    start = chain_of(scopes[0]) if request.method == "GET" and len(scopes) == 1 else None
    form = InviteForm(data=start)
    chosen = fill_chain(form, PLACE_FIELDS, area_children(scopes))
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()  # and the place's checks, in the same round
        place = db.session.scalar(db.select(Place).where(Place.code == chosen)) if chosen else None
        role = next((r for r in STAFF_ROLES if r.value == form.role.data), None)
        problems = links.enrolment_problems(current_user, role, place, form.department.data or None) if role else []
        for problem in problems:
            form[problem.field].errors = [*form[problem.field].errors, SCOPE_ERRORS[problem.code]]
        if valid and role and not problems:
            _link, token = links.create_enrolment(
                issuer=current_user,
                role=role,
                place=place,
                department=form.department.data or None,
                display_name=form.display_name.data,
                hours=current_app.config["ENROLMENT_LINK_HOURS"],
            )
            url = url_for("enrolment.enrol", token=token, _external=True)
            return render_template(
                "enrolment/link_made.html",
                url=url,
                qr=qr_svg(url),
                purpose="enrol",
                hours=current_app.config["ENROLMENT_LINK_HOURS"],
            )
    return render_template("enrolment/invite.html", form=form, scopes=scopes)


@bp.route("/staff/recovery", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
def recovery():
    find = RecoveryFindForm()
    if not find.validate_on_submit():
        return render_template("enrolment/recovery_find.html", form=find)
    account = db.session.scalar(db.select(Account).where(Account.reference == find.reference.data))
    if account is None:
        find.reference.errors.append(_("There is no account with this reference"))
        return render_template("enrolment/recovery_find.html", form=find)
    if not links.staff_can_recover(current_user, account):
        find.reference.errors.append(SCOPE_ERRORS["outside_scope"])
        return render_template("enrolment/recovery_find.html", form=find)
    issue = RecoveryIssueForm()
    if "document" not in request.form:
        audit.viewed(
            account,
            actor=current_user,
            what="account",
            why="recovery: identity check",
            as_role="coordinator" if current_user.scopes(Role.COORDINATOR) else "admin",
        )
        issue = RecoveryIssueForm(formdata=None, reference=account.reference)
        return render_template("enrolment/recovery_issue.html", form=issue, account=account)
    if not issue.validate():
        return render_template("enrolment/recovery_issue.html", form=issue, account=account)
    document = dict(ID_DOCUMENTS)[issue.document.data]
    _link, token = links.create_recovery(
        issuer=current_user,
        account=account,
        hours=current_app.config["RECOVERY_LINK_HOURS"],
        reason=f"identity checked in person: {issue.document.data}",
    )
    url = url_for("enrolment.recover", token=token, _external=True)
    return render_template(
        "enrolment/link_made.html",
        url=url,
        qr=qr_svg(url),
        purpose="recover",
        hours=current_app.config["RECOVERY_LINK_HOURS"],
        account=account,
        document=document,
    )

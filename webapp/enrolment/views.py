"""Using enrolment, recovery and claim links; staff making them; what a person sees of a recovery."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from webapp import labels
from webapp.accounts import passkeys
from webapp.accounts.messages import ceremony_error, json_options
from webapp.accounts.models import Account, Passkey
from webapp.accounts.roles import STAFF_ROLES, Role
from webapp.accounts.sessions import fresh_passkey, sign_in, sign_out
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.employers.forms import ColleagueForm
from webapp.employers.models import Employer
from webapp.employers.rules import employer_of, employments_query
from webapp.employers.service import remove_member
from webapp.enrolment import links
from webapp.enrolment.forms import (
    HandoverForm,
    InviteForm,
    OrganisationFindForm,
    RecoveryFindForm,
    RecoveryIssueForm,
)
from webapp.enrolment.models import LinkPurpose, OneTimeLink
from webapp.extensions import db, limiter
from webapp.forms import choices
from webapp.people import reference
from webapp.places.chooser import chain_of, children_within, fill_chain, wants_next_list
from webapp.places.forms import PLACE_FIELDS
from webapp.places.models import Place
from webapp.qr import qr_svg
from webapp.security import limits
from webapp.security.access import PUBLIC, SIGNED_IN, allow
from webapp.vacancies.service import JOB_SERVICES

bp = Blueprint("enrolment", __name__)

SCOPE_ERRORS = {
    "place_unknown": _l("Choose the place where they will work"),
    "place_level_community": _l("A coordinator works in a village or community: choose one"),
    "place_level_county": _l("A service officer works in a county or district: choose it, and no township"),
    "department_required": _l("Select the service officer's department"),
    "outside_scope": _l("This is outside your area"),
    "admin_own_level": _l(
        "You can invite administrators only for places below your own: an administrator of your place is invited "
        "by one of the level above"
    ),
}


def enrol_limit():
    return current_app.config["RATELIMIT_ENROL"]


def link_or_gone(token: str, purpose: str):
    state, link = links.find(token, purpose)
    if state is not links.LinkState.VALID:
        status = 404 if state is links.LinkState.UNKNOWN else 410
        return None, (render_template("enrolment/link_gone.html", state=state, purpose=purpose), status)
    return link, None


def link_made(purpose: str, token: str, hours: int, shown_as: str | None = None, **context):
    """The page that shows a link just made, once, with its QR code (`shown_as`: the page's wording, when it differs
    from the link's purpose: a handover is a colleague's link)."""
    url = url_for("enrolment.link", purpose=purpose, token=token, _external=True)
    return render_template(
        "enrolment/link_made.html", url=url, qr=qr_svg(url), purpose=shown_as or purpose, hours=hours, **context
    )


def used_now(link: OneTimeLink):
    """Mark a link used by a signed-in account (links.claim, atomically): None, or the 'already used' page when
    another use came first."""
    if links.claim(link):
        return None
    db.session.rollback()
    return render_template("enrolment/link_gone.html", state=links.LinkState.USED), 410


# --- Links used with a new passkey: enrolment (staff invited), recovery (after an in-person identity check), claim
# (a person registered with help takes over their record). One set of routes; what differs is in LINK_FLOWS.


@dataclass(frozen=True)
class LinkFlow:
    template: str
    #: A new account is made (a new user handle, kept in the session between the two steps); otherwise the link's
    #: account gets the passkey.
    new_account: bool
    finish: Callable[[OneTimeLink, passkeys.NewPasskey, bytes | None, str], Response]


def finish_enrol(link, new, handle, name):
    account = links.use_enrolment(link, new, handle, name)
    sign_in(account, passkey=account.passkeys[0], verified=True)
    flash(_("Welcome. Your staff account is ready."), "success")
    return jsonify(redirect=url_for("home.index"))


def finish_recover(link, new, handle, name):
    passkey = links.use_recovery(link, new, name, current_app.config["RECOVERY_COOLING_OFF_HOURS"])
    sign_out()  # whoever was signed in on this browser: the new passkey signs in only after the waiting period
    flash(
        _(
            "Your new passkey is saved. For your safety it works from %(time)s. If you still have another passkey, "
            "sign in with it now to confirm the new one.",
            time=format_datetime(passkey.active_from, "medium"),
        ),
        "success",
    )
    return jsonify(redirect=url_for("accounts.signin"))


def finish_claim(link, new, handle, name):
    account = links.use_claim(link, new, handle, name)
    if account is None:
        return ceremony_error(passkeys.CeremonyError("link_used"))
    sign_in(account, passkey=account.passkeys[0], verified=True)
    flash(_("Your account is ready. You can now see and update your own residence record."), "success")
    return jsonify(redirect=url_for("registrations.home"))


def finish_colleague(link, new, handle, name):
    account = links.use_colleague(link, new, handle, name)
    sign_in(account, passkey=account.passkeys[0], verified=True)
    flash(_("Welcome. You now answer for %(employer)s on Xinju.", employer=link.employer.name), "success")
    return jsonify(redirect=url_for("employers.home"))


LINK_FLOWS = {
    LinkPurpose.ENROL: LinkFlow("enrolment/enrol.html", True, finish_enrol),
    LinkPurpose.RECOVER: LinkFlow("enrolment/recover.html", False, finish_recover),
    LinkPurpose.CLAIM: LinkFlow("enrolment/claim.html", True, finish_claim),
    LinkPurpose.COLLEAGUE: LinkFlow("enrolment/colleague.html", True, finish_colleague),
}
PURPOSE = "<any(enrol, recover, claim, colleague):purpose>"
HANDLE = "link_handle"


@bp.get(f"/{PURPOSE}/<token>")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def link(purpose: str, token: str):
    link, gone = link_or_gone(token, purpose)
    if gone:
        return gone
    problem = (
        links.colleague_problem(link, current_user)
        if purpose == LinkPurpose.COLLEAGUE and current_user.is_authenticated
        else None
    )
    return render_template(LINK_FLOWS[purpose].template, link=link, token=token, purpose=purpose, problem=problem)


@bp.post(f"/{PURPOSE}/<token>/options")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def link_options(purpose: str, token: str):
    link, gone = link_or_gone(token, purpose)
    if gone:
        return ceremony_error(passkeys.CeremonyError("link_used"))
    if LINK_FLOWS[purpose].new_account:
        session[HANDLE] = {"purpose": purpose, "handle": secrets.token_bytes(32).hex()}
        handle, name = bytes.fromhex(session[HANDLE]["handle"]), link.display_name
    else:
        handle, name = link.account.user_handle, link.account.display_name
    return json_options(passkeys.registration_options(purpose, user_handle=handle, user_name=name, display_name=name))


@bp.post(f"/{PURPOSE}/<token>/verify")
@allow(PUBLIC)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def link_verify(purpose: str, token: str):
    flow = LINK_FLOWS[purpose]
    kept = session.pop(HANDLE, None) if flow.new_account else None
    try:
        if flow.new_account and (not kept or kept.get("purpose") != purpose):
            raise passkeys.CeremonyError("link_used")
        link, gone = link_or_gone(token, purpose)
        if gone:
            raise passkeys.CeremonyError("link_used")
        if current_user.is_authenticated and link.created_by_id == current_user.id:
            raise passkeys.CeremonyError("own_link")  # whoever made a link gives it away (the link page says so)
        new = passkeys.verify_registration(purpose, request.get_data())
        if not links.claim(link):
            db.session.rollback()
            raise passkeys.CeremonyError("link_used")
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    handle = bytes.fromhex(kept["handle"]) if kept else None
    return flow.finish(link, new, handle, passkeys.passkey_name_from(request.user_agent.string))


@bp.post("/enrol/<token>/accept")
@allow(SIGNED_IN)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def enrol_accept(token: str):
    link, gone = link_or_gone(token, LinkPurpose.ENROL)
    if gone:
        return gone
    if link.created_by_id == current_user.id:  # whoever made it gives it away (the link page says so)
        return redirect(url_for("enrolment.link", purpose="enrol", token=token))
    if taken := used_now(link):
        return taken
    links.grant_from(link, current_user)
    link.account = current_user
    audit.record("enrolment.used", actor=current_user, subject=current_user, role=link.role)
    db.session.commit()
    flash(_("The role has been added to your account."), "success")
    return redirect(url_for("home.index"))


@bp.post("/colleague/<token>/accept")
@allow(SIGNED_IN)
@limiter.limit(enrol_limit)
@limiter.limit(limits.enrol_link_limit, key_func=limits.per_link)
def colleague_accept(token: str):
    """A signed-in account joins the organisation with a colleague's link (a new one is made by link_verify)."""
    link, gone = link_or_gone(token, LinkPurpose.COLLEAGUE)
    if gone:
        return gone
    if links.colleague_problem(link, current_user):  # the link page said why; a form sent anyway is refused
        return redirect(url_for("enrolment.link", purpose="colleague", token=token))
    if taken := used_now(link):
        return taken
    if not links.join_colleague(link, current_user):  # joined another at the same moment: the link page says so
        return redirect(url_for("enrolment.link", purpose="colleague", token=token))
    flash(_("You now answer for %(employer)s on Xinju.", employer=link.employer.name), "success")
    return redirect(url_for("employers.home"))


# --- Colleagues: who answers for an organisation, and the links that ask one more ---------------------------------


@bp.route("/employer/colleagues", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def colleagues():
    """Who answers for the organisation, and a one-time link for a colleague to join them."""
    employer = employer_of(current_user)
    if employer is None:
        return redirect(url_for("employers.setup"))
    form = ColleagueForm()
    if form.validate_on_submit():
        hours = current_app.config["ENROLMENT_LINK_HOURS"]
        _link, token = links.create_colleague(
            issuer=current_user, employer=employer, display_name=form.display_name.data, hours=hours
        )
        return link_made("colleague", token, hours, employer=employer)
    members = sorted(employer.members, key=lambda m: (m.account_id != current_user.id, m.id))
    return render_template("enrolment/colleagues.html", employer=employer, members=members, form=form)


@bp.post("/employer/colleagues/<int:colleague_id>/remove")
@allow(Role.EMPLOYER)
def remove_colleague(colleague_id: int):
    employer = employer_of(current_user)
    member = next((m for m in employer.members if m.id == colleague_id), None) if employer else None
    if member is None:  # another organisation's, or removed already (a page left open)
        abort(404)
    name, themselves = member.account.display_name, member.account_id == current_user.id
    # Removed by a colleague: the links they handed out go with them (one who leaves may have invited a successor).
    if not themselves:
        links.end_colleague_links(employer, made_by=member.account)
    if not remove_member(employer, member, current_user):  # commits the links' end with the removal
        db.session.rollback()
        flash(_("You are the only one who answers for your organisation: invite a colleague first."), "error")
        return redirect(url_for("enrolment.colleagues"))
    if themselves:
        flash(_("You no longer answer for %(employer)s.", employer=employer.name), "success")
        return redirect(url_for("home.index"))
    flash(_("%(name)s no longer answers for your organisation.", name=name), "success")
    return redirect(url_for("enrolment.colleagues"))


# --- An officer hands an organisation over: set up on Xinju by someone without the right to ---------------------
# Its code (USCC) is public, so anyone can set up an organisation first; the company itself is then told "already on
# Xinju". The county's human resources and social security office checks the business licence and the identity of
# the person who acts for it, in person, and hands it over: those who should not answer for it are taken off (and
# told), and the person checked gets a colleague's link.


def handover_counties() -> list[Place]:
    """The counties whose job-services office (the jobs board's reviewers) this officer works in."""
    return [g.place for g in current_user.grants_for(Role.OFFICER) if g.department == JOB_SERVICES and g.place]


def may_hand_over(employer) -> bool:
    """The office of the county the organisation says it is in; one that never said where, any county's office
    (the check is in person, and in the audit log)."""
    counties = handover_counties()
    if employer.place is None:
        return bool(counties)
    return any(county.contains(employer.place) for county in counties)


def organisation_page(employer, find: OrganisationFindForm, form: HandoverForm | None, status: int = 200):
    workers = (
        db.session.scalar(select(func.count()).select_from(employments_query(employer).subquery())) if employer else 0
    )
    return render_template(
        "enrolment/organisation.html", employer=employer, find=find, form=form, workers=workers
    ), status


def handover_form(employer, formdata=None) -> HandoverForm:
    form = HandoverForm(formdata=formdata)
    form.remove.choices = choices((m.id, m.account.display_name or _("A deleted account")) for m in employer.members)
    return form


@bp.get("/officer/organisations")
@allow(Role.OFFICER)
def organisations():
    if not handover_counties():
        abort(403)  # another office's work
    find = OrganisationFindForm(request.args)
    employer = None
    if request.args and find.validate():
        uscc, error = reference.check_uscc(find.code.data)
        employer = db.session.scalar(select(Employer).where(Employer.uscc == uscc)) if uscc else None
        if error:
            find.code.errors = [_("This is not a valid unified social credit code: check the 18 characters")]
        elif employer is None:
            find.code.errors = [_("No organisation with this code is on Xinju: the company can set it up itself.")]
        elif not may_hand_over(employer):
            find.code.errors = [_("This organisation is in another county: its county's office hands it over.")]
            employer = None
    if employer is not None:
        audit.record("organisation.viewed", actor=current_user, employer=employer.id)
        db.session.commit()
    form = handover_form(employer, formdata=None) if employer else None
    return organisation_page(employer, find, form, 400 if find.errors else 200)


@bp.post("/officer/organisations/<int:employer_id>/handover")
@allow(Role.OFFICER)
@fresh_passkey
def organisation_handover(employer_id: int):
    employer = db.session.get(Employer, employer_id)
    if employer is None or not may_hand_over(employer):
        abort(404)
    form = handover_form(employer, request.form)
    if not form.validate():
        return organisation_page(employer, OrganisationFindForm(data={"code": employer.uscc}), form, 400)
    hours = current_app.config["ENROLMENT_LINK_HOURS"]
    removed = [m for m in employer.members if m.id in (form.remove.data or [])]
    _link, token = links.handover(
        officer=current_user, employer=employer, removed=removed, display_name=form.display_name.data, hours=hours
    )
    return link_made("colleague", token, hours, shown_as="handover", employer=employer)


# --- What the person sees of a recovery of their account ---------------------------------------------------------


@bp.get("/account/recovery")
@allow(SIGNED_IN)
def recovery_notice():
    now = utcnow()
    waiting = [p for p in current_user.passkeys if p.waiting(now)]
    return render_template(
        "enrolment/recovery_notice.html", waiting=waiting, recovery_links=links.recovery_links(current_user), now=now
    )


def own_waiting_passkey(passkey_id: int) -> Passkey:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.account_id != current_user.id or not passkey.waiting(utcnow()):
        abort(404)
    return passkey


@bp.post("/account/recovery/passkeys/<int:passkey_id>/confirm")
@allow(SIGNED_IN)
@fresh_passkey
def recovery_confirm(passkey_id: int):
    links.confirm_recovered(current_user, own_waiting_passkey(passkey_id))
    flash(_("Your new passkey works now."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/recovery/passkeys/<int:passkey_id>/refuse")
@allow(SIGNED_IN)
@fresh_passkey
def recovery_refuse(passkey_id: int):
    links.refuse_recovered(current_user, own_waiting_passkey(passkey_id))
    flash(
        _("The passkey has been removed. Tell your community service station that someone used your account."),
        "success",
    )
    return redirect(url_for("accounts.account"))


@bp.post("/account/recovery/links/<int:link_id>/cancel")
@allow(SIGNED_IN)
def recovery_cancel(link_id: int):
    link = db.session.get(OneTimeLink, link_id)
    if link is None or link.purpose != LinkPurpose.RECOVER or link.account_id != current_user.id:
        abort(404)
    if link.used_at is None:
        links.cancel_recovery(current_user, link)
        flash(_("The recovery link has been cancelled."), "success")
    return redirect(url_for("enrolment.recovery_notice"))


@bp.post("/account/recovery/seen")
@allow(SIGNED_IN)
def recovery_seen():
    links.acknowledge_recovery(current_user)
    return redirect(url_for("accounts.account"))


# --- Staff make links --------------------------------------------------------------------------------------------


@bp.route("/staff/invite", methods=["GET", "POST"])
@allow(Role.ADMIN)
@fresh_passkey
def invite():
    scopes = current_user.scopes(Role.ADMIN)
    start = chain_of(scopes[0]) if request.method == "GET" and len(scopes) == 1 else None
    form = InviteForm(data=start)
    chosen = fill_chain(form, PLACE_FIELDS, children_within(scopes))
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
            return link_made("enrol", token, current_app.config["ENROLMENT_LINK_HOURS"])
    return render_template("enrolment/invite.html", form=form, scopes=scopes)


@bp.get("/staff/invitations")
@allow(Role.ADMIN)
def invitations():
    """Invitations in the administrator's area not used yet: who each is for, and a way to cancel one."""
    return render_template("enrolment/invitations.html", pending=links.pending_enrolments(current_user))


@bp.post("/staff/invitations/<int:link_id>/cancel")
@allow(Role.ADMIN)
def cancel_invitation(link_id: int):
    """Cancel an invitation of the administrator's area (any administrator of it: the one who made it may be away).
    One already used, expired or cancelled is said so; one of another area is a 404."""
    link = db.session.get(OneTimeLink, link_id)
    scopes = current_user.scopes(Role.ADMIN)
    if (
        link is None
        or link.purpose != LinkPurpose.ENROL
        or link.place is None
        or not any(link.place.code.startswith(scope.code) for scope in scopes)
    ):
        abort(404)
    if link not in links.pending_enrolments(current_user):
        flash(_("That invitation can no longer be used: it was used, it expired or it was cancelled."), "info")
    else:
        links.cancel_enrolment(current_user, link)
        flash(
            _("The invitation for %(name)s is cancelled: its link no longer works.", name=link.display_name), "success"
        )
    return redirect(url_for("enrolment.invitations"), 303)


@bp.route("/staff/recovery", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.ADMIN)
@fresh_passkey
def recovery():
    find = RecoveryFindForm()
    if not find.validate_on_submit():
        return render_template("enrolment/recovery_find.html", form=find)
    account = db.session.scalar(db.select(Account).where(Account.reference == find.reference.data))
    if account is None or not links.staff_can_recover(current_user, account):
        # One answer for both: whether a reference exists outside one's area is not for staff to learn.
        find.reference.errors.append(_("There is no account with this reference in your area"))
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
    document = labels.label("id_document", issue.document.data)
    _link, token = links.create_recovery(
        issuer=current_user,
        account=account,
        hours=current_app.config["RECOVERY_LINK_HOURS"],
        reason=f"identity checked in person: {issue.document.data}",
    )
    return link_made("recover", token, current_app.config["RECOVERY_LINK_HOURS"], account=account, document=document)

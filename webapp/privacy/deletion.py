"""An account holder deletes their own account once no registration duty is left (PIPL art. 47).

What goes at once: the account's passkeys, sign-ins, inbox, phone number (on a landlord's rentals too), and document
images no case holds; the account can no longer sign in. What stays: records the law keeps (past residence reports,
permits, decisions, a landlord's rentals and tenancies, the audit log) for the periods in retention.toml; the
person's name and ID number on them are anonymised once `deleted_account` has passed. Refused while a duty is left,
with each one said plainly."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import delete, func, or_, select, update
from wtforms import BooleanField
from wtforms.validators import DataRequired

from webapp import clock
from webapp.accounts.models import AccountSession, KeptForm, Passkey
from webapp.accounts.roles import STAFF_ROLES
from webapp.accounts.sessions import fresh_passkey, sign_out
from webapp.audit import log as audit
from webapp.documents import storage
from webapp.documents.models import Document
from webapp.employers.models import EmployerMember
from webapp.employers.rules import employer_of, employments_query
from webapp.extensions import db
from webapp.forms import Form
from webapp.notifications.models import Notification
from webapp.people.access import own_person
from webapp.people.models import Person
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.rentals.rules import tenancies_query
from webapp.security.access import SIGNED_IN, allow

bp = Blueprint("deletion", __name__)

DUTY_TEXT = {
    "staff": _l("You work for the registry. Ask an administrator to deactivate your staff account instead."),
    "report": _l("You are registered at an address. Report that you have left it first."),
    "household": _l("Someone in your household is registered through your account."),
    "application": _l("Your residence permit application is still open."),
    "permit": _l("You hold a residence permit that is still in force."),
    "request": _l("A service request of yours is still open."),
    "employer": _l(
        "You are the only one who answers for your organisation, and it has workers on Xinju. Invite a colleague "
        "to answer for it first (Colleagues, on its page)."
    ),
    "landlord": _l(
        "Tenants are registered as living at your rentals, and you answer for them. On your rentals page, open each "
        "tenant and tell us when they moved out (or that they never lived there) first."
    ),
}
#: Where the holder settles a duty themselves (the delete page links to it): leaving is reported from "Your
#: residence", and a household member's from their report, reached from "Your household".
DUTY_PAGE = {
    "employer": ("enrolment.colleagues", _l("Colleagues")),
    "landlord": ("rentals.home", _l("Your rentals")),
    "report": ("registrations.home", _l("Your residence")),
    "household": ("people.household", _l("Your household")),
    "request": ("services.catalogue", _l("Your requests")),  # each opens, and can be withdrawn, from there
    "application": ("permits.card", _l("Your residence permit")),
}


def duties(account, person: Person | None, today) -> list[str]:
    """What still ties the holder to the register (codes of DUTY_TEXT): the account stays while any is left."""
    found = []
    if any(account.has_role(role) for role in STAFF_ROLES):
        found.append("staff")
    if _sole_member_with_workers(account):
        found.append("employer")
    if _landlord_with_current_tenants(account):
        found.append("landlord")
    if person is None:
        return found
    current = (lifecycle.current(),)
    if db.session.scalar(select(ResidenceReport.id).where(ResidenceReport.person_id == person.id, *current).limit(1)):
        found.append("report")
    # Members without an account of their own (one with an account answers for their own reports).
    members = select(Person.id).where(Person.household_of_id == person.id, Person.account_id.is_(None))
    if db.session.scalar(select(ResidenceReport.id).where(ResidenceReport.person_id.in_(members), *current).limit(1)):
        found.append("household")
    return found + _permit_duties(person, today) + _request_duties(person)


def _sole_member_with_workers(account) -> bool:
    """The account alone answers for an organisation whose workers' jobs are open or answered: they would be left
    with nobody to answer them (and nobody to invite a colleague: the organisation's code is taken)."""
    employer = employer_of(account)
    if employer is None or len(employer.members) > 1:
        return False
    return db.session.scalar(select(employments_query(employer).exists())) or False


def _landlord_with_current_tenants(account) -> bool:
    """A tenant lives at one of the account's rentals (the tenancy not said to be over, nor denied, and the tenant's
    report current): nobody else answers for them, nor confirms when they moved out. Said on the rentals page."""
    report_current = select(ResidenceReport.id).where(ResidenceReport.tenancy_id == Tenancy.id, lifecycle.current())
    current_tenants = tenancies_query(account).where(report_current.exists())
    return db.session.scalar(select(current_tenants.exists())) or False


def _permit_duties(person: Person, today) -> list[str]:
    from webapp.permits.models import Permit, PermitApplication

    found = []
    waiting = PermitApplication.person_id == person.id, PermitApplication.status.in_(("submitted", "missing"))
    if db.session.scalar(select(PermitApplication.id).where(*waiting).limit(1)):
        found.append("application")
    in_force = Permit.revoked_on.is_(None), or_(Permit.valid_until.is_(None), Permit.valid_until >= today)
    if db.session.scalar(select(Permit.id).where(Permit.person_id == person.id, *in_force).limit(1)):
        found.append("permit")
    return found


def _request_duties(person: Person) -> list[str]:
    from webapp.services import statuses
    from webapp.services.models import ServiceRequest

    open_codes = [s.value for s in statuses.RequestStatus if statuses.is_open(s.value)]
    mine = ServiceRequest.person_id == person.id, ServiceRequest.status.in_(open_codes)
    return ["request"] if db.session.scalar(select(ServiceRequest.id).where(*mine).limit(1)) else []


def kept_records(person: Person | None) -> bool:
    """Whether the law keeps records about this person (a report or a permit application, past ones included)."""
    from webapp.permits.models import PermitApplication

    if person is None:
        return False
    return bool(
        db.session.scalar(select(func.count(ResidenceReport.id)).where(ResidenceReport.person_id == person.id))
        or db.session.scalar(select(func.count(PermitApplication.id)).where(PermitApplication.person_id == person.id))
    )


def _unused_documents(person: Person) -> list[int]:
    """The person's documents that no case holds (a permit's photo and a case's documents follow the cases)."""
    from webapp.permits.models import Permit, PermitApplication
    from webapp.services.models import ServiceRequest

    held = set(db.session.scalars(select(Permit.photo_id).where(Permit.person_id == person.id)))
    for documents in db.session.scalars(
        select(PermitApplication.documents).where(PermitApplication.person_id == person.id)
    ):
        held.update(int(i) for i in (documents or {}).values())
    for documents in db.session.scalars(select(ServiceRequest.documents).where(ServiceRequest.person_id == person.id)):
        held.update(int(i) for i in documents or [])
    mine = db.session.scalars(select(Document.id).where(Document.person_id == person.id))
    return [i for i in mine if i not in held]


def delete_account(account, person: Person | None) -> None:
    """The holder's deletion (no duty left: the caller checked). Commits."""
    audit.record("account.deleted", actor=account, subject=account, person=person)
    db.session.execute(delete(AccountSession).where(AccountSession.account_id == account.id))
    db.session.execute(delete(KeptForm).where(KeptForm.account_id == account.id))
    db.session.execute(delete(Passkey).where(Passkey.account_id == account.id))
    db.session.execute(delete(Notification).where(Notification.account_id == account.id))
    # Colleagues go on answering for the organisation without a nameless member among them, and the links the
    # account made for it stop working (as when a colleague removes them): nobody answers for who joins with them.
    employer = employer_of(account)
    if employer is not None:
        from webapp.enrolment.links import end_colleague_links  # enrolment reads privacy (through vacancies)

        end_colleague_links(employer, made_by=account)
    db.session.execute(delete(EmployerMember).where(EmployerMember.account_id == account.id))
    # A rental of theirs offered to a tenant ("is this your landlord?") is offered no more: nobody would answer.
    rentals = select(RentalProperty.id).where(RentalProperty.landlord_id == account.id)
    db.session.execute(update(Tenancy).where(Tenancy.offered_property_id.in_(rentals)).values(offered_property_id=None))
    # Their rentals stay on the register (past tenancies name them) without their mobile number: it served tenants
    # to find them, and nobody answers there now (as their own phone goes, below).
    db.session.execute(
        update(RentalProperty)
        .where(RentalProperty.landlord_id == account.id)
        .values(landlord_phone=None, landlord_phone_index=None)
        .execution_options(synchronize_session="fetch")
    )
    account.display_name = ""
    account.deactivated_at = clock.utcnow()
    files = set()
    if person is not None:
        person.phone = None
        # A correction still waiting has nobody to answer to any more (answered ones follow retention.toml).
        db.session.execute(
            delete(CorrectionRequest).where(
                CorrectionRequest.person_id == person.id, CorrectionRequest.status == "open"
            )
        )
        stop_sharing(person.id)
        unused = _unused_documents(person)
        if unused:
            files = set(db.session.scalars(select(Document.sha256).where(Document.id.in_(unused))))
            db.session.execute(delete(Document).where(Document.id.in_(unused)))
        if not kept_records(person):  # nothing the law keeps: nothing left to tie the name and number to
            anonymise(person)
    db.session.commit()
    _remove_files(files)


def _remove_files(hashes: set[str]) -> None:
    """The image files of deleted documents, at once (not at the next day's prune), unless another record names the
    same image (an image given twice is one file)."""
    if not hashes:
        return
    named = set(db.session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes))))
    for digest in hashes - named:
        try:
            storage.delete(digest)
        except ValueError:  # a synthetic placeholder's hash: no file or object
            pass


def stop_sharing(person_ids) -> int:
    """Job referrals stop sharing the name and number with the employer (a deleted or anonymised account: the
    employer must not see the person, nor an empty row). ``person_ids`` is an id or a select of ids. Not committed."""
    from webapp.vacancies.models import Referral

    wanted = Referral.person_id == person_ids if isinstance(person_ids, int) else Referral.person_id.in_(person_ids)
    return db.session.execute(
        update(Referral)
        .where(wanted, Referral.shared.is_(True))
        .values(shared=False)
        .execution_options(synchronize_session=False)
    ).rowcount


def anonymise(person: Person) -> None:
    """The person's name, ID number and phone go; what they did stays as numbers (the dashboards' counts)."""
    person.name, person.id_number, person.phone = "", None, None


class DeleteForm(Form):
    understood = BooleanField(
        _l("I understand: my account is deleted and I cannot sign in again with it"),
        validators=[DataRequired(_l("Tick the box to say you understand what deleting your account does"))],
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@allow(SIGNED_IN)
@fresh_passkey  # deleting cannot be undone: a fresh passkey check first
def delete_page():
    person = own_person()
    left = duties(current_user, person, clock.today())
    form = DeleteForm()
    if not left and form.validate_on_submit():
        account = current_user._get_current_object()
        sign_out()
        delete_account(account, person)
        flash(_("Your account has been deleted."), "success")
        return redirect(url_for("home.index"))
    return render_template(
        "privacy/delete.html",
        form=form,
        duties=[(DUTY_TEXT[code], DUTY_PAGE.get(code)) for code in left],
        kept=kept_records(person),
        employer=employer_of(current_user),
        rentals=db.session.scalar(
            select(RentalProperty.id).where(RentalProperty.landlord_id == current_user.id).limit(1)
        ),
    ), (400 if form.errors else 200)

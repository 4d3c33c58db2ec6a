"""Making and using one-time links. Plain functions: no request in here."""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from webapp.accounts import passkeys
from webapp.accounts.models import Account, Passkey, RoleGrant
from webapp.accounts.passkeys import NewPasskey
from webapp.accounts.roles import STAFF_SCOPE_LEVEL, Role
from webapp.accounts.sessions import end_sessions
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.employers.models import Employer, EmployerMember
from webapp.employers.rules import employer_of
from webapp.enrolment.models import LinkPurpose, OneTimeLink
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.people.models import Person
from webapp.places.models import Place
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty


class LinkState(StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


class ScopeError(ValueError):
    """The place does not fit the role, or lies outside the issuer's scope; `field` names the form field (the place
    chooser's last list, where the chooser shows the error)."""

    def __init__(self, code: str, field: str = "community"):
        super().__init__(code)
        self.code = code
        self.field = field


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new(purpose: str, hours: int, **fields) -> tuple[OneTimeLink, str]:
    token = secrets.token_urlsafe(32)
    link = OneTimeLink(purpose=purpose, token_hash=_hash(token), expires_at=utcnow() + timedelta(hours=hours), **fields)
    db.session.add(link)
    return link, token


def within_authority(scopes: list[Place], role: Role | str, place: Place) -> bool:
    """May an administrator of these nodes invite or manage someone holding `role` at `place`?

    Coordinators and officers anywhere in their area; administrators only strictly below their own node, so that
    administrators of the same node cannot invite more of themselves or shut each other out.
    """
    if Role(role) == Role.ADMIN:
        return any(scope.contains(place) and scope.code != place.code for scope in scopes)
    return any(scope.contains(place) for scope in scopes)


def admin_can_grant(issuer: Account | None, role: Role, place: Place) -> bool:
    """None is the command line, which may grant anything."""
    return issuer is None or within_authority(issuer.scopes(Role.ADMIN), role, place)


def enrolment_problems(issuer: Account | None, role: Role, place: Place | None, department: str | None) -> list:
    """Every reason this invitation cannot be made (ScopeErrors, at most one per field), so that a form shows them
    all at once."""
    problems = []
    level = STAFF_SCOPE_LEVEL[role]
    if place is None:
        problems.append(ScopeError("place_unknown"))
    elif level is not None and place.level != level:
        problems.append(ScopeError(f"place_level_{level}"))
    elif not admin_can_grant(issuer, role, place):
        own_node = role == Role.ADMIN and any(scope.code == place.code for scope in issuer.scopes(Role.ADMIN))
        problems.append(ScopeError("admin_own_level" if own_node else "outside_scope"))
    if role == Role.OFFICER and not department:
        problems.append(ScopeError("department_required", field="department"))
    return problems


def create_enrolment(
    *, issuer: Account | None, role: Role, place: Place | None, department: str | None, display_name: str, hours: int
) -> tuple[OneTimeLink, str]:
    problems = enrolment_problems(issuer, role, place, department)
    if problems:
        raise problems[0]
    link, token = _new(
        LinkPurpose.ENROL,
        hours,
        created_by=issuer,
        role=role.value,
        place=place,
        department=department if role == Role.OFFICER else None,
        display_name=display_name,
    )
    audit.record("enrolment.created", actor=issuer, role=role.value, place=place.code, invited=display_name)
    db.session.commit()
    return link, token


def pending_enrolments(admin: Account) -> list[OneTimeLink]:
    """Staff invitations not used yet and not expired, for places in the administrator's area (whoever made them),
    those ending soonest first: what may still be used, and can be cancelled."""
    scopes = admin.scopes(Role.ADMIN)
    if not scopes:
        return []
    query = (
        db.select(OneTimeLink)
        .join(Place, Place.id == OneTimeLink.place_id)
        .where(
            OneTimeLink.purpose == LinkPurpose.ENROL,
            OneTimeLink.used_at.is_(None),
            OneTimeLink.expires_at > utcnow(),
            db.or_(*(Place.code.startswith(scope.code, autoescape=True) for scope in scopes)),
        )
        .order_by(OneTimeLink.expires_at, OneTimeLink.id)
    )
    return list(db.session.scalars(query))


def cancel_enrolment(admin: Account, link: OneTimeLink) -> None:
    """An invitation sent to the wrong person, or no longer needed: it stops working now."""
    link.used_at = utcnow()
    place = link.place.code if link.place else None
    audit.record("enrolment.cancelled", actor=admin, role=link.role, place=place, invited=link.display_name)
    db.session.commit()


def home_places(account: Account) -> list[Place]:
    """Where a resident account lives or works, for the staff who may recover it: the person's current residence
    (or their latest report when none is current), the landlord's rentals, the employer's workplace."""
    person = db.session.scalar(db.select(Person).where(Person.account_id == account.id))
    places: list[Place] = []
    if person is not None:
        reports = db.session.scalars(
            db.select(ResidenceReport)
            .where(ResidenceReport.person_id == person.id)
            .order_by(ResidenceReport.created_at.desc(), ResidenceReport.id.desc())
        ).all()
        current = [r for r in reports if lifecycle.is_current(r)]
        places += [r.place for r in (current or reports[:1])]
    places += db.session.scalars(
        db.select(Place)
        .join(RentalProperty, RentalProperty.place_id == Place.id)
        .where(RentalProperty.landlord_id == account.id)
    ).all()
    places += db.session.scalars(
        db.select(Place)
        .join(Employer, Employer.place_id == Place.id)
        .join(EmployerMember, EmployerMember.employer_id == Employer.id)
        .where(EmployerMember.account_id == account.id)
    ).all()
    return places


def staff_can_recover(issuer: Account, account: Account) -> bool:
    """Who may issue a recovery link for an account (and so see whose it is).

    Staff accounts: administrators whose authority covers every one of its staff roles (see within_authority).
    Resident accounts (migrant, landlord, employer): coordinators and administrators whose area covers where the
    person lives, lets or employs (home_places); an account with no such place is recovered by nobody through a
    link (the person signs up again). Nobody recovers their own account.
    """
    if issuer.id == account.id or not account.is_active:
        return False  # a deleted or deactivated account signs in no more: a new passkey would not help
    if account.is_staff():
        scopes = issuer.scopes(Role.ADMIN)  # as for managing staff: never an administrator of one's own node
        return bool(scopes) and all(within_authority(scopes, g.role, g.place) for g in account.grants if g.place)
    scopes = issuer.scopes(Role.COORDINATOR) + issuer.scopes(Role.ADMIN)
    return any(scope.contains(place) for scope in scopes for place in home_places(account))


def create_recovery(*, issuer: Account | None, account: Account, reason: str, hours: int) -> tuple[OneTimeLink, str]:
    """A recovery link; the person hears of it at once (inbox) and at their next sign-in (recovery_notice_at)."""
    if issuer is not None and not staff_can_recover(issuer, account):
        raise ScopeError("outside_scope", field="reference")
    link, token = _new(LinkPurpose.RECOVER, hours, created_by=issuer, account=account, reason=reason)
    account.recovery_notice_at = utcnow()
    audit.record("recovery.created", actor=issuer, subject=account, reason=reason)
    notify(account, "account.recovery_link", link="/account/recovery")
    db.session.commit()
    return link, token


def use_recovery(link: OneTimeLink, new: NewPasskey, name: str, cooling_off_hours: int) -> Passkey:
    """The person made a new passkey with the link (already claimed): it waits out the cooling-off period, every
    session of the account ends, and the person is told."""
    account = link.account
    passkey = passkeys.add_passkey(account, new, name)
    passkey.active_from = utcnow() + timedelta(hours=cooling_off_hours)
    account.recovery_notice_at = utcnow()
    ended = end_sessions(account)
    audit.record("recovery.used", actor=account, subject=account, sessions_ended=ended)
    notify(account, "account.recovered", link="/account/recovery")
    db.session.commit()
    return passkey


def confirm_recovered(account: Account, passkey: Passkey) -> None:
    """The person, signed in with a passkey they already had, says the new one is theirs: it works now."""
    passkey.active_from = None
    account.recovery_notice_at = None
    audit.record("recovery.confirmed", actor=account, subject=account)
    db.session.commit()


def refuse_recovered(account: Account, passkey: Passkey) -> None:
    """The person says the new passkey is not theirs: it is removed, and any session it made ends."""
    end_sessions(account, passkey=passkey)
    db.session.delete(passkey)
    account.recovery_notice_at = None
    audit.record("recovery.refused", actor=account, subject=account)
    db.session.commit()


def cancel_recovery(account: Account, link: OneTimeLink) -> None:
    """The person did not ask for this link: it stops working."""
    link.used_at = utcnow()
    audit.record("recovery.cancelled", actor=account, subject=account)
    db.session.commit()


def acknowledge_recovery(account: Account) -> None:
    account.recovery_notice_at = None
    db.session.commit()


def recovery_links(account: Account) -> list[OneTimeLink]:
    return db.session.scalars(
        db.select(OneTimeLink)
        .where(OneTimeLink.purpose == LinkPurpose.RECOVER, OneTimeLink.account_id == account.id)
        .order_by(OneTimeLink.created_at.desc())
        .limit(5)
    ).all()


def find(token: str, purpose: str) -> tuple[LinkState, OneTimeLink | None]:
    link = db.session.scalar(
        db.select(OneTimeLink).where(OneTimeLink.token_hash == _hash(token), OneTimeLink.purpose == purpose)
    )
    if link is None:
        return LinkState.UNKNOWN, None
    if link.used_at is not None:
        return LinkState.USED, link
    if link.expires_at < utcnow():
        return LinkState.EXPIRED, link
    if purpose == LinkPurpose.RECOVER and (link.account is None or not link.account.is_active):
        # The account was deleted or deactivated after the link was made: the link ends with it (a passkey and a
        # notice would otherwise be added to an account nobody can sign in to).
        return LinkState.EXPIRED, link
    return LinkState.VALID, link


def claim(link: OneTimeLink) -> bool:
    """Mark the link used, atomically: of two simultaneous uses, only one succeeds."""
    now = utcnow()
    claimed = db.session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.id == link.id, OneTimeLink.used_at.is_(None), OneTimeLink.expires_at >= now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def grant_from(link: OneTimeLink, account: Account) -> RoleGrant:
    existing = next(
        (
            g
            for g in account.grants
            if g.role == link.role and g.place_id == link.place_id and g.department == link.department
        ),
        None,
    )
    if existing:
        return existing
    grant = RoleGrant(role=link.role, place=link.place, department=link.department, granted_by_id=link.created_by_id)
    account.grants.append(grant)
    return grant


def use_enrolment(link: OneTimeLink, new: NewPasskey, handle: bytes, name: str) -> Account:
    """A new staff account from an invitation (the link already claimed), with its role and its passkey."""
    account = Account(display_name=link.display_name, user_handle=handle)
    db.session.add(account)
    grant_from(link, account)
    passkeys.add_passkey(account, new, name)
    link.account = account
    db.session.flush()
    audit.record("enrolment.used", actor=account, subject=account, role=link.role)
    db.session.commit()
    return account


def use_claim(link: OneTimeLink, new: NewPasskey, handle: bytes, name: str) -> Account | None:
    """A person registered with help takes over their record with a new account; None when it already has one."""
    person = link.person
    if person.account_id is not None:
        db.session.rollback()
        return None
    account = Account(display_name=person.name, user_handle=handle)
    account.grants = [RoleGrant(role=Role.MIGRANT.value)]
    passkeys.add_passkey(account, new, name)
    person.account = account
    link.account = account
    db.session.add(account)
    db.session.flush()
    audit.record("claim.used", actor=account, subject=account, person=person)
    db.session.commit()
    return account


def create_claim(*, issuer: Account, person, hours: int) -> tuple[OneTimeLink, str]:
    """A link for a person registered with help to take over their record with a passkey on their own phone."""
    link, token = _new(LinkPurpose.CLAIM, hours, created_by=issuer, person=person, display_name=person.name)
    audit.record("claim.created", actor=issuer, person=person)
    db.session.commit()
    return link, token


# --- Colleagues: someone who answers for an organisation asks a colleague to answer for it too ---------------------


def create_colleague(*, issuer: Account, employer: Employer, display_name: str, hours: int) -> tuple[OneTimeLink, str]:
    """A link for a colleague (named by the issuer, as an invitation names staff) to answer for the organisation.
    It replaces the unused links the issuer made before for the same name: the same form sent twice (whose first
    link nobody saw), or a link made again because the first was lost or given to the wrong person."""
    end_colleague_links(employer, made_by=issuer, named=display_name)
    link, token = _new(LinkPurpose.COLLEAGUE, hours, created_by=issuer, employer=employer, display_name=display_name)
    audit.record("colleague.invited", actor=issuer, employer=employer.id)
    db.session.commit()
    return link, token


def end_colleague_links(employer: Employer, *, made_by: Account | None = None, named: str | None = None) -> int:
    """The organisation's colleague links nobody has used yet stop working (those `made_by` this account, or all;
    only those for the colleague `named` so, when given): what someone no longer answering for it handed out goes
    with them. Not committed. Returns how many."""
    now = utcnow()
    query = update(OneTimeLink).where(
        OneTimeLink.purpose == LinkPurpose.COLLEAGUE,
        OneTimeLink.employer_id == employer.id,
        OneTimeLink.used_at.is_(None),
        OneTimeLink.expires_at >= now,
    )
    if made_by is not None:
        query = query.where(OneTimeLink.created_by_id == made_by.id)
    if named is not None:
        query = query.where(OneTimeLink.display_name == named)
    ended = query.values(expires_at=now - timedelta(seconds=1)).execution_options(synchronize_session=False)
    return db.session.execute(ended).rowcount


def colleague_problem(link: OneTimeLink, account: Account) -> str | None:
    """Why this signed-in account cannot join the link's organisation ("member", "other_employer", "own_link"), or
    None. An account answers for one organisation (its pages are that organisation's); whoever made a link (the
    officer who handed the organisation over) gives it to the person it is for, and never uses it themselves."""
    current = employer_of(account)
    if current is not None:
        return "member" if current.id == link.employer_id else "other_employer"
    return "own_link" if link.created_by_id == account.id else None


def _join(link: OneTimeLink, account: Account) -> None:
    if not account.has_role(Role.EMPLOYER):
        account.grants.append(RoleGrant(role=Role.EMPLOYER.value))
    link.employer.members.append(EmployerMember(account=account))
    link.account = account
    db.session.flush()
    audit.record("colleague.joined", actor=account, subject=account, employer=link.employer_id)


def join_colleague(link: OneTimeLink, account: Account) -> bool:
    """A signed-in account joins the organisation (the link already claimed, colleague_problem checked). False when
    the account joined an organisation meanwhile (another link accepted at the same moment: employer_member holds one
    per account); nothing is then kept, the link's claim neither: colleague_problem now says why."""
    try:
        _join(link, account)
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.commit()
    return True


def use_colleague(link: OneTimeLink, new: NewPasskey, handle: bytes, name: str) -> Account:
    """A new account, with the name the colleague was invited by and its passkey, answering for the organisation."""
    account = Account(display_name=link.display_name, user_handle=handle)
    db.session.add(account)
    passkeys.add_passkey(account, new, name)
    _join(link, account)
    db.session.commit()
    return account


# --- Handover: an organisation set up by someone without the right to, given back to who answers for it ----------


def handover(
    *, officer: Account, employer: Employer, removed: list[EmployerMember], display_name: str, hours: int
) -> tuple[OneTimeLink, str]:
    """After an in-person check of the business licence: those `removed` no longer answer for the organisation (each
    is told), and the person checked gets a colleague's link to answer for it. Commits."""
    for member in removed:
        account = member.account
        employer.members.remove(member)
        audit.record("organisation.member_removed", actor=officer, subject=account, employer=employer.id)
        notify(account, "organisation.handed_over", employer=employer.name)
    # Links made before the check (by whoever set it up without the right to) end: only the one made now works.
    ended = end_colleague_links(employer)
    link, token = _new(LinkPurpose.COLLEAGUE, hours, created_by=officer, employer=employer, display_name=display_name)
    audit.record(
        "organisation.handed_over", actor=officer, employer=employer.id, removed=len(removed), links_ended=ended
    )
    db.session.commit()
    return link, token

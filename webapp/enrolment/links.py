"""Making and using one-time links. Plain functions: no request in here."""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update

from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import STAFF_SCOPE_LEVEL, Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.enrolment.models import LinkPurpose, OneTimeLink
from webapp.extensions import db
from webapp.places.models import Place


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
        problems.append(ScopeError("outside_scope"))
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
    audit.record("enrolment.created", actor=issuer, role=role.value, place=place.code)
    db.session.commit()
    return link, token


def staff_can_recover(issuer: Account, account: Account) -> bool:
    """Who may issue a recovery link for an account.

    Administrators: accounts whose staff roles are within their authority (see within_authority), and resident
    accounts (migrant, landlord, employer). Coordinators: resident accounts only, never staff. Nobody recovers
    their own account.
    """
    if issuer.id == account.id:
        return False
    if issuer.has_role(Role.ADMIN):
        scopes = issuer.scopes(Role.ADMIN)  # as for managing staff: never an administrator of one's own node
        return all(within_authority(scopes, g.role, g.place) for g in account.grants if g.place is not None)
    if issuer.has_role(Role.COORDINATOR):
        return not account.is_staff()
    return False


def create_recovery(*, issuer: Account | None, account: Account, reason: str, hours: int) -> tuple[OneTimeLink, str]:
    if issuer is not None and not staff_can_recover(issuer, account):
        raise ScopeError("outside_scope", field="reference")
    link, token = _new(LinkPurpose.RECOVER, hours, created_by=issuer, account=account, reason=reason)
    audit.record("recovery.created", actor=issuer, subject=account, reason=reason)
    db.session.commit()
    return link, token


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


def create_claim(*, issuer: Account, person, hours: int) -> tuple[OneTimeLink, str]:
    """A link for a person registered with help to take over their record with a passkey on their own phone."""
    link, token = _new(LinkPurpose.CLAIM, hours, created_by=issuer, person=person, display_name=person.name)
    audit.record("claim.created", actor=issuer, person=person)
    db.session.commit()
    return link, token

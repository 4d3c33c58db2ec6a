"""Staff within an administrator's area: who they are, who may be managed, assigning coordinators, the audit log.

Plain functions over the database; the views in views.py check the role and render.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from webapp import clock, labels
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import STAFF_ROLES, Role
from webapp.admin.indicators import under
from webapp.audit.models import AuditEvent
from webapp.enrolment.links import within_authority
from webapp.extensions import db
from webapp.i18n import aside, colon
from webapp.paging import paged
from webapp.places.models import Place

#: Rows on one page of the audit log and of the staff list (each with its own form); the CSV has them all.
PAGE_SIZE = 100
STAFF_PAGE_SIZE = 50
STAFF_ROLE_NAMES = tuple(role.value for role in STAFF_ROLES)


def in_areas(scopes: list[Place]):
    """SQL: the place is one of these nodes or lies below one."""
    return or_(false(), *(under(scope) for scope in scopes))


def staff_ids_in(scopes: list[Place]):
    """SQL: the accounts holding a staff role somewhere in these areas."""
    return (
        select(RoleGrant.account_id)
        .join(Place, Place.id == RoleGrant.place_id)
        .where(RoleGrant.role.in_(STAFF_ROLE_NAMES), in_areas(scopes))
    )


def staff_query(scopes: list[Place]):
    return (
        select(Account)
        .where(Account.id.in_(staff_ids_in(scopes)))
        .order_by(Account.display_name, Account.id)
        .options(selectinload(Account.grants).joinedload(RoleGrant.place))
    )


def staff_page(scopes: list[Place], number: int = 1, size: int = STAFF_PAGE_SIZE) -> Pagination:
    """Staff of the area by name; each item is (account, their staff roles inside the area)."""
    page = paged(staff_query(scopes), number, size)
    page.items = [(account, grants_inside(account, scopes)) for account in page.items]
    return page


def all_staff(scopes: list[Place]) -> list[tuple[Account, list[RoleGrant]]]:
    return [(account, grants_inside(account, scopes)) for account in db.session.scalars(staff_query(scopes))]


def grants_inside(account: Account, scopes: list[Place]) -> list[RoleGrant]:
    return [
        g
        for g in account.grants
        if g.role in STAFF_ROLE_NAMES and g.place is not None and any(s.contains(g.place) for s in scopes)
    ]


def manageable(account: Account, actor: Account, scopes: list[Place]) -> bool:
    """Every staff role the account holds is within the administrator's authority (administrators of the same
    node manage nobody of their own level); nobody manages themselves."""
    grants = [g for g in account.grants if g.place is not None]
    return account.id != actor.id and bool(grants) and all(within_authority(scopes, g.role, g.place) for g in grants)


def manageable_coordinator(reference: str, actor: Account, scopes: list[Place]) -> Account | None:
    """The active coordinator with this account reference (as written: any case, with - or spaces), if the
    administrator may manage them; None otherwise."""
    reference = reference.upper().replace("-", "").replace(" ", "")
    account = db.session.scalar(select(Account).where(Account.reference == reference))
    if account is None or not account.has_role(Role.COORDINATOR) or account.deactivated_at is not None:
        return None
    return account if manageable(account, actor, scopes) else None


def staff_wholly_in(scopes: list[Place]):
    """SQL: staff whose every staff role lies in these areas (someone who also works elsewhere is not shown:
    what they did there is not this administrator's to see)."""
    elsewhere = (
        select(RoleGrant.account_id)
        .join(Place, Place.id == RoleGrant.place_id)
        .where(RoleGrant.role.in_(STAFF_ROLE_NAMES), ~in_areas(scopes))
    )
    return staff_ids_in(scopes).where(RoleGrant.account_id.not_in(elsewhere))


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator narrowed the log to: one kind of action, China's days from and to (inclusive), and
    what one staff member did (their account's id)."""

    action: str | None = None
    since: date | None = None
    until: date | None = None
    actor_id: int | None = None


def audit_query(scopes: list[Place], actor: Account, only: AuditFilter = AuditFilter()):
    """What staff of the area did, and what was done to them (an administrator above deactivating one, say),
    and what this administrator did; newest first; `only` narrows it."""
    staff = staff_wholly_in(scopes)
    query = (
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.actor_id.in_(staff),
                AuditEvent.subject_account_id.in_(staff),
                AuditEvent.actor_id == actor.id,
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if only.action:
        query = query.where(AuditEvent.action == only.action)
    if only.actor_id:  # narrows what the administrator may see: never more
        query = query.where(AuditEvent.actor_id == only.actor_id)
    if only.since:
        query = query.where(AuditEvent.at >= clock.start_of_day(only.since))
    if only.until:
        query = query.where(AuditEvent.at < clock.start_of_day(only.until + timedelta(days=1)))
    return query


def audit_page(
    scopes: list[Place], actor: Account, number: int = 1, size: int = PAGE_SIZE, only: AuditFilter = AuditFilter()
) -> Pagination:
    return paged(audit_query(scopes, actor, only), number, size)


def place_names(events) -> dict[str, str]:
    """Names of the places these events name in their details (a community assigned or taken off, where an
    invitation was for, the area of an exported table), by code: one query for the page."""
    codes = {code for e in events if isinstance(code := (e.details or {}).get("place"), str)}
    if not codes:
        return {}
    return dict(db.session.execute(select(Place.code, Place.name).where(Place.code.in_(sorted(codes)))).all())


def where(event, places: dict[str, str]) -> str:
    """Where an event happened, in words: the place's name (its code when the place is gone), and for an invitation
    the role it was for: "张店区 (Service officer)". Empty when the event names no place."""
    code = (event.details or {}).get("place")
    if not isinstance(code, str):
        return ""
    words = places.get(code, code)
    details = event.details or {}
    invitation = event.action in ("enrolment.created", "enrolment.cancelled")
    role = details.get("role") if invitation else None
    words = words + aside(labels.label("role", role)).unescape() if role else words
    invited = details.get("invited") if invitation else None  # the name the invitation was made out to
    return f"{words}{str(colon())}{invited}" if isinstance(invited, str) and invited else words


def account_names(events, scopes: list[Place], actor: Account) -> dict[int, str]:
    """Display names of the staff (of any area: an administrator above, say) who acted in these events or were
    their subject. Residents are not named: a resident's account name is their real name."""
    ids = {i for e in events for i in (e.actor_id, e.subject_account_id) if i is not None}
    if not ids:
        return {}
    staff = select(RoleGrant.account_id).where(RoleGrant.role.in_(STAFF_ROLE_NAMES))
    named = select(Account.id, Account.display_name).where(
        Account.id.in_(ids), or_(Account.id.in_(staff), Account.id == actor.id)
    )
    return dict(db.session.execute(named).all())

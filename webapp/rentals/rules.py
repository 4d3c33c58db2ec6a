"""A landlord's duty and tenants, as queries and plain functions."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from webapp.accounts.models import Account
from webapp.extensions import db
from webapp.rentals.models import RentalProperty, Room, Tenancy, address_key


def open_to_tenants():
    """The SQL condition "a tenant may name this rental": its landlord's account is not deleted (deactivated). A
    deleted landlord's rental stays on the register (past tenancies name it) but nobody would answer a new tenant:
    its code and mobile number are then as unknown as those of a landlord who never joined (nothing says that an
    account existed)."""
    return RentalProperty.landlord.has(Account.deactivated_at.is_(None))


def rental_by_code(code: str) -> RentalProperty | None:
    """The rental a tenant names by its code (as printed, 4F7K-29QD, or typed in any case): None when there is none,
    or its landlord deleted their account."""
    wanted = code.upper().replace("-", "").replace(" ", "")
    return db.session.scalar(select(RentalProperty).where(RentalProperty.code == wanted, open_to_tenants()))


def registered_already(landlord, place, *, road: str, number: str, building: str, unit: str) -> RentalProperty | None:
    """The landlord's rental at this very address, if they registered it before (the form sent twice, or the page
    Back brought; the address compared as address_key reads it: １８号 is 18号): a second one would have another
    code, and a tenant naming the landlord's mobile number would be asked which of the two. The database holds it
    too (a unique index), for two sends at the same moment that both found none."""
    return db.session.scalar(
        select(RentalProperty).where(
            RentalProperty.landlord_id == landlord.id,
            RentalProperty.place_id == place.id,
            RentalProperty.address_key == address_key(road, number, building, unit),
        )
    )


def properties_query(landlord):
    """The landlord's rentals, oldest first, as a SELECT (paged on their home), with their rooms."""
    return (
        select(RentalProperty)
        .where(RentalProperty.landlord_id == landlord.id)
        .options(selectinload(RentalProperty.rooms))
        .order_by(RentalProperty.created_at, RentalProperty.id)
    )


def tenancies_query(landlord, *, current: bool = True):
    """The landlord's tenants (current ones: not left, not denied), oldest first, as a SELECT (paged on their page)."""
    query = (
        select(Tenancy)
        .join(RentalProperty, RentalProperty.id == Tenancy.property_id)
        .where(RentalProperty.landlord_id == landlord.id)
        .order_by(Tenancy.created_at, Tenancy.id)
    )
    if current:
        query = query.where(Tenancy.ended_on.is_(None), Tenancy.status != "denied")
    return query


def past_tenancies_query(landlord):
    """The landlord's former tenants: those who left, and those the landlord denied, the latest first."""
    return (
        select(Tenancy)
        .join(RentalProperty, RentalProperty.id == Tenancy.property_id)
        .where(
            RentalProperty.landlord_id == landlord.id, or_(Tenancy.ended_on.is_not(None), Tenancy.status == "denied")
        )
        .order_by(func.coalesce(Tenancy.ended_on, Tenancy.started_on).desc(), Tenancy.id.desc())
    )


def pending_tenancies_of(landlord) -> list[Tenancy]:
    """The landlord's tenants waiting for an answer (the duty counts them, whatever page is shown)."""
    return db.session.scalars(tenancies_query(landlord).where(Tenancy.status == "pending")).all()


def duty(tenancies: list[Tenancy], today: date) -> dict:
    """What is waiting for the landlord's answer, and what is past the deadline."""
    waiting = [t for t in tenancies if t.status == "pending"]
    return {"waiting": waiting, "overdue": [t for t in waiting if t.answer_due and t.answer_due < today]}


def owned_tenancy_or_none(tenancy_id: int, landlord) -> Tenancy | None:
    """A tenancy in one of this landlord's rentals; never one that only names a mobile number (unlinked)."""
    tenancy = db.session.get(Tenancy, tenancy_id)
    if tenancy is None or tenancy.property is None:
        return None
    return tenancy if tenancy.property.landlord_id == landlord.id else None


def offered_to(person) -> list[Tenancy]:
    """The person's tenancies whose landlord's number matched a rental registered since: waiting for the person to
    say whether it is their landlord (webapp/claims). Not a rental whose landlord deleted their account since."""
    if person is None:
        return []
    return list(
        db.session.scalars(
            select(Tenancy)
            .join(RentalProperty, RentalProperty.id == Tenancy.offered_property_id)
            .where(Tenancy.person_id == person.id, open_to_tenants())
        )
    )


def removable_rooms(rental: RentalProperty) -> list[Room]:
    """The rental's rooms no tenancy has named, past or present (a named room stays: the tenant's records name it)."""
    named = set(
        db.session.scalars(
            select(Tenancy.room_id).where(Tenancy.room_id.in_([room.id for room in rental.rooms])).distinct()
        )
    )
    return [room for room in rental.rooms if room.id not in named]

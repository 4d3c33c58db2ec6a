"""A landlord's duty and tenants, as queries and plain functions."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.rentals.models import RentalProperty, Tenancy


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
    say whether it is their landlord (webapp/claims)."""
    if person is None:
        return []
    return list(
        db.session.scalars(
            select(Tenancy).where(Tenancy.person_id == person.id, Tenancy.offered_property_id.is_not(None))
        )
    )

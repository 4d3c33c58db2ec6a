"""A landlord's duty and tenants, as queries and plain functions."""

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.policy import engine
from webapp.registrations.models import ResidenceReport
from webapp.registrations.rules import profile_for_change
from webapp.rentals.models import RentalProperty, Room, Tenancy


def properties_of(landlord) -> list[RentalProperty]:
    return db.session.scalars(
        select(RentalProperty).where(RentalProperty.landlord_id == landlord.id).order_by(RentalProperty.created_at)
    ).all()


def tenancies_of(landlord, *, current: bool = True) -> list[Tenancy]:
    query = (
        select(Tenancy)
        .join(RentalProperty)
        .where(RentalProperty.landlord_id == landlord.id)
        .order_by(Tenancy.created_at)
    )
    if current:
        query = query.where(Tenancy.ended_on.is_(None), Tenancy.status != "denied")
    return db.session.scalars(query).all()


def duty(tenancies: list[Tenancy], today: date) -> dict:
    """What is waiting for the landlord's answer, and what is past the deadline."""
    waiting = [t for t in tenancies if t.status == "pending"]
    return {"waiting": waiting, "overdue": [t for t in waiting if t.answer_due and t.answer_due < today]}


def set_rooms(rental: RentalProperty, names: list[str]) -> None:
    """Add the new room names; keep rooms that are in use even if left out."""
    existing = {r.name for r in rental.rooms}
    for name in names:
        if name not in existing:
            rental.rooms.append(Room(name=name))


def owned_tenancy_or_none(tenancy_id: int, landlord) -> Tenancy | None:
    """A tenancy in one of this landlord's rentals; never one that only names a mobile number (unlinked)."""
    tenancy = db.session.get(Tenancy, tenancy_id)
    if tenancy is None or tenancy.property is None:
        return None
    return tenancy if tenancy.property.landlord_id == landlord.id else None


def link_waiting_tenancies(rental: RentalProperty, today: date) -> int:
    """Tenants who named this landlord (by mobile number) before the rental was on Xinju, living in its community:
    their tenancies now wait for this landlord's answer, with the usual deadline from today."""
    waiting = db.session.scalars(
        select(Tenancy)
        .join(ResidenceReport, ResidenceReport.tenancy_id == Tenancy.id)
        .where(
            Tenancy.property_id.is_(None),
            Tenancy.status == "unlinked",
            Tenancy.ended_on.is_(None),
            Tenancy.landlord_phone == rental.landlord_phone,
            ResidenceReport.place_id == rental.place_id,
        )
        .distinct()
    ).all()
    if not waiting:
        return 0
    due = engine.landlord_report_deadline(profile_for_change(rental.place.code, today, today), today)
    for tenancy in waiting:
        report = db.session.scalar(
            select(ResidenceReport)
            .where(ResidenceReport.tenancy_id == tenancy.id)
            .order_by(ResidenceReport.created_at.desc())
            .limit(1)
        )
        tenancy.property, tenancy.status, tenancy.answer_due = rental, "pending", due
        tenancy.room = next((r for r in rental.rooms if report is not None and r.name == report.room), None)
    return len(waiting)

"""Writing rentals: a landlord registers a rental and its rooms. Each function commits once.

(A landlord's answer on a tenancy is written by registrations/claims.py, shared with employers.)"""

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.policy import engine
from webapp.registrations.models import ResidenceReport
from webapp.registrations.rules import profile_for_change
from webapp.rentals.models import RentalProperty, Room, Tenancy


def register_property(
    landlord,
    place,
    *,
    road: str,
    number: str,
    building: str,
    unit: str,
    landlord_phone: str,
    rooms: list[str],
    today: date,
) -> tuple[RentalProperty, int]:
    """The rental, its rooms, and the tenants who named this landlord before they joined: (rental, how many)."""
    rental = RentalProperty(
        landlord=landlord,
        place=place,
        road=road,
        number=number,
        building=building or "",
        unit=unit or "",
        landlord_phone=landlord_phone,
    )
    set_rooms(rental, rooms)
    db.session.add(rental)
    db.session.flush()
    waiting = link_waiting_tenancies(rental, today)
    db.session.commit()
    return rental, waiting


def set_rooms(rental: RentalProperty, names: list[str]) -> None:
    """Add the new room names; keep rooms that are in use even if left out."""
    existing = {r.name for r in rental.rooms}
    for name in names:
        if name not in existing:
            rental.rooms.append(Room(name=name))


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
            Tenancy.landlord_phone_index == rental.landlord_phone_index,
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

"""Writing rentals: a landlord registers a rental and its rooms. Each function commits once.

(A landlord's answer on a tenancy is written by webapp/claims, shared with employers; linking the tenants who named
this landlord before is a listener of rentals/events.py.)"""

from datetime import date

from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.places.address import stored_part
from webapp.rentals import events, rules
from webapp.rentals.models import RentalProperty, Room


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
) -> tuple[RentalProperty, int | None]:
    """The rental, its rooms, and the tenants who named this landlord before they joined: (rental, how many).

    The same rental sent twice at the same moment (a double tap, two tabs: both found none registered): the
    database refuses the second (one rental per landlord and address, RentalProperty), which answers with the
    first's rental and None (nothing of its own written)."""
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
    try:
        db.session.add(rental)
        db.session.flush()
        waiting = events.registered(rental, today)  # e.g. the tenants who named this landlord before (claims)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        first = rules.registered_already(landlord, place, road=road, number=number, building=building, unit=unit)
        if first is None:  # another constraint: not a double send
            raise
        return first, None
    return rental, waiting


def add_rooms(rental: RentalProperty, names: list[str]) -> int:
    """Rooms added to a registered rental (those already listed are left as they are): how many were new. The same
    rooms sent twice at once: the second finds them added by the first (a room's name is unique in its rental)."""
    before = len(rental.rooms)
    set_rooms(rental, names)
    added = len(rental.rooms) - before
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return 0
    return added


def set_rooms(rental: RentalProperty, names: list[str]) -> None:
    """Add the new room names; keep rooms that are in use even if left out."""
    existing = {stored_part("room", r.name) for r in rental.rooms}  # a room listed as "101室" before is 101
    for name in names:
        if stored_part("room", name) not in existing:
            rental.rooms.append(Room(name=name))


def remove_room(rental: RentalProperty, room: Room) -> None:
    """A room no tenant has named (rules.removable_rooms), taken off the rental."""
    rental.rooms.remove(room)
    db.session.commit()


def change_phone(rental: RentalProperty, phone: str, today: date) -> int:
    """The rental's mobile number changed: tenants of its community who named the new number before are offered
    the rental, as when it was registered (events.registered): how many. Those offered it under the old number keep
    their offer (that number was this landlord's)."""
    if phone == rental.landlord_phone:
        return 0
    rental.landlord_phone = phone
    db.session.flush()
    waiting = events.registered(rental, today)
    db.session.commit()
    return waiting

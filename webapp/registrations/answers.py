"""Checks on a report that need the database (the place, the landlord, the room, the employer's code), turning a
valid form into ReportAnswers. Errors are put on the form's fields, in the person's language."""

import re

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.extensions import db
from webapp.people import reference
from webapp.places.address import stored_part
from webapp.places.models import Place
from webapp.registrations.service import ReportAnswers, find_employer
from webapp.rentals import rules as rental_rules
from webapp.rentals.models import RentalProperty

RENTAL_CODE = re.compile(r"^[2-9A-HJ-NP-Z]{8}$")


def _error(field, message) -> None:
    field.errors = [*field.errors, message]


def find_rental(text: str, place: Place | None) -> tuple[RentalProperty | None, str | None, str | None]:
    """(the landlord's registered rental, the mobile number given, an error code): code_unknown, not_code_or_mobile,
    several (the landlord has more than one rental in the community: the code tells which)."""
    code = text.upper().replace("-", "").replace(" ", "")
    if RENTAL_CODE.match(code):
        rental = rental_rules.rental_by_code(code)  # a deleted landlord's code is as unknown as a mistyped one
        return rental, None, None if rental else "code_unknown"
    phone, error = reference.check_mobile(text)
    if error:
        return None, None, "not_code_or_mobile"
    if place is None:
        return None, phone, None
    matches = db.session.scalars(
        select(RentalProperty).where(
            RentalProperty.landlord_phone_is(phone),
            RentalProperty.place_id == place.id,
            rental_rules.open_to_tenants(),  # a deleted landlord's number: as for a landlord not on Xinju
        )
    ).all()
    if len(matches) > 1:
        return None, phone, "several"
    return (matches[0] if matches else None), phone, None


LANDLORD_ERRORS = {
    "code_unknown": lambda: _(
        "We cannot find a rental with this code. Check it on the poster, or enter your landlord's mobile number"
    ),
    "not_code_or_mobile": lambda: _(
        "Enter the rental code from the poster (8 letters and digits, like 4F7K-29QD) or your landlord's mobile "
        "number of 11 digits"
    ),
    "several": lambda: _("Your landlord has more than one rental here: enter the rental code from the poster"),
}


def address_answers(form, community_code: str | None, rental: RentalProperty | None) -> dict | None:
    """The address part: from the landlord's property when there is one, else from the form. A landlord who is not
    on Xinju yet is named by the tenant (name and mobile): the report goes in and waits for them."""
    ok = True
    place = db.session.scalar(select(Place).where(Place.code == community_code)) if community_code else None
    renting = form.housing_type.data == "rental"
    landlord_name, landlord_phone = "", None
    if renting and rental is None and form.landlord.data:
        rental, phone, problem = find_rental(form.landlord.data, place)
        if problem:
            _error(form.landlord, LANDLORD_ERRORS[problem]())
            ok = False
        elif rental is None and not form.landlord_name.data:
            _error(
                form.landlord_name,
                _(
                    "Your landlord is not on Xinju yet: enter their name, and we will ask them to confirm when "
                    "they join"
                ),
            )
            ok = False
        elif rental is None:
            landlord_name, landlord_phone = form.landlord_name.data, phone
    elif renting and rental is None:
        _error(form.landlord, _("Enter your landlord's rental code or mobile number"))
        ok = False
    if not (renting and rental is not None) and (place is None or place.level != "community"):
        _error(form.community, _("Choose the village or community you live in"))
        ok = False
    room = None
    if rental is not None and renting:
        if rental.rooms:
            typed = stored_part("room", form.room.data)  # "１０１", "101室" and "101" are room 101
            room = next((r for r in rental.rooms if stored_part("room", r.name) == typed), None)
            if room is None:
                names = ", ".join(r.name for r in rental.rooms)
                _error(form.room, _("Choose a room in your landlord's property: %(rooms)s", rooms=names))
                ok = False
        place = rental.place
    if not ok:
        return None
    use = rental if rental is not None and renting else None
    return {
        "place": place,
        # As they will be stored (the check page shows what the receipt will say): full-width folded, "3栋" as "3".
        "road": use.road if use else stored_part("road", form.road.data),
        "number": use.number if use else stored_part("number", form.number.data),
        "building": use.building if use else stored_part("building", form.building.data),
        "unit": use.unit if use else stored_part("unit", form.unit.data),
        "room": room.name if room is not None else stored_part("room", form.room.data),
        "housing_type": form.housing_type.data,
        "rental": use,
        "rental_room": room,
        "landlord_name": landlord_name,
        "landlord_phone": landlord_phone,
    }


def work_answers(form, *, required: bool = False) -> dict | None:
    """The employer part. Given the unified social credit code of an employer on Xinju, its name is taken from
    there; otherwise the name is asked (always for a new job, which is `required`)."""
    uscc, ok = None, True
    name = form.employer_name.data or ""
    if form.employer_uscc.data and not form.employer_uscc.errors:
        uscc, error = reference.check_uscc(form.employer_uscc.data)
        if error:
            _error(form.employer_uscc, _("This is not a valid unified social credit code: check the 18 characters"))
            ok = False
    if uscc and not name:
        employer = find_employer(uscc)
        name = employer.name if employer is not None else ""
        if employer is None and not form.employer_name.errors:
            _error(form.employer_name, _("No employer with this code is on Xinju yet: enter the employer's name"))
            ok = False
    elif required and not name and not form.employer_uscc.errors and not form.employer_name.errors:
        _error(form.employer_name, _("Enter the name of your new employer"))
        ok = False
    return {"employer_name": name, "employer_uscc": uscc} if ok else None


def report_answers(form, community_code: str | None, rental: RentalProperty | None) -> ReportAnswers | None:
    """Safe to call on a form that failed its own validation: its errors and these are then shown together."""
    address = address_answers(form, community_code, rental)
    work = work_answers(form)
    if address is None or work is None or form.errors:
        return None
    return ReportAnswers(
        **address,
        **work,
        arrival_date=form.arrival_date.data,
        stay_count=None if form.stay_open.data else form.stay_count.data,
        stay_unit=None if form.stay_open.data else form.stay_unit.data,
        reason=form.reason.data,
        commuter=bool(form.commuter.data),
    )

"""Checks and changes on people, as plain functions."""

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.people import placeholders, reference
from webapp.people.models import Person


def check_identity(
    id_number: str, birth_date: date | None, *, person: Person | None = None, claimable: bool = False
) -> tuple[str | None, str | None]:
    """(the number, None) when it is valid and nobody else has it; (None, error code) otherwise.

    `claimable`: the person registering their own record may take a number held by a record someone else entered
    (people/placeholders.py): it does not lock them out."""
    number, error = reference.check_id_number(id_number, birth_date)
    if error:
        return None, error
    holder = db.session.scalar(select(Person).where(Person.id_number == number))
    if holder is not None and (person is None or holder.id != person.id):
        if claimable and placeholders.is_placeholder(holder):
            return number, None
        return None, "taken"
    return number, None

"""Checks and changes on people, as plain functions."""

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.people import reference
from webapp.people.models import Person


def check_identity(
    id_number: str, birth_date: date | None, *, person: Person | None = None
) -> tuple[str | None, str | None]:
    """(the number, None) when it is valid and nobody else has it; (None, error code) otherwise."""
    number, error = reference.check_id_number(id_number, birth_date)
    if error:
        return None, error
    holder = db.session.scalar(select(Person.id).where(Person.id_number == number))
    if holder is not None and (person is None or holder != person.id):
        return None, "taken"
    return number, None

"""Whose record a signed-in migrant works on: their own person (the head of their household)."""

from flask_login import current_user

from webapp.extensions import db
from webapp.people.models import Person


def own_person() -> Person | None:
    """The signed-in account's own person, or None before they have filled in their profile."""
    return db.session.scalar(db.select(Person).where(Person.account_id == current_user.id))

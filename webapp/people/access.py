"""Whose record a signed-in migrant works on: their own person (the head of their household)."""

from functools import cache

from flask_login import current_user
from sqlalchemy import bindparam, select

from webapp.extensions import db
from webapp.people.models import Person


@cache
def _own_person_statement():
    """own_person's SELECT, built once (every page of a migrant's own records asks); parameter `account_id`."""
    return select(Person).where(Person.account_id == bindparam("account_id"))


def own_person() -> Person | None:
    """The signed-in account's own person, or None before they have filled in their profile."""
    return db.session.scalar(_own_person_statement(), {"account_id": current_user.id})

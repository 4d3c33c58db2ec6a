"""From a person's records to the facts the eligibility rules need."""

from datetime import date
from functools import cache

from sqlalchemy import bindparam, select

from webapp.extensions import db
from webapp.people.models import Person
from webapp.permits import rules as permit_rules
from webapp.permits.service import current_permit
from webapp.registrations.service import current_place_code
from webapp.services.eligibility import Applicant


@cache
def _children_statement():
    """The birth dates of the children in a person's household (`person_id`): only the dates, not each member's
    record with its ID and phone numbers decrypted. Built once: the services page asks on every view."""
    return (
        select(Person.birth_date)
        .where(Person.household_of_id == bindparam("person_id"), Person.relation == "child")
        .order_by(Person.birth_date)
    )


def applicant_for(person, today: date) -> Applicant:
    permit = current_permit(person)
    children = tuple(db.session.scalars(_children_statement(), {"person_id": person.id}))
    place_code = current_place_code(person)  # of the current report: not ended, not rejected
    return Applicant(
        registered=place_code is not None,
        permit=permit_rules.state_on(permit, today).status if permit else None,
        birth_date=person.birth_date,
        children_birth_dates=children,
        place_code=place_code,
    )

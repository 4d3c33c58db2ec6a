"""From a person's records to the facts the eligibility rules need."""

from datetime import date

from webapp.permits import rules as permit_rules
from webapp.permits.service import current_permit
from webapp.registrations.service import current_place_code
from webapp.services.eligibility import Applicant


def applicant_for(person, today: date) -> Applicant:
    permit = current_permit(person)
    children = tuple(m.birth_date for m in person.members if m.relation == "child")
    place_code = current_place_code(person)  # of the current report: not ended, not rejected
    return Applicant(
        registered=place_code is not None,
        permit=permit_rules.state_on(permit, today).status if permit else None,
        birth_date=person.birth_date,
        children_birth_dates=children,
        place_code=place_code,
    )

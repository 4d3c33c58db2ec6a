"""From a person's records to the facts the eligibility rules need."""

from datetime import date

from webapp.permits import rules as permit_rules
from webapp.permits.service import current_permit
from webapp.registrations.service import has_current_report
from webapp.services.eligibility import Applicant


def applicant_for(person, today: date) -> Applicant:
    permit = current_permit(person)
    children = tuple(m.birth_date for m in person.members if m.relation == "child")
    return Applicant(
        registered=has_current_report(person),  # not ended, not rejected
        permit=permit_rules.state_on(permit, today).status if permit else None,
        birth_date=person.birth_date,
        children_birth_dates=children,
    )

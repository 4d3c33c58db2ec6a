"""What waits for a person's answer: landlords and organisations that joined Xinju with the mobile number or code the
person gave for theirs (webapp/claims/service: offered, then accepted or declined)."""

from dataclasses import dataclass

from sqlalchemy import select

from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.rentals.models import Tenancy


@dataclass(frozen=True)
class Offer:
    party: str  # landlord or employer
    claim_id: int
    name: str  # the landlord's display name, or the organisation's


def offers_for(person) -> list[Offer]:
    if person is None:
        return []
    tenancies = db.session.scalars(
        select(Tenancy).where(Tenancy.person_id == person.id, Tenancy.offered_property_id.is_not(None))
    )
    jobs = db.session.scalars(
        select(Employment).where(Employment.person_id == person.id, Employment.offered_employer_id.is_not(None))
    )
    return [Offer("landlord", t.id, t.offered_property.landlord.display_name) for t in tenancies] + [
        Offer("employer", e.id, e.offered_employer.name) for e in jobs
    ]

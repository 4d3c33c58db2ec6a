"""Which officers work on a person's service request: the department it was sent to, in its county."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.services.models import ServiceRequest


def officer_case(person_id: int, grant) -> bool:
    """The officer of this grant answers a service request of this person (so may see their residence report)."""
    case = select(ServiceRequest.id).where(
        ServiceRequest.person_id == person_id,
        ServiceRequest.department == grant.department,
        ServiceRequest.county_id == grant.place_id,
    )
    return db.session.scalar(case.limit(1)) is not None

"""Which officers work on a person's service request: the department it was sent to, in its county."""

from sqlalchemy import and_, or_, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.privacy.retention import OFFICER_REPORT_DAYS
from webapp.services import statuses
from webapp.services.models import ServiceRequest


def officer_case(person_id: int, grant) -> bool:
    """The officer of this grant answers a service request of this person (so may see their residence report):
    one open, or answered (last changed) within the time a decision can be challenged (retention.toml [access]). One
    the person withdrew has no decision to challenge: the officer's need ends with it."""
    case = select(ServiceRequest.id).where(
        ServiceRequest.person_id == person_id,
        ServiceRequest.department == grant.department,
        ServiceRequest.county_id == grant.place_id,
        or_(
            ServiceRequest.status.in_(statuses.OPEN),
            and_(
                ServiceRequest.status.in_(statuses.ANSWERED),
                ServiceRequest.updated_at >= utcnow() - OFFICER_REPORT_DAYS,
            ),
        ),
    )
    return db.session.scalar(case.limit(1)) is not None

"""Which officers work on a person's permit: public security of the county the application was made to."""

from sqlalchemy import and_, or_, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.permits.models import PermitApplication
from webapp.privacy.retention import OFFICER_REPORT_DAYS


def officer_case(person_id: int, grant) -> bool:
    """The officer of this grant decides a permit application of this person (so may see their residence report):
    one waiting, or decided within the time a decision can be challenged (retention.toml [access]). One the person
    withdrew has no decision to challenge: the officer's need ends with it."""
    if grant.department != "public_security":
        return False
    case = select(PermitApplication.id).where(
        PermitApplication.person_id == person_id,
        PermitApplication.county_id == grant.place_id,
        or_(
            PermitApplication.status.in_(("submitted", "missing")),
            and_(
                PermitApplication.status.in_(("approved", "refused")),
                PermitApplication.decided_at >= utcnow() - OFFICER_REPORT_DAYS,
            ),
        ),
    )
    return db.session.scalar(case.limit(1)) is not None

"""Which officers work on a person's permit: public security of the county the application was made to."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.permits.models import PermitApplication


def officer_case(person_id: int, grant) -> bool:
    """The officer of this grant decides a permit application of this person (so may see their residence report)."""
    if grant.department != "public_security":
        return False
    case = select(PermitApplication.id).where(
        PermitApplication.person_id == person_id, PermitApplication.county_id == grant.place_id
    )
    return db.session.scalar(case.limit(1)) is not None

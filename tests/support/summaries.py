"""Every test checks, when it ends, that the dashboard summaries kept by its commits equal a full recount
(webapp/summaries/), the counties' months and requests (kept by adding each commit's differences) too. A test that
moves the calendar or bulk-loads data opts out with @pytest.mark.summaries_out_of_date."""

from sqlalchemy import select

from webapp.summaries.counting import refresh_all
from webapp.summaries.models import CommunityMonth, CommunityStats, CountyMonth, CountyRequests, EmployerStats


def snapshot(db) -> dict[str, list[tuple]]:
    """The summary rows with something counted (a community nobody has touched yet may have no row at all)."""

    def rows(table, counted, *skip):
        columns = [c for c in table.__table__.columns if c.name not in skip]
        return sorted(tuple(row) for row in db.session.execute(select(*columns)).all() if counted(row))

    return {
        "community_stats": rows(CommunityStats, lambda row: any(row[2:]), "as_of"),
        "community_month": rows(CommunityMonth, lambda row: True),
        # Kept by adding differences: a county's month whose communities no longer count anything stays, as zeros.
        "county_month": rows(CountyMonth, lambda row: any(row[2:])),
        "employer_stats": rows(EmployerStats, lambda row: True),
        # Kept by adding differences too: a day whose requests moved on stays, as a zero.
        "county_requests": rows(CountyRequests, lambda row: row.requests != 0),
    }


def nothing_to_count(db, kept: dict[str, list[tuple]]) -> bool:
    """True when a recount must find nothing: no summary row counts anything and no record they are counted from
    (reports, role grants, employers, service requests) exists. Then the recount (about 40 ms) is skipped: most
    tests that make no report end here."""
    from webapp.accounts.models import RoleGrant
    from webapp.employers.models import Employer
    from webapp.registrations.models import ResidenceReport
    from webapp.services.models import ServiceRequest

    if any(kept.values()):
        return False
    return all(
        db.session.scalar(select(model.id).limit(1)) is None
        for model in (ResidenceReport, RoleGrant, Employer, ServiceRequest)
    )


def assert_summaries_match_a_recount(db) -> None:
    kept = snapshot(db)
    if nothing_to_count(db, kept):
        return
    refresh_all()
    recounted = snapshot(db)
    for name in kept:
        only_kept = sorted(set(kept[name]) - set(recounted[name]))
        only_recounted = sorted(set(recounted[name]) - set(kept[name]))
        assert only_kept == only_recounted == [], f"{name}: kept {only_kept[:5]}, recounted {only_recounted[:5]}"

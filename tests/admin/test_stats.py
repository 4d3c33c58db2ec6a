"""The summaries kept up to date by every commit equal a full recount, whatever changed (webapp/summaries/)."""

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.summaries import assert_summaries_match_a_recount
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.employers.models import Employer, Employment
from webapp.permits.models import Endorsement, Permit
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport
from webapp.summaries.counting import refresh_all
from webapp.synthetic.generator import generate


def test_summaries_kept_by_each_commit_equal_a_recount(db):
    generate(800, 11, cities=("3703",), batch=400, echo=lambda _line: None)
    refresh_all()
    rng = random.Random(3)
    today = clock.today()
    communities = db.session.scalars(
        select(Place).where(Place.level == "community", Place.code.startswith("370303"))
    ).all()[:40]
    reports = db.session.scalars(select(ResidenceReport).where(ResidenceReport.ended_on.is_(None))).all()
    rng.shuffle(reports)
    for report in reports[:40]:  # verified, or sent back to be checked
        report.status = rng.choice(["verified", "submitted", "confirmed", "corrected", "rejected"])
    db.session.commit()
    for report in reports[40:60]:  # moved to another community (a correction at a visit)
        report.place = rng.choice(communities)
    db.session.commit()
    for report in reports[60:75]:  # left
        report.ended_on, report.end_reason, report.status = today, rng.choice(["move", "deregistered"]), "ended"
    db.session.commit()
    permits = db.session.scalars(select(Permit)).all()
    for permit in permits[:10]:
        permit.revoked_on = today
    for permit in permits[10:20]:
        db.session.add(Endorsement(permit=permit, year=len(permit.endorsements) + 1, endorsed_on=today))
    db.session.commit()
    coordinators = db.session.scalars(select(RoleGrant).where(RoleGrant.role == "coordinator")).all()
    coordinators[0].account.deactivated_at = clock.utcnow()
    coordinators[1].place = rng.choice(communities)  # reassigned
    db.session.delete(coordinators[2])
    db.session.add(RoleGrant(account=Account(display_name="新协管员"), role="coordinator", place=communities[0]))
    db.session.commit()
    employments = db.session.scalars(select(Employment).where(Employment.ended_on.is_(None))).all()
    employers = db.session.scalars(select(Employer).where(Employer.place_id.is_not(None))).all()
    for employment in employments[:20]:
        employment.ended_on = today - timedelta(days=1)
    for employment in employments[20:40]:
        employment.employer = rng.choice(employers)  # a new job
    employers[0].place = communities[1]
    db.session.commit()
    assert_summaries_match_a_recount(db)


@pytest.mark.summaries_out_of_date  # a summary row written by hand, with no report behind it
def test_a_backlog_of_thousands_in_one_community_is_stored(db, community):
    """3,000 reports waiting in one community: the sum of the days they were sent passes 2^31 (the busiest
    community of a synthetic city of 3,000,000 migrants reached it, and the recount failed on PostgreSQL)."""
    from webapp.summaries.models import CommunityStats

    day = clock.today().toordinal()
    db.session.add(
        CommunityStats(
            place_id=community.id,
            code=community.code,
            registered=3000,
            backlog=3000,
            backlog_day_sum=3000 * day,
            backlog_first_day=day,
            as_of=clock.today(),
        )
    )
    db.session.commit()
    assert 3000 * day > 2**31
    assert db.session.scalar(select(CommunityStats.backlog_day_sum)) == 3000 * day


def test_the_recount_counts_by_the_zone_in_force(db, community):
    """A report sent at 01:00 on 1 July in China (17:00 on 30 June, UTC) arrives in July; with the calendar set to
    UTC, in June. The recount's statements are built once, so the zone must be part of what they are kept by."""
    from datetime import datetime

    from tests.support.factories import create_reports
    from webapp.summaries.counting import compute

    create_reports(community, 1, status="submitted", created=datetime(2026, 6, 30, 17, 0))
    day = clock.today()
    months = lambda: {row["month"] for row in compute([community.id], day)[1]}  # noqa: E731
    assert months() == {"2026-07"}
    clock.set_zone("UTC")
    try:
        assert months() == {"2026-06"}
        assert {row["month"] for row in compute(None, day)[1]} == {"2026-06"}  # every community: the same
    finally:
        clock.set_zone(clock.DEFAULT_ZONE)
    assert months() == {"2026-07"}

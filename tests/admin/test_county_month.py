"""county_month, the community months summed per county that a city's dashboard reads, stays exact at every
commit: it equals community_month summed afresh, after writes of each kind (the db fixture also compares it with a
full recount at the end of every test), and when commits in several communities of one county run at once."""

import threading
from collections import defaultdict

import pytest
from sqlalchemy import select

from tests.support.factories import create_place, create_reports
from webapp import clock
from webapp.admin import indicators
from webapp.registrations.models import ResidenceReport
from webapp.summaries.counting import MONTH_COUNTED
from webapp.summaries.models import CommunityMonth, CountyMonth


def summed_afresh(db) -> dict[tuple[str, str], tuple]:
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(MONTH_COUNTED))
    for row in db.session.scalars(select(CommunityMonth)):
        key = (row.code[:6], row.month)
        sums[key] = [s + getattr(row, name) for s, name in zip(sums[key], MONTH_COUNTED, strict=True)]
    return {key: tuple(values) for key, values in sums.items() if any(values)}


def kept(db) -> dict[tuple[str, str], tuple]:
    db.session.expire_all()
    rows = {
        (row.code, row.month): tuple(getattr(row, name) for name in MONTH_COUNTED)
        for row in db.session.scalars(select(CountyMonth))
    }
    return {key: values for key, values in rows.items() if any(values)}


def test_county_months_follow_every_kind_of_write(db):
    here, elsewhere, other_county = (
        create_place("370303001001"),
        create_place("370303002001"),
        create_place("370302001001"),
    )
    create_reports(here, 6, status="submitted")
    create_reports(other_county, 3, status="verified")
    assert kept(db) == summed_afresh(db) != {}
    reports = db.session.scalars(select(ResidenceReport).where(ResidenceReport.place_id == here.id)).all()
    reports[0].status = "rejected"  # a rejected report was nobody arriving
    db.session.commit()
    assert kept(db) == summed_afresh(db)
    reports[1].place = other_county  # corrected to a community of another county: moves between counties' rows
    reports[2].place = elsewhere  # and within the county
    db.session.commit()
    assert kept(db) == summed_afresh(db)
    reports[3].ended_on, reports[3].end_reason, reports[3].status = clock.today(), "deregistered", "ended"  # left
    db.session.commit()
    assert kept(db) == summed_afresh(db)
    db.session.delete(reports[4])
    db.session.commit()
    assert kept(db) == summed_afresh(db)


def test_the_city_dashboard_reads_the_same_months_as_its_communities_give(db):
    create_reports(create_place("370303001001"), 4, status="verified")
    create_reports(create_place("370302001001"), 2, status="submitted", kind="move")
    city = create_place("3703")
    board = indicators.dashboard(city, clock.today())
    arrivals = sum(row.arrivals - row.moves_in_city for row in db.session.scalars(select(CommunityMonth)))
    assert sum(a for _m, a, _d in board.months) == arrivals == 6
    by_county = {child.code: counts.changes for child, counts in board.children}
    assert by_county["370302"] == 2 and by_county["370303"] == 0


@pytest.mark.postgresql_only
def test_commits_in_several_communities_of_one_county_at_once_keep_it_exact(app, db):
    communities = [create_place(f"370303001{n:03d}") for n in range(1, 9)]
    for community in communities:
        create_reports(community, 3, status="submitted")
    ids = {
        c.id: db.session.scalars(select(ResidenceReport.id).where(ResidenceReport.place_id == c.id)).all()
        for c in communities
    }
    start = threading.Barrier(len(communities))
    failures: list[str] = []

    def work(place_id: int) -> None:
        with app.app_context():
            start.wait()
            try:
                for report_id in ids[place_id][:2]:  # each commit changes the county's months
                    db.session.get(ResidenceReport, report_id).status = "rejected"
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(c.id,), daemon=True) for c in communities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert kept(db) == summed_afresh(db)
    assert sum(values[0] for values in kept(db).values()) == len(communities)  # one arrival left in each

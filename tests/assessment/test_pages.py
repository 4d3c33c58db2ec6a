"""The assessment and the work record on small hand-built data: known answers, the pages, the CSVs, the refusals."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.factories import create_reports
from webapp import clock
from webapp.assessment import counting
from webapp.assessment.models import AreaSnapshot, WorkRecord
from webapp.assessment.periods import Period
from webapp.audit.models import AuditEvent
from webapp.registrations.models import ReportEvent
from webapp.summaries.counting import refresh_all
from webapp.visits.models import Visit

pytestmark = pytest.mark.usefixtures("test_day")  # known answers counted from the suite's day


@pytest.fixture
def area(create_place):
    return {
        "county": create_place("370303", "张店区"),
        "a": create_place("370303001001", "甲社区"),
        "b": create_place("370303001002", "乙社区"),
        "c": create_place("370303002001", "丙村"),
        "d": create_place("370303002002", "丁村"),
    }


def body(response) -> list[str]:
    return response.get_data(as_text=True).lstrip("\ufeff").splitlines()


@pytest.fixture
def ranked(db, area, create_account):
    """Township 001: 20 registered, 10 verified; a coordinator for a, none for b (needs 2): score 50.0.
    Township 002: 4 registered, all verified, 4 changes of which 2 on time, its coordinator: score 84.6."""
    create_reports(area["a"], 10)
    create_reports(area["b"], 10, status="submitted")
    create_reports(area["c"], 2, kind="move")
    create_reports(area["c"], 2, kind="move", late=True)
    create_account("coordinator", place=area["a"])
    create_account("coordinator", place=area["c"])
    refresh_all(clock.today())
    # The end of last year: community a had 10 migrants, none verified, no coordinator.
    db.session.add(AreaSnapshot(place_id=area["a"].id, month="2025-12", code=area["a"].code, registered=10))
    db.session.commit()
    return area


def test_ranking_with_known_answers(client, ranked, create_account, sign_in):
    sign_in(create_account("admin", place=ranked["county"]))
    response = client.get("/admin/assessment/370303")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "84.6" in html and "50.0" in html and "+50.0 points" in html and "no earlier figures" in html
    assert "How the ranking is made" in html and "Service stations where required" in html
    lines = body(client.get("/admin/assessment/370303/ranking.csv?period=2026"))
    assert lines[0].startswith("rank,code,name,score,previous_rank,previous_score,change,verified_percent")
    # verified, changes on time, coordinators, stations, requests, permits; registered, permits issued
    assert lines[1] == "1,370303002,place 370303002,84.6,,,,100.0,50.0,100.0,,,,4,0"
    assert lines[2] == "2,370303001,place 370303001,50.0,1,0.0,50.0,50.0,,50.0,,,,20,0"
    assert "weight,verified,30.0," in lines[4]


def test_drill_down_stays_inside_the_administrators_area(client, ranked, create_account, sign_in):
    sign_in(create_account("admin", place=ranked["county"]))
    html = client.get("/admin/assessment/370303001").get_data(as_text=True)
    assert "甲社区" in html and "乙社区" in html and "丙村" not in html
    sign_in(create_account("admin", place=ranked["a"].parent))
    assert client.get("/admin/assessment/370303001").status_code == 200
    assert client.get("/admin/assessment/370303").status_code == 404  # above
    assert client.get("/admin/assessment/370303002").status_code == 404  # beside
    assert client.get("/admin/assessment/370303002/ranking.csv").status_code == 404
    assert client.get("/admin/assessment").location.endswith("/admin/assessment/370303001")
    sign_in(create_account("coordinator", place=ranked["a"]))
    assert client.get("/admin/assessment/370303001").status_code == 403


def test_the_ranking_csv_needs_a_fresh_passkey_check_and_is_in_the_audit_log(
    client, db, ranked, create_account, sign_in
):
    admin = create_account("admin", place=ranked["county"])
    sign_in(admin, verified=False)
    assert client.get("/admin/assessment/370303/ranking.csv").status_code != 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.csv")) is None
    sign_in(admin)
    assert client.get("/admin/assessment/370303/ranking.csv").status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.csv"))
    assert (event.actor_id, event.reason, event.details["place"]) == (admin.id, "assessment", "370303")


def test_a_month_is_compared_with_the_month_before(client, ranked, create_account, sign_in):
    sign_in(create_account("admin", place=ranked["county"]))
    lines = body(client.get("/admin/assessment/370303/ranking.csv?period=2026-07"))
    assert lines[1].startswith("1,370303002,place 370303002,84.6,,,,")  # no snapshot of June: nothing to compare


def at_china(year, month, day, hour, minute=0) -> datetime:
    """A China wall time as stored (naive UTC)."""
    return datetime(year, month, day, hour, minute) - timedelta(hours=8)


@pytest.fixture
def work(db, area, create_account, create_rental):
    k = create_account("coordinator", place=area["a"], display_name="协管员甲")
    l_ = create_account("coordinator", place=area["b"], display_name="协管员乙")
    r1, r2, r3, r4 = create_reports(area["a"], 4, status="submitted")
    r1.created_at = at_china(2026, 6, 29, 0, 30)  # first visit 2 days later
    r2.created_at = at_china(2026, 6, 29, 23, 30)  # first visit 1 day later (in June, China time)
    r3.created_at = at_china(2026, 7, 7, 0, 30)  # first visit 3 days later
    r4.created_at = at_china(2025, 12, 30, 23, 30)

    def visit(report, outcome, when):
        db.session.add(
            Visit(
                client_id=f"c{report.id}{outcome}",
                coordinator_id=k.id,
                report_id=report.id,
                outcome=outcome,
                recorded_at=when,
                seen_version=1,
                server_version=1,
            )
        )

    visit(r1, "confirmed", at_china(2026, 7, 1, 0, 30))  # 30 June in UTC: July in China
    visit(r2, "not_found", at_china(2026, 6, 30, 23, 30))  # June
    visit(r2, "corrected", at_china(2026, 7, 3, 9))  # not a first visit
    visit(r3, "declined", at_china(2026, 7, 10, 0, 30))
    visit(r4, "confirmed", at_china(2025, 12, 31, 23, 30))  # last year
    for report, action, when in (
        (r1, "verified", at_china(2026, 7, 1, 0, 30)),
        (r2, "corrected", at_china(2026, 7, 3, 9)),
    ):
        db.session.add(ReportEvent(report_id=report.id, actor_id=k.id, party="coordinator", action=action, at=when))
    assisted = create_reports(area["a"], 1)[0]
    assisted.submitted_by_id = k.id
    own = create_reports(area["a"], 1)[0]
    own.person.account_id = k.id  # a coordinator's own report is not an assisted registration
    own.submitted_by_id = k.id
    db.session.commit()
    create_rental(create_account("landlord"), area["a"])
    counting.recount(clock.today())
    counting.count_period(Period(2025))
    db.session.commit()
    return k, l_


def test_work_record_with_known_answers(db, area, work):
    k, l_ = work

    def row(period, who, place):
        return db.session.get(WorkRecord, (period, who.id, place.id))

    july = row("2026-07", k, area["a"])
    assert (july.visits_confirmed, july.visits_corrected, july.visits_not_found, july.visits_declined) == (1, 1, 0, 1)
    assert (july.reports_verified, july.assisted, july.community_rentals) == (2, 1, 1)
    assert (july.first_visits, july.median_days_to_visit) == (2, 2.5)
    june = row("2026-06", k, area["a"])
    assert (june.visits_not_found, june.visits_confirmed, june.first_visits, june.median_days_to_visit) == (
        1,
        0,
        1,
        1.0,
    )
    year = row("2026", k, area["a"])
    assert (year.first_visits, year.median_days_to_visit, year.visits_confirmed) == (3, 2.0, 1)
    last_year = row("2025", k, area["a"])
    assert (last_year.visits_confirmed, last_year.first_visits) == (1, 1)
    nothing = row("2026-07", l_, area["b"])  # a coordinator with nothing done still has a row
    assert (nothing.visits_confirmed, nothing.first_visits, nothing.median_days_to_visit) == (0, 0, None)


def test_work_record_pages_and_csv(client, db, area, work, create_account, sign_in):
    k, l_ = work
    admin = sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/work-record/370303?period=2026-07").get_data(as_text=True)
    assert "协管员甲" in html and "协管员乙" in html and "What is counted" in html
    lines = body(client.get("/admin/work-record/370303/work-record.csv?period=2026-07"))
    assert lines[0].startswith("coordinator_reference,coordinator,community_code,community,visits,visits_confirmed")
    assert lines[1] == f"{k.reference},协管员甲,370303001001,甲社区,3,1,1,0,0,1,2,1,2,2.5,1"
    assert lines[2] == f"{l_.reference},协管员乙,370303001002,乙社区,0,0,0,0,0,0,0,0,0,,0"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export.csv"))
    assert (event.actor_id, event.reason, event.details["period"]) == (admin.id, "work_record", "2026-07")
    township = client.get("/admin/work-record/370303001?period=2026").get_data(as_text=True)
    assert "甲社区" in township
    sign_in(create_account("admin", place=area["c"].parent))
    assert client.get("/admin/work-record/370303001").status_code == 404
    assert client.get("/admin/work-record/370303/work-record.csv").status_code == 404


def test_a_coordinator_sees_their_own_record_only(client, area, work, sign_in):
    k, l_ = work
    sign_in(k)
    html = client.get("/coordinator/work-record?period=2026-07").get_data(as_text=True)
    assert "甲社区" in html and "2.5" in html and "乙社区" not in html
    assert client.get("/admin/work-record/370303001001").status_code == 403
    assert client.get("/admin/work-record/370303001001/work-record.csv").status_code == 403
    sign_in(l_)
    html = client.get("/coordinator/work-record?period=2026-07").get_data(as_text=True)
    assert "乙社区" in html and "甲社区" not in html
    other = client.get(f"/coordinator/work-record?period=2026-07&coordinator={k.id}").get_data(as_text=True)
    assert "乙社区" in other and "甲社区" not in other  # no one else's record, whatever the URL says


def test_a_city_ranks_its_counties_on_requests_answered_by_their_target_date(
    client, db, area, create_place, create_account, sign_in
):
    """Closed on its target day at 23:30 China time: on time; at 00:30 the next day (still the target day in UTC):
    late. Open requests, and those closed in another year, are not counted."""
    from webapp.services.models import ServiceRequest

    other = create_place("370304001001", "戊社区")
    here, there = create_reports(area["a"], 1)[0], create_reports(other, 1)[0]
    target = datetime(2026, 5, 10).date()

    def ask(report, county_code, status, closed):
        county = db.session.scalar(select(type(area["county"])).where(type(area["county"]).code == county_code))
        request = ServiceRequest(
            person=report.person,
            service_code="legal_aid",
            department="justice",
            county_id=county.id,
            status=status,
            target_date=target,
        )
        db.session.add(request)
        db.session.flush()
        request.updated_at = closed

    ask(here, "370303", "completed", at_china(2026, 5, 10, 23, 30))  # on time
    ask(here, "370303", "refused", at_china(2026, 5, 11, 0, 30))  # late
    ask(here, "370303", "submitted", at_china(2026, 5, 1, 9))  # open: not counted
    ask(here, "370303", "completed", at_china(2025, 12, 31, 23, 30))  # last year
    ask(there, "370304", "completed", at_china(2026, 5, 9, 12))  # on time
    db.session.commit()
    refresh_all(clock.today())
    counting.recount(clock.today())  # the first count: every month
    sign_in(create_account("admin", place=area["county"].parent))
    lines = body(client.get("/admin/assessment/3703/ranking.csv?period=2026"))
    header = lines[0].split(",")
    column = header.index("requests_on_time_percent")
    shares = {line.split(",")[1]: line.split(",")[column] for line in lines[1:3]}
    assert shares == {"370303": "50.0", "370304": "100.0"}
    last_year = body(client.get("/admin/assessment/3703/ranking.csv?period=2025"))
    assert {line.split(",")[1]: line.split(",")[column] for line in last_year[1:3]} == {"370303": "100.0", "370304": ""}
    # The next nights count this month and the last again, and keep the months before.
    ask(there, "370304", "refused", at_china(2026, 7, 13, 12))
    db.session.commit()
    counting.recount(clock.today())
    lines = body(client.get("/admin/assessment/3703/ranking.csv?period=2026"))
    assert {line.split(",")[1]: line.split(",")[column] for line in lines[1:3]} == {"370303": "50.0", "370304": "50.0"}
    assert body(client.get("/admin/assessment/3703/ranking.csv?period=2025"))[1:3] == last_year[1:3]


def test_the_daily_job_counts_the_work_record_and_the_snapshot(db, runner, area, create_account):
    coordinator = create_account("coordinator", place=area["a"])
    create_reports(area["a"], 3)
    result = runner.invoke(args=["jobs", "run", "--today", "2026-07-14"])
    assert result.exit_code == 0, result.output
    copied = db.session.scalar(db.select(db.func.count()).select_from(AreaSnapshot))
    assert f"assessment: {copied} communities copied" in result.output and copied >= 1  # counted on both databases
    assert db.session.get(WorkRecord, ("2026-07", coordinator.id, area["a"].id)) is not None
    assert db.session.get(AreaSnapshot, (area["a"].id, "2026-07")).registered == 3


def test_a_period_before_the_first_monthly_copy_has_no_scores(client, ranked, create_account, sign_in):
    sign_in(create_account("admin", place=ranked["county"]))
    html = client.get("/admin/assessment/370303?period=2024").get_data(as_text=True)
    assert "There are no figures for this period" in html
    lines = body(client.get("/admin/assessment/370303/ranking.csv?period=2024"))
    assert [line.split(",")[:4] for line in lines[1:3]] == [
        ["", "370303001", "place 370303001", ""],
        ["", "370303002", "place 370303002", ""],
    ]


def test_the_audit_log_says_which_table_was_downloaded(client, ranked, create_account, sign_in):
    sign_in(create_account("admin", place=ranked["county"]))
    client.get("/admin/assessment/370303/ranking.csv")
    client.get("/admin/work-record/370303/work-record.csv")
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "ranking of the areas" in html and "coordinators&#39; work record" in html

"""Indicators on small hand-built data with known answers; scope refusals; the CSV export and its audit entry."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.factories import create_permit, create_reports
from tests.support.statements import statements_sent
from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.admin import indicators
from webapp.audit.models import AuditEvent
from webapp.jobs import cli as jobs
from webapp.places.models import Place
from webapp.summaries.models import CommunityStats


@pytest.fixture
def area(create_place):
    return {
        "county": create_place("370303", "张店区"),
        "a": create_place("370303001001", "甲社区"),
        "b": create_place("370303001002", "乙社区"),
        "c": create_place("370303002001", "丙村"),
        "d": create_place("370303002002", "丁村"),
    }


def test_indicators_with_known_answers(db, area, create_account):
    create_reports(area["a"], 30)  # 30: administrators needed
    four_days_ago = clock.start_of_day(clock.today() - timedelta(days=4))
    create_reports(area["b"], 29, status="submitted", created=four_days_ago)  # 29: not
    create_reports(area["c"], 201, status="confirmed")  # 201: a service station
    create_reports(area["d"], 200)  # 200: not
    create_reports(area["a"], 4, status="verified", kind="move", late=True)
    create_reports(area["a"], 6, status="verified", kind="move")
    create_reports(area["d"], 3, ended=clock.today(), status="ended")  # not registered any more
    create_account("coordinator", place=area["a"])
    create_account("admin", place=area["a"])
    board = indicators.dashboard(area["county"], clock.today())
    total = board.total
    assert total.registered == 30 + 29 + 201 + 200 + 10
    assert total.verified == 30 + 200 + 10
    assert total.backlog == 29 + 201
    assert total.oldest_backlog_days == 4
    assert (total.changes, total.changes_on_time) == (10, 6)
    # Community by community, as the assessment counts: each of the four needs one; only a has its own.
    assert (total.coordinators, total.coordinators_needed, total.coordinator_shortfall) == (1, 4, 3)
    staffing = {p.code: (n, admins) for p, n, admins in board.administrator_communities}
    assert staffing == {"370303001001": (40, 1), "370303002001": (201, 0), "370303002002": (200, 0)}
    assert [p.code for p, _n in board.station_communities] == ["370303002001"]
    children = {p.code: c for p, c in board.children}
    assert children["370303002"].registered == 401 and children["370303002"].coordinator_shortfall == 2


def test_employers_over_100_need_a_service_station(db, area):
    from webapp.employers.models import Employer

    big, small = Employer(name="大厂", place=area["a"]), Employer(name="小厂", place=area["b"])
    db.session.add_all([big, small])
    db.session.commit()
    create_reports(area["a"], 101, employer=big)
    create_reports(area["b"], 100, employer=small)
    board = indicators.dashboard(area["county"], clock.today())
    assert board.station_employers == [("大厂", 101)]


def test_an_employer_is_counted_once_it_says_where_it_is(db, area):
    from webapp.employers.models import Employer

    employer = Employer(name="新厂")
    db.session.add(employer)
    db.session.commit()
    create_reports(area["c"], 101, employer=employer)
    assert indicators.dashboard(area["county"], clock.today()).station_employers == []
    employer.place = area["c"]
    db.session.commit()
    assert indicators.dashboard(area["county"], clock.today()).station_employers == [("新厂", 101)]
    assert indicators.dashboard(area["a"], clock.today()).station_employers == []


def test_coordinators_against_1_per_500(db, area, create_account):
    create_reports(area["a"], 501)
    create_account("coordinator", place=area["a"])
    total = indicators.dashboard(area["county"], clock.today()).total
    assert (total.coordinators_needed, total.coordinator_shortfall) == (2, 1)


def test_the_dashboard_and_drill_down(client, db, area, create_account, sign_in):
    create_reports(area["a"], 3)
    sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "张店区" in html and "<svg" in html and 'href="/admin/places/370303001' in html
    assert client.get("/admin/places/370303001001").status_code == 200
    assert client.get("/admin").location.endswith("/admin/places/370303")


def test_the_way_up_is_shown_below_the_top_of_ones_area_only(client, db, area, create_account, sign_in):
    """At the top of one's area a trail would only repeat the heading (read out as "张店区 张店区")."""
    sign_in(create_account("admin", place=area["county"]))
    top = client.get("/admin/places/370303").get_data(as_text=True)
    assert "<h1>张店区</h1>" in top and 'class="breadcrumbs"' not in top
    below = client.get("/admin/places/370303001001").get_data(as_text=True)
    assert 'class="breadcrumbs"' in below and 'href="/admin/places/370303' in below


def test_administrators_see_only_their_node_and_below(client, db, area, create_account, create_place, sign_in):
    sign_in(create_account("admin", place=area["b"]))
    assert client.get("/admin/places/370303001002").status_code == 200
    assert client.get("/admin/places/370303").status_code == 404  # above
    assert client.get("/admin/places/370303001001").status_code == 404  # beside
    assert client.get("/admin/places/370303/export/areas.csv").status_code == 404
    sign_in(create_account("coordinator", place=area["a"]))
    assert client.get("/admin/places/370303001001").status_code == 403


def test_service_requests_by_status_and_past_target(client, db, area, create_place, create_account, sign_in):
    from webapp.services.models import ServiceRequest

    other_county = create_place("370304", "博山区")
    here, there = create_reports(area["a"], 3), create_reports(area["c"], 1)
    today = clock.today()

    def ask(report, county, status, days_left):
        db.session.add(
            ServiceRequest(
                person=report.person,
                service_code="legal_aid",
                department="justice",
                county_id=county.id,
                status=status,
                target_date=today + timedelta(days=days_left),
            )
        )

    ask(here[0], area["county"], "submitted", -1)  # past its target
    ask(here[1], area["county"], "in_progress", 0)  # due today: not yet past
    ask(here[2], area["county"], "completed", -5)  # done: never past
    ask(there[0], area["county"], "accepted", -2)  # past, in another community of the county
    ask(there[0], other_county, "submitted", -3)  # another county's queue
    ask(here[0], area["county"], "refused", -400)
    db.session.flush()
    closed_long_ago = db.session.scalars(db.select(ServiceRequest).where(ServiceRequest.status == "refused")).one()
    closed_long_ago.updated_at = clock.utcnow() - timedelta(days=400)  # closed before the last 12 months
    db.session.commit()
    assert indicators.dashboard(area["county"], today, 730).requests["refused"] == 1
    county = indicators.dashboard(area["county"], today)
    assert county.requests == {
        "submitted": 1,
        "accepted": 1,
        "in_progress": 1,
        "completed": 1,
        "refused": 0,
        "withdrawn": 0,
    }
    assert county.requests_overdue == 2
    community = indicators.dashboard(area["a"], today)
    assert community.requests == {
        "submitted": 1,
        "accepted": 0,
        "in_progress": 1,
        "completed": 1,
        "refused": 0,
        "withdrawn": 0,
    }
    assert community.requests_overdue == 1
    sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "Being worked on" in html and "Open and past their target" in html
    csv = client.get("/admin/places/370303/export/requests.csv").get_data(as_text=True).lstrip("\ufeff")
    assert csv.splitlines() == [
        "status,requests",
        "submitted,1",
        "accepted,1",
        "in_progress,1",
        "completed,1",
        "refused,0",
        "withdrawn,0",
        "open_past_target,2",
    ]


def test_export_content_and_audit(client, db, area, create_account, sign_in):
    create_reports(area["a"], 2)
    create_reports(area["c"], 1, status="submitted")
    admin = sign_in(create_account("admin", place=area["county"]))
    response = client.get("/admin/places/370303/export/areas.csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("code,name,registered,verified")
    assert "370303001,place 370303001,2,2,1.0,0" in lines[1]
    assert lines[2].startswith("370303002,place 370303002,1,0,0.0,1")
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.csv"))
    assert (event.actor_id, event.reason, event.details["place"]) == (admin.id, "areas", "370303")


def test_staff_management_within_scope(client, db, area, create_account, create_place, sign_in, post_form):
    admin = sign_in(create_account("admin", place=area["county"]))
    mine = create_account("coordinator", place=area["a"], display_name="本区协管员")
    theirs = create_account("coordinator", place=create_place("330302001001"), display_name="外区协管员")
    html = client.get("/admin/staff").get_data(as_text=True)
    assert "本区协管员" in html and "外区协管员" not in html
    post_form("/admin/staff/assign", {"reference": mine.reference, "community": "370303002001"}, page="/admin/staff")
    db.session.refresh(mine)
    assert {g.place.code for g in mine.grants} == {"370303001001", "370303002001"}
    assert client.post(f"/admin/staff/{theirs.id}/deactivate", data={"csrf_token": _token(client)}).status_code == 404
    assert client.get(f"/admin/staff/{theirs.id}").status_code == 404  # not in this area
    post_form(f"/admin/staff/{mine.id}/deactivate", {}, page=f"/admin/staff/{mine.id}")
    db.session.refresh(mine)
    assert mine.deactivated_at is not None
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Deactivated an account" in log and "本区协管员" in log  # what, and about whom
    assert admin.deactivated_at is None


def test_assigning_a_coordinator_shows_mistakes_next_to_the_fields(
    client, db, area, create_account, create_place, sign_in, post_form
):
    sign_in(create_account("admin", place=area["county"]))
    mine = create_account("coordinator", place=area["a"])
    theirs = create_account("coordinator", place=create_place("330302001001"))
    empty = post_form("/admin/staff/assign", {"reference": "", "community": "3703"}, page="/admin/staff")
    html = empty.get_data(as_text=True)
    assert 'id="reference-error"' in html and 'id="community-error"' in html and 'value="3703"' in html
    outside = post_form(
        "/admin/staff/assign", {"reference": theirs.reference, "community": "330302001001"}, page="/admin/staff"
    )
    html = outside.get_data(as_text=True)
    assert "no coordinator with this reference in your area" in html and "in your area." in html
    assert 'id="reference-error"' in html and 'id="community-error"' in html
    township = post_form(
        "/admin/staff/assign",
        {"reference": mine.reference_display.lower(), "community": "370303002000"},
        page="/admin/staff",
    )
    assert 'id="community-error"' in township.get_data(as_text=True)
    db.session.refresh(mine)
    assert [g.place.code for g in mine.grants] == ["370303001001"]  # nothing half-saved
    ok = post_form(
        "/admin/staff/assign",
        {"reference": mine.reference_display.lower(), "community": "370303002001"},
        page="/admin/staff",
    )
    assert ok.status_code == 302


def test_staff_list_and_audit_log_are_paged_and_exported(client, db, area, create_account, sign_in):
    from webapp.admin.staff import PAGE_SIZE, STAFF_PAGE_SIZE
    from webapp.audit import log as audit

    admin = sign_in(create_account("admin", place=area["county"], display_name="管理员"))
    for i in range(STAFF_PAGE_SIZE + 5):
        create_account("coordinator", place=area["a"], display_name=f"协管员{i:03d}")
    last = f"协管员{STAFF_PAGE_SIZE + 4:03d}"
    first = client.get("/admin/staff").get_data(as_text=True)
    assert "Page 1 of 2" in first and "协管员000" in first and last not in first
    assert last in client.get("/admin/staff?page=2").get_data(as_text=True)
    rows = client.get("/admin/staff.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[0] == "reference,name,roles,deactivated_on,roles_in_words" and len(rows) == 1 + STAFF_PAGE_SIZE + 6
    assert any(f"{last},coordinator 370303001001" in row for row in rows)
    for i in range(PAGE_SIZE + 1):
        audit.record("caseload.viewed", actor=admin, reason=f"r{i}")
    db.session.commit()
    log = client.get("/admin/audit").get_data(as_text=True)
    assert (
        "Page 1 of 2" in log and ">r100<" in log and "Downloaded a table" not in log.split("<tbody>")[1]
    )  # newest first
    assert "Downloaded a table (CSV)" in client.get("/admin/audit?page=2").get_data(as_text=True)  # staff export
    events = client.get("/admin/audit.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert events[0] == "at_utc,who,what,what_in_words,whom,why,why_in_words"
    assert len(events) == 1 + 1 + PAGE_SIZE + 2  # with this export
    assert events[1].endswith(",管理员,export.csv,Downloaded a table (CSV),,audit,audit log")
    assert events[2].endswith(",管理员,caseload.viewed,Opened a caseload,,r100,r100")
    assert events[-1].endswith(",管理员,export.csv,Downloaded a table (CSV),,staff,staff list")


def test_the_audit_export_puts_words_in_the_administrators_language_beside_the_codes(
    client, db, area, create_account, sign_in
):
    from webapp.audit import log as audit

    admin = sign_in(create_account("admin", place=area["county"], display_name="管理员", locale="zh"))
    audit.record("caseload.viewed", actor=admin, reason="staff")
    db.session.commit()
    rows = client.get("/admin/audit.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[0] == "at_utc,who,what,what_in_words,whom,why,why_in_words"  # for programs: stays English
    assert rows[1].endswith(",管理员,export.csv,下载了表格（CSV）,,audit,审计日志")
    assert rows[2].endswith(",管理员,caseload.viewed,打开了工作清单,,staff,工作人员名单")


def test_the_staff_pages_refuse_other_roles(client, db, area, create_account, sign_in):
    sign_in(create_account("coordinator", place=area["a"]))
    for path in ("/admin/staff", "/admin/staff/1", "/admin/staff.csv", "/admin/audit", "/admin/audit.csv"):
        assert client.get(path).status_code == 403


def _token(client):
    from tests.conftest import token_from

    return token_from(client.get("/admin/staff").get_data(as_text=True))


def test_reports_count_on_chinas_day(db, area):
    """Sent at 01:00 on 1 July in China, stored as 17:00 on 30 June (UTC): an arrival of July, sent on 1 July."""
    with clock.pinned_at(date(2026, 7, 3)):
        create_reports(area["a"], 2, status="submitted", created=datetime(2026, 6, 30, 17, 0))
        board = indicators.dashboard(area["county"], clock.today(), 91)
    assert board.months[-2:] == [("2026-06", 0, 0), ("2026-07", 2, 0)]
    assert board.total.oldest_backlog_days == 2  # 1 July to 3 July


def test_places_are_found_by_code_range(db, area):
    inside = db.session.scalars(db.select(Place.code).where(indicators.under(area["county"]))).all()
    assert set(inside) >= {"370303", "370303001001", "370303002002"} and "3703" not in inside


def test_the_period_sets_the_months_shown(client, db, area, create_account, sign_in):
    create_reports(area["a"], 2)
    assert len(indicators.dashboard(area["county"], clock.today(), 91).months) == 3
    board = indicators.dashboard(area["county"], clock.today(), 730)
    assert len(board.months) == 24 and board.months[-1][1] == 2  # this month's 2 arrivals
    sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/places/370303?period=24m").get_data(as_text=True)
    this_month = clock.today().strftime("%Y-%m")
    assert f'<th scope="row">{this_month}</th>' in html
    months = client.get("/admin/places/370303/export/months.csv?period=3m").get_data(as_text=True).splitlines()
    assert len(months) == 1 + 3


def test_a_chart_of_many_areas_shows_those_with_the_lowest_share_verified(
    client, db, create_place, create_account, sign_in
):
    township = create_place("370303001")
    for i in range(1, 31):  # 30 communities; community i has i of 30 reports verified
        place = create_place(f"370303001{i:03d}")
        create_reports(place, i, status="verified")
        create_reports(place, 30 - i, status="submitted")
    sign_in(create_account("admin", place=township))
    html = client.get("/admin/places/370303001").get_data(as_text=True)
    assert "the 24 areas with the lowest" in html
    chart = html[html.index('<svg class="chart"', html.index("By area")) :]
    chart = chart[: chart.index("</svg>")]
    assert "place 370303001024" in chart and "place 370303001025" not in chart
    assert html.count("place 370303001030") >= 1  # still in the table


def test_a_coordinator_is_taken_off_a_community_but_not_their_last(
    client, db, area, create_account, create_place, sign_in, post_form
):
    me = sign_in(create_account("admin", place=area["county"]))
    coordinator = create_account("coordinator", place=area["a"], display_name="协管员")
    post_form(
        "/admin/staff/assign", {"reference": coordinator.reference, "community": "370303002001"}, page="/admin/staff"
    )
    db.session.refresh(coordinator)
    first, second = sorted(coordinator.grants, key=lambda g: g.place.code)
    assert "Take off this community" in client.get(f"/admin/staff/{coordinator.id}").get_data(as_text=True)
    from tests.conftest import token_from

    token = token_from(client.get("/admin/staff").get_data(as_text=True))
    sign_in(create_account("admin", place=create_place("370304")))  # another county's administrator
    assert (
        client.post(f"/admin/staff/{coordinator.id}/grants/{first.id}/remove", data={"csrf_token": token}).status_code
        == 404
    )
    sign_in(coordinator)
    assert (
        client.post(f"/admin/staff/{coordinator.id}/grants/{first.id}/remove", data={"csrf_token": token}).status_code
        == 403
    )
    sign_in(me)
    post_form(f"/admin/staff/{coordinator.id}/grants/{first.id}/remove", {}, page="/admin/staff")
    db.session.refresh(coordinator)
    assert [g.place.code for g in coordinator.grants] == ["370303002001"]
    assert indicators.dashboard(area["a"], clock.today()).total.coordinators == 0  # counted where they work now
    last = post_form(
        f"/admin/staff/{coordinator.id}/grants/{second.id}/remove", {}, page="/admin/staff", follow_redirects=True
    )
    assert "This is their only community" in last.get_data(as_text=True)
    db.session.refresh(coordinator)
    assert len(coordinator.grants) == 1
    assert "Took a coordinator off a community" in client.get("/admin/audit").get_data(as_text=True)


def test_administrators_of_the_same_node_cannot_manage_or_invite_each_other(
    client, db, area, create_account, sign_in, post_form
):
    from tests.conftest import token_from

    me = sign_in(create_account("admin", place=area["county"]))
    peer = create_account("admin", place=area["county"], display_name="同级管理员")
    below = create_account("admin", place=area["a"], display_name="社区管理员")
    peer_page = client.get(f"/admin/staff/{peer.id}").get_data(as_text=True)
    assert f"/admin/staff/{peer.id}/deactivate" not in peer_page and "an administrator above you" in peer_page
    assert f"/admin/staff/{below.id}/deactivate" in client.get(f"/admin/staff/{below.id}").get_data(as_text=True)
    token = token_from(peer_page)
    assert client.post(f"/admin/staff/{peer.id}/deactivate", data={"csrf_token": token}).status_code == 404
    refused = post_form(
        "/staff/invite",
        {"display_name": "新同事", "role": "admin", "city": "3703", "county": "370303", "department": ""},
    )
    assert "only for places below your own" in refused.get_data(as_text=True)
    invited = post_form(
        "/staff/invite",
        {
            "display_name": "新同事",
            "role": "admin",
            "city": "3703",
            "county": "370303",
            "township": "370303001",
            "department": "",
        },
    )
    assert "only for places below your own" not in invited.get_data(as_text=True)
    assert "outside your area" not in invited.get_data(as_text=True)
    from webapp.enrolment.links import staff_can_recover

    assert staff_can_recover(me, below) and not staff_can_recover(me, peer)  # no taking over a peer's account


def test_a_deactivated_coordinator_cannot_be_assigned(client, db, area, create_account, sign_in, post_form):
    from webapp.clock import utcnow

    sign_in(create_account("admin", place=area["county"]))
    gone = create_account("coordinator", place=area["a"])
    gone.deactivated_at = utcnow()
    db.session.commit()
    page = post_form(
        "/admin/staff/assign", {"reference": gone.reference, "community": "370303002001"}, page="/admin/staff"
    )
    assert 'id="reference-error"' in page.get_data(as_text=True)


def test_the_audit_log_shows_only_staff_wholly_in_the_area(client, db, area, create_account, create_place, sign_in):
    from webapp.audit import log as audit

    elsewhere = create_place("370304001001")
    admin = create_account("admin", place=area["county"])
    mine = create_account("coordinator", place=area["a"], display_name="本区协管员")
    both = create_account("coordinator", place=area["a"], display_name="两区协管员")
    both.grants.append(RoleGrant(role="coordinator", place=elsewhere))
    outsider = create_account("admin", place=create_place("3703"), display_name="市管理员")
    audit.record("caseload.viewed", actor=mine, reason="here")
    audit.record("caseload.viewed", actor=both, reason="there")
    audit.record("staff.deactivated", actor=outsider, subject=mine)
    resident = create_account("migrant", display_name="张秘密")
    audit.record("record.viewed", actor=mine, subject=resident, reason="visit")
    db.session.commit()
    sign_in(admin)
    log = client.get("/admin/audit").get_data(as_text=True)
    assert ">here<" in log and ">there<" not in log
    assert "市管理员" in log and "Deactivated an account" in log  # done to staff of the area by someone above
    assert "张秘密" not in log and "a person's record" in log and "a visit" in log  # residents are not named
    assert "张秘密" not in client.get("/admin/audit.csv").get_data(as_text=True)


def give_permit(db, report, *, profile, issued, valid_until=None, revoked=None, number):
    return create_permit(
        report, issued=issued, number=number, profile=profile, valid_until=valid_until, revoked=revoked
    )


def test_permits_with_known_answers_follow_their_holder(db, area):
    today = clock.today()
    people = create_reports(area["a"], 6)
    days = timedelta
    give_permit(db, people[0], profile="national-2016", issued=today - days(355), number="P1")  # window open: due
    give_permit(db, people[1], profile="national-2016", issued=today - days(400), number="P2")  # missed: lapsed
    give_permit(db, people[2], profile="national-2016", issued=today - days(100), number="P3")  # valid
    give_permit(
        db, people[3], profile="shandong-2018", issued=today - days(350), valid_until=today + days(14), number="P4"
    )  # expiring within 30 days
    give_permit(
        db, people[4], profile="shandong-2018", issued=today - days(400), valid_until=today - days(1), number="P5"
    )  # expired
    give_permit(db, people[5], profile="shandong-2018", issued=today - days(30), revoked=today, number="P6")
    permits = indicators.dashboard(area["county"], today, 730).permits
    assert permits == {
        "valid": 3,
        "lapsed": 1,
        "revoked": 1,
        "expired": 1,
        "due_for_endorsement": 1,
        "expiring": 1,
        "issued": 6,
    }
    assert indicators.dashboard(area["county"], today, 91).permits["issued"] == 1  # only P6 in the last 3 months
    # The holder of P1 moves from community a to c: the permit's state moves with them, its issue stays.
    people[0].ended_on, people[0].end_reason, people[0].status = today, "move", "ended"
    moved = create_reports(area["c"], 1, kind="move")[0]
    moved.person = people[0].person
    db.session.commit()
    assert indicators.dashboard(area["a"], today, 730).permits["due_for_endorsement"] == 0
    assert indicators.dashboard(area["c"], today, 730).permits["due_for_endorsement"] == 1
    assert indicators.dashboard(area["a"], today, 730).permits["issued"] == 6


def test_departures_backlog_age_and_rejected_reports(db, area):
    today = clock.today()
    ten_days_ago = datetime.combine(today - timedelta(days=10), datetime.min.time())
    create_reports(area["a"], 2, status="submitted", created=ten_days_ago)
    create_reports(area["a"], 2, status="submitted")
    left = create_reports(area["a"], 3)
    for report in left:
        report.ended_on, report.end_reason, report.status = today, "deregistered", "ended"
    create_reports(area["a"], 5, status="rejected")
    db.session.commit()
    board = indicators.dashboard(area["a"], today)
    assert board.total.registered == 4 and board.total.backlog == 4
    assert (board.total.mean_backlog_days, board.total.oldest_backlog_days) == (5, 10)
    this_month = board.months[-1]
    assert this_month[1:] in ((5, 3), (7, 3))  # 2 arrivals may fall in last month; rejected ones are not arrivals
    assert sum(a for _m, a, _d in board.months) == 7 and sum(d for *_x, d in board.months) == 3


def test_coordinators_needed_at_500_and_501(db, area, create_account):
    create_reports(area["a"], 500)
    create_account("coordinator", place=area["a"])
    total = indicators.dashboard(area["county"], clock.today()).total
    assert (total.coordinators_needed, total.coordinator_shortfall) == (1, 0)
    create_reports(area["a"], 1)
    total = indicators.dashboard(area["county"], clock.today()).total
    assert (total.coordinators_needed, total.coordinator_shortfall) == (2, 1)


def test_staffing_stations_and_summary_exports(client, db, area, create_account, sign_in):
    from webapp.employers.models import Employer

    create_reports(area["a"], 30)
    create_reports(area["c"], 201)
    create_account("admin", place=area["a"])
    employer = Employer(name='=HYPERLINK("http://x")', place=area["d"])
    db.session.add(employer)
    db.session.commit()
    create_reports(area["d"], 101, employer=employer)
    sign_in(create_account("admin", place=area["county"]))

    def rows(table):
        body = client.get(f"/admin/places/370303/export/{table}.csv").get_data(as_text=True)
        return body.lstrip("\ufeff").splitlines()

    assert rows("staffing") == [
        "code,name,migrants,administrators",
        "370303002001,丙村,201,0",
        "370303002002,丁村,101,0",
        "370303001001,甲社区,30,1",
    ]
    stations = rows("stations")
    assert stations[:2] == ["kind,name,migrants", "community,370303002001 丙村,201"]
    assert stations[2] == 'employer,"\'=HYPERLINK(""http://x"")",101'  # never a formula in a spreadsheet
    summary = dict(line.split(",", 1) for line in rows("summary")[1:])
    assert summary["registered"] == "332" and summary["permits_valid"] == "0" and summary["share_verified"] == "1.0"
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "Employer" in html and "Village or community" in html


def test_a_move_inside_an_area_is_neither_an_arrival_nor_a_departure_for_it(db, area, create_place):
    today = clock.today()
    first = create_reports(area["a"], 1)[0]
    moved = create_reports(area["c"], 1, kind="move")[0]  # a to c: another township of the same county
    moved.person, moved.previous = first.person, first
    first.ended_on, first.end_reason, first.status = today, "move", "ended"
    away = create_reports(area["b"], 1)[0]
    elsewhere = create_reports(create_place("370304001001"), 1, kind="move")[0]  # b to another county
    elsewhere.person, elsewhere.previous = away.person, away
    away.ended_on, away.end_reason, away.status = today, "move", "ended"
    db.session.commit()

    def movement(place):
        months = indicators.dashboard(place, today).months
        return sum(a for _m, a, _d in months), sum(d for *_x, d in months)

    assert movement(area["a"]) == (1, 1)  # arrived, then moved out
    assert movement(area["c"]) == (1, 0)
    assert movement(create_place("370303001")) == (2, 2)  # a and b; both left the township
    assert movement(create_place("370303002")) == (1, 0)  # c came from another township
    assert movement(area["county"]) == (2, 1)  # two first arrivals; one left the county; a to c is inside
    assert movement(create_place("3703")) == (2, 0)  # both moves stayed in the city
    elsewhere.status = "rejected"  # the move to 370304 was not real: b's report still ended, as a departure
    db.session.commit()
    assert movement(create_place("3703")) == (2, 1)


@contextmanager
def writes_counted(engine):
    """The INSERT, UPDATE and DELETE statements sent to the database inside the block (filled as the block ends)."""
    writes: list[str] = []
    with statements_sent(engine) as statements:
        yield writes
    kinds = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    writes.extend(s for s in statements if s.lstrip().split(None, 1)[0].upper() in kinds)


@pytest.mark.summaries_out_of_date  # the calendar moves on in the middle
def test_a_dashboard_never_writes_and_the_daily_job_recounts_what_the_calendar_changed(
    client, db, area, create_account, sign_in
):
    """A dashboard only reads (it can run on a read replica), even when its summaries were counted on an earlier
    day: permit states are as of the last recount, which `flask jobs run` makes every day."""
    today = clock.today()
    report = create_reports(area["a"], 1)[0]
    give_permit(db, report, profile="national-2016", issued=today - timedelta(days=355), number="P1")  # window open
    admin = sign_in(create_account("admin", place=area["county"]))
    paths = ["/admin/places/370303", "/admin/places/370303001001?period=24m"]
    with writes_counted(db.engine) as writes:
        assert client.get(paths[0]).status_code == 200
        assert client.get(paths[1]).status_code == 200
    assert writes == []
    assert indicators.dashboard(area["county"], today, 730).permits["due_for_endorsement"] == 1
    later = today + timedelta(days=40)  # the window has closed unendorsed: the permit has lapsed
    with clock.pinned_at(later):
        sign_in(admin)  # the session of 40 days ago has long ended
        with writes_counted(db.engine) as writes:
            assert client.get(paths[0]).status_code == 200  # summaries of an earlier day: read as they are
            board = indicators.dashboard(area["county"], later, 730)
        assert writes == []
        assert (board.permits["due_for_endorsement"], board.permits["lapsed"]) == (1, 0)
        jobs.run(later)
        board = indicators.dashboard(area["county"], later, 730)
        assert (board.permits["due_for_endorsement"], board.permits["lapsed"]) == (0, 1)
        assert set(db.session.scalars(select(CommunityStats.as_of))) == {later}


def test_assigning_a_community_already_covered_writes_nothing_twice(
    client, db, area, create_account, sign_in, post_form
):
    sign_in(create_account("admin", place=area["county"]))
    mine = create_account("coordinator", place=area["a"])
    for _ in range(2):
        sent = post_form(
            "/admin/staff/assign", {"reference": mine.reference, "community": "370303002001"}, page="/admin/staff"
        )
        assert sent.status_code == 302
    db.session.refresh(mine)
    assert sorted(g.place.code for g in mine.grants) == ["370303001001", "370303002001"]
    assigned = select(AuditEvent).where(AuditEvent.action == "staff.assigned", AuditEvent.subject_account_id == mine.id)
    assert len(db.session.scalars(assigned).all()) == 1

"""QA of the administrators' pages as a demanding tester: the dashboard, the ranking and their CSVs agree on the
coordinators (community by community); hostile addresses and query strings get a plain refusal or are ignored,
never a 500; another area's figures and staff stay out of reach; the assessment pages say months and days in the
reader's language; the assign form takes a code typed on a Chinese keyboard."""

import csv
import io
import re
from datetime import datetime
from html import unescape

import pytest

from tests.support.factories import create_reports
from webapp.assessment.models import WorkRecord

pytestmark = pytest.mark.usefixtures("test_day")  # months and days counted from the suite's day (14 July 2026)

COUNTY, TOWNSHIP, A, B = "370303", "370303001", "370303001001", "370303001002"
OTHER_COUNTY, C = "370304", "370304001001"


@pytest.fixture
def area(db, community, other_community, create_place, create_account):
    """In 车站街道: 和平社区 (A) with 501 migrants and one coordinator of its own; 东风社区 (B) with 10 migrants and two
    coordinators, one of whom also covers A. Beside them, 博山区's 城东社区 (C) with 3 migrants; Wenzhou far away."""
    b = create_place(B, "东风社区")
    c = create_place(C, "城东社区")
    create_reports(community, 501)
    create_reports(b, 10)
    create_reports(c, 3)
    create_account("coordinator", display_name="协管员甲", place=community)
    both = create_account("coordinator", display_name="协管员乙", place=b)
    create_account("coordinator", display_name="协管员丙", place=b)
    both.grants.append(type(both.grants[0])(role="coordinator", place=community))
    db.session.commit()
    return {
        "county": create_account("admin", place=community.parent.parent),
        "township": create_account("admin", place=community.parent),
        "a": create_account("admin", place=community),
        "other": create_account("admin", place=c),
        "wenzhou": create_account("admin", place=other_community.parent.parent.parent),
        "coordinator": both,
    }


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_dashboard_counts_coordinators_community_by_community_as_the_ranking(client, area, sign_in):
    """A needs 2 (501 at 1 per 500) and has 2 (甲, and 乙 who also covers B); B needs 1 and has 2 (the surplus does not
    make up for anything elsewhere). Moving 乙 off A would leave A short by one whatever B has: the county is short
    by the communities' shortfalls added up, never less."""
    sign_in(area["county"])
    summary = dict(rows(client.get(f"/admin/places/{COUNTY}/export/summary.csv"))[1:])
    assert (summary["coordinators"], summary["coordinators_needed"], summary["coordinator_shortfall"]) == (
        "3",
        "3",
        "0",
    )
    township = {r[0]: r for r in rows(client.get(f"/admin/places/{COUNTY}/export/areas.csv"))}[TOWNSHIP]
    assert township[9:12] == ["3", "3", "0"]  # coordinators (people), needed, shortfall
    ranking = rows(client.get(f"/admin/assessment/{COUNTY}/ranking.csv?period=2026"))
    column = ranking[0].index("coordinators_percent")
    assert {r[1]: r[column] for r in ranking[1:] if r and r[0] != "weight"}[TOWNSHIP] == "100.0"


def test_a_surplus_in_one_community_does_not_hide_a_shortfall_in_another(client, db, area, sign_in, post_form):
    sign_in(area["county"])
    grant = next(g for g in area["coordinator"].grants if g.place.code == A)
    response = post_form(
        f"/admin/staff/{area['coordinator'].id}/grants/{grant.id}/remove", page=f"/admin/staff/{area['coordinator'].id}"
    )
    assert response.status_code == 302
    # Three people for three needed, but A has one of its two and B two for one: short by one, as the ranking says.
    summary = dict(rows(client.get(f"/admin/places/{COUNTY}/export/summary.csv"))[1:])
    assert (summary["coordinators"], summary["coordinators_needed"], summary["coordinator_shortfall"]) == (
        "3",
        "3",
        "1",
    )
    ranking = rows(client.get(f"/admin/assessment/{COUNTY}/ranking.csv?period=2026"))
    column = ranking[0].index("coordinators_percent")
    assert {r[1]: r[column] for r in ranking[1:] if r and r[0] != "weight"}[TOWNSHIP] == "66.7"  # 2 of the 3 needed
    for code, short in ((COUNTY, "1"), (TOWNSHIP, "1"), (A, "1"), (B, "0")):
        assert dict(rows(client.get(f"/admin/places/{code}/export/summary.csv"))[1:])["coordinator_shortfall"] == short
    html = client.get(f"/admin/places/{COUNTY}").get_data(as_text=True)
    assert "short by 1" in html and "a surplus in one does not make up for a shortfall in another" in html
    zh = client.get(f"/admin/places/{COUNTY}?lang=zh").get_data(as_text=True)
    assert "按社区逐个计算" in zh and "Counted community by community" not in zh


HOSTILE = [
    "-1",
    "0",
    "99999999999999999999999",
    "abc",
    "2026-02-30",
    "2026-13",
    "2026-00",
    "2027",
    "1999",
    "2026-7",
    "２０２６",
    "1e9",
    "x" * 3000,
    "%00",
]
PAGES = [
    f"/admin/places/{COUNTY}",
    f"/admin/places/{COUNTY}/export/summary.csv",
    f"/admin/places/{COUNTY}/export/months.csv",
    f"/admin/assessment/{COUNTY}",
    f"/admin/assessment/{COUNTY}/ranking.csv",
    f"/admin/work-record/{COUNTY}",
    f"/admin/work-record/{COUNTY}/work-record.csv",
    "/admin/staff",
    "/admin/audit",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_periods_and_page_numbers_are_ignored_politely(client, area, sign_in, value):
    sign_in(area["county"])
    for page in PAGES:
        response = client.get(page, query_string={"period": value, "page": value})
        response.get_data()
        assert response.status_code == 200, (page, value)
    sign_in(area["coordinator"])
    assert client.get("/coordinator/work-record", query_string={"period": value}).status_code == 200


OUTSIDE = [OTHER_COUNTY, C, "3703", "3303", "330302001001", "3703:", "37030300100", "x" * 2000, "-1", "%25", " 370303"]
ROUTES = [
    "/admin/places/{}",
    "/admin/places/{}/export/summary.csv",
    "/admin/places/{}/export/staffing.csv",
    "/admin/assessment/{}",
    "/admin/assessment/{}/ranking.csv",
    "/admin/work-record/{}",
    "/admin/work-record/{}/work-record.csv",
]


def test_another_areas_figures_are_a_plain_404_by_any_address(client, area, sign_in):
    sign_in(area["county"])
    for code in OUTSIDE:
        for route in ROUTES:
            response = client.get(route.format(code), query_string={"period": "2026"})
            assert response.status_code == 404, (route, code)
            assert response.mimetype == "text/html" and "Traceback" not in response.get_data(as_text=True)
    assert client.get(f"/admin/places/{COUNTY}/export/people.csv").status_code == 404
    # A community's administrator: neither the township above nor the community beside.
    sign_in(area["a"])
    for code in (TOWNSHIP, B, COUNTY):
        for route in ROUTES:
            assert client.get(route.format(code)).status_code == 404, (route, code)
    html = client.get(f"/admin/places/{A}").get_data(as_text=True)
    assert "东风社区" not in html and "城东社区" not in html


def test_another_areas_staff_are_out_of_reach(client, db, area, sign_in, post_form):
    sign_in(area["other"])
    coordinator = area["coordinator"]
    assert client.get(f"/admin/staff/{coordinator.id}").status_code == 404
    grant = coordinator.grants[0]
    for path in (
        f"/admin/staff/{coordinator.id}/deactivate",
        f"/admin/staff/{coordinator.id}/grants/{grant.id}/remove",
    ):
        assert post_form(path, page="/admin/staff").status_code == 404
    staff = rows(client.get("/admin/staff.csv"))
    assert all("协管员" not in row[1] for row in staff[1:])
    assert "协管员乙" not in client.get("/admin/staff").get_data(as_text=True)
    work = rows(client.get(f"/admin/work-record/{C}/work-record.csv"))
    assert work[1:] == []
    db.session.refresh(coordinator)
    assert coordinator.deactivated_at is None


@pytest.mark.parametrize(
    ("reference", "community_code"),
    [("ＡＢＣＤ－２３４５", "３７０３０３００１００２"), ("abcd 2345", "370303001002")],
)
def test_assign_takes_a_code_typed_on_a_chinese_keyboard(
    client, db, area, community, create_account, sign_in, post_form, reference, community_code
):
    coordinator = create_account("coordinator", display_name="协管员丁", place=community)
    coordinator.reference = "ABCD2345"
    db.session.commit()
    sign_in(area["county"])
    response = post_form(
        "/admin/staff/assign", {"reference": reference, "community": community_code}, page="/admin/staff"
    )
    assert response.status_code == 302, re.findall(r"Error: ([^<]+)", response.get_data(as_text=True))
    db.session.refresh(coordinator)
    assert {g.place.code for g in coordinator.grants} == {A, B}


@pytest.mark.parametrize(
    ("community_code", "message"),
    [
        ("", "Enter the community's 12-digit code"),
        ("370304001001", "Enter the 12-digit code of a village or community in your area."),
        ("370303001", "Enter the 12-digit code of a village or community in your area."),
        ("1" * 300, "Use 200 characters or fewer"),
    ],
)
def test_assign_says_what_is_wrong_beside_the_field(client, area, sign_in, post_form, community_code, message):
    sign_in(area["county"])
    reference = area["coordinator"].reference
    response = post_form(
        "/admin/staff/assign", {"reference": reference, "community": community_code}, page="/admin/staff"
    )
    assert response.status_code == 200 and f"Error:</span> {message}</p>" in unescape(response.get_data(as_text=True))


@pytest.fixture
def counted(db, area, community):
    """July's work record, counted at 01:30 on 14 July in China (17:30 on the 13th in UTC, as stored)."""
    db.session.add(
        WorkRecord(
            period="2026-07",
            coordinator_id=area["coordinator"].id,
            place_id=community.id,
            code=A,
            visits_confirmed=1234,
            counted_at=datetime(2026, 7, 13, 17, 30),
        )
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("lang", "month", "day", "previous"),
    [("en", "July 2026", "July 14, 2026", "June 2026"), ("zh", "2026年7月", "2026年7月14日", "2026年6月")],
)
def test_months_and_the_day_counted_in_the_readers_language(client, area, counted, sign_in, lang, month, day, previous):
    sign_in(area["county"])
    work = client.get(f"/admin/work-record/{COUNTY}?lang={lang}").get_data(as_text=True)
    assert month in work and day in work and "2026-07-13" not in work and "2026-07-14" not in work
    assert "1,234" in work
    assert 'value="2026-07" selected' in work  # the address still carries the key
    ranking = client.get(f"/admin/assessment/{COUNTY}?period=2026-07&lang={lang}").get_data(as_text=True)
    assert month in ranking and previous in ranking and "2026-06" not in re.sub(r'"[^"]*"', "", ranking)
    sign_in(area["coordinator"])
    mine = client.get(f"/coordinator/work-record?lang={lang}").get_data(as_text=True)
    assert month in mine and day in mine

"""One migrant's year walked through the HTTP forms (report, visit, move within the township's county, move to
another county, leaving), and after each write the figures each level's administrator reads: the summary CSV, the
months CSV and the areas CSV, worked out by hand. A move inside an area is neither an arrival nor a departure for
it; an ended report stops counting; nothing is counted twice."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import apply_for_permit, create_permit, create_reports
from webapp import clock
from webapp.extensions import db as _db
from webapp.permits.models import PermitApplication
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport
from webapp.services.models import ServiceRequest

#: Hand-worked answers counted from the suite's day: pinned even under `make test-dates`.
pytestmark = pytest.mark.usefixtures("test_day")

CITY, COUNTY, T1, T2 = "3703", "370303", "370303001", "370303002"
C1, C2, C3 = "370303001001", "370303001002", "370303002001"
OTHER_COUNTY, C4 = "370304", "370304001001"
MONTH = "2026-07"


@pytest.fixture
def world(create_place, community, create_account):
    """Two townships of 张店区 (和平社区 and 东风社区 in 车站街道, 南坪村 in 马尚街道) and 博山区's 城东社区; an
    administrator at each level; a coordinator in 和平社区, 南坪村 and 城东社区."""
    places = {
        C2: create_place(C2, "东风社区"),
        T2: create_place(T2, "马尚街道"),
        C3: create_place(C3, "南坪村"),
        OTHER_COUNTY: create_place(OTHER_COUNTY, "博山区"),
        C4: create_place(C4, "城东社区"),
        C1: community,
    }
    for code in (CITY, COUNTY, T1):
        places[code] = _db.session.scalar(_db.select(Place).where(Place.code == code))
    admins = {code: create_account("admin", place=places[code]) for code in (CITY, COUNTY, T1, T2, C1, C3)}
    coordinators = {code: create_account("coordinator", place=places[code]) for code in (C1, C3, C4)}
    return {"places": places, "admins": admins, "coordinators": coordinators}


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def figures(client, world, sign_in):
    """figures(code): what that level's administrator downloads: (summary by indicator, July's arrivals and
    departures, areas by code)."""

    def _figures(code, period="12m"):
        sign_in(world["admins"][code])
        summary = dict(rows_of(client.get(f"/admin/places/{code}/export/summary.csv?period={period}"))[1:])
        months = {m: (int(a), int(d)) for m, a, d in rows_of(client.get(f"/admin/places/{code}/export/months.csv"))[1:]}
        areas = {row[0]: row for row in rows_of(client.get(f"/admin/places/{code}/export/areas.csv"))[1:]}
        page = client.get(f"/admin/places/{code}?period={period}")
        assert page.status_code == 200
        assert "NaN" not in page.get_data(as_text=True)  # never "NaN %" for a share of nobody
        return summary, months[MONTH], areas

    return _figures


def current(db):
    return db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))


def test_a_migrants_moves_are_counted_once_at_each_level(
    client, db, world, figures, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    # Sent, not yet visited: registered and awaiting at every level from the community up.
    for code in (C1, T1, COUNTY, CITY):
        summary, july, _areas = figures(code)
        assert (summary["registered"], summary["verified"], summary["awaiting_verification"]) == ("1", "0", "1"), code
        assert summary["share_verified"] == "0.0" and july == (1, 0), code
    summary, july, _areas = figures(T2)
    assert (summary["registered"], summary["share_verified"], july) == ("0", "", (0, 0))  # nothing: not 0 %

    # The coordinator's visit verifies it.
    sign_in(world["coordinators"][C1])
    response = post_form(
        f"/coordinator/visits/{first.receipt}",
        {"outcome": "confirmed", "seen_version": str(first.version), "client_id": "qa-admin-visit-0001"},
    )
    assert response.status_code == 302
    for code in (C1, T1, COUNTY, CITY):
        summary, _july, _areas = figures(code)
        assert (summary["verified"], summary["share_verified"], summary["awaiting_verification"]) == ("1", "1.0", "0")

    # A move to the other township of the county: for 车站街道 a departure, for 马尚街道 an arrival, for the county
    # and the city neither.
    sign_in(migrant)
    moved = {
        **report_data(township=T2, community=C3, road="新华路", number="7号"),
        "moved_on": clock.today().isoformat(),
    }
    assert post_form(f"/reports/{first.receipt}/move", moved).status_code == 302
    second = current(db)
    assert second.place.code == C3 and second.kind == "move"
    expected = {C1: ("0", (1, 1)), T1: ("0", (1, 1)), T2: ("1", (1, 0)), C3: ("1", (1, 0)), COUNTY: ("1", (1, 0))}
    expected[CITY] = ("1", (1, 0))
    for code, (registered, july) in expected.items():
        summary, got, _areas = figures(code)
        assert (summary["registered"], got) == (registered, july), code
    summary, _july, areas = figures(COUNTY)
    assert (summary["changes"], summary["changes_on_time"]) == ("1", "1")
    assert areas[T1][2] == "0" and areas[T2][2] == "1"  # the children table: registered where she lives now
    assert areas[T1][4] == "" and areas[T2][4] == "0.0"  # 车站街道 has nobody to share; 南坪村 awaits a visit

    # A move to another county of the city: a departure for 张店区, an arrival for 博山区, neither for the city.
    sign_in(migrant)
    moved = {
        **report_data(county=OTHER_COUNTY, township=C4[:9], community=C4, road="中心路", number="9号"),
        "moved_on": clock.today().isoformat(),
    }
    response = post_form(f"/reports/{second.receipt}/move", moved)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    third = current(db)
    assert third.place.code == C4
    summary, july, areas = figures(COUNTY)
    assert (summary["registered"], july) == ("0", (1, 1))
    summary, july, areas = figures(CITY)
    assert (summary["registered"], july) == ("1", (1, 0))
    assert areas[COUNTY][2] == "0" and areas[OTHER_COUNTY][2] == "1"

    # She leaves the city: a departure for the city; nobody registered anywhere.
    sign_in(migrant)
    response = post_form(f"/reports/{third.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    assert response.status_code == 302
    summary, july, areas = figures(CITY)
    assert (summary["registered"], summary["share_verified"], july) == ("0", "", (1, 1))
    assert areas[OTHER_COUNTY][2] == "0"


def test_the_period_switch_counts_every_figure_over_the_same_months(client, db, world, figures, test_day):
    """ "Last 3 months" on 14 July is May, June and July (the months the table shows): a permit issued and a
    request closed on 20 April are both outside it, and both inside "Last 12 months"."""

    places = world["places"]
    april, may = date(2026, 4, 20), date(2026, 5, 2)
    old, recent = create_reports(places[C1], 2, created=datetime(2026, 4, 1, 2))
    create_permit(old, issued=april, number="370300000001")
    create_permit(recent, issued=may, number="370300000002")
    for report, closed_on in ((old, april), (recent, may)):
        db.session.add(
            ServiceRequest(
                person=report.person,
                service_code="legal_aid",
                department="justice",
                county_id=places[COUNTY].id,
                status="completed",
                target_date=closed_on + timedelta(days=5),
                updated_at=datetime.combine(closed_on, datetime.min.time()) + timedelta(hours=4),
            )
        )
    db.session.commit()
    for code in (C1, COUNTY):
        short, _july, _areas = figures(code, "3m")
        long, _july, _areas = figures(code, "12m")
        assert (short["permits_issued"], long["permits_issued"]) == ("1", "2"), code
        client_rows = rows_of(client.get(f"/admin/places/{code}/export/requests.csv?period=3m"))
        completed_3m = dict(client_rows[1:])["completed"]
        client_rows = rows_of(client.get(f"/admin/places/{code}/export/requests.csv?period=12m"))
        completed_12m = dict(client_rows[1:])["completed"]
        assert (completed_3m, completed_12m) == ("1", "2"), code


def test_a_permit_decision_and_its_holders_moves_in_the_figures(
    client, db, world, figures, migrant, sign_in, report_data, submit_report, post_form, create_account
):
    """Issued: where it was applied for, in the month of issue. In force: where its holder lives now. Leaving
    ends it, and it counts nowhere."""

    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    apply_for_permit(post_form)
    application = db.session.scalar(db.select(PermitApplication))
    officer = create_account("officer", place=world["places"][COUNTY], department="public_security")
    sign_in(officer)
    assert post_form(f"/officer/permits/{application.id}", {"decision": "approve"}).status_code == 302
    for code in (C1, T1, COUNTY, CITY):
        summary, _july, _areas = figures(code)
        assert (summary["permits_issued"], summary["permits_valid"]) == ("1", "1"), code
    # A late move to the other county: its permit in force goes with her, the issue stays where it was.
    sign_in(migrant)
    report = current(db)
    moved = {
        **report_data(county=OTHER_COUNTY, township=C4[:9], community=C4, road="中心路", number="9号"),
        "moved_on": (clock.today() - relativedelta(days=40)).isoformat(),
    }
    assert post_form(f"/reports/{report.receipt}/move", moved).status_code == 302
    assert current(db).late is True
    summary, _july, _areas = figures(COUNTY)
    assert (summary["permits_issued"], summary["permits_valid"]) == ("1", "0")
    summary, _july, areas = figures(CITY)
    assert (summary["permits_issued"], summary["permits_valid"]) == ("1", "1")
    assert (summary["changes"], summary["changes_on_time"]) == ("1", "0")  # reported 40 days after: late
    # She leaves: the permit ends with her report, and counts nowhere.
    sign_in(migrant)
    report = current(db)
    assert (
        post_form(
            f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"}
        ).status_code
        == 302
    )
    summary, _july, _areas = figures(CITY)
    assert (summary["permits_issued"], summary["permits_valid"], summary["permits_revoked"]) == ("1", "0", "0")
    assert summary["registered"] == "0"


def test_the_ranking_of_a_countys_townships_with_known_answers(client, db, world, sign_in):
    """车站街道: 3 of 4 verified, its coordinator enough; 马尚街道: 0 of 2, its coordinator enough. No changes, no
    permits: those indicators are left out (not 0 %). Scores: (30 × 0.75 + 15 × 1) / 45 = 83.3 and 15 / 45 = 33.3."""

    places = world["places"]
    create_reports(places[C1], 3)
    create_reports(places[C1], 1, status="submitted")
    create_reports(places[C3], 2, status="confirmed")
    sign_in(world["admins"][COUNTY])
    rows = rows_of(client.get(f"/admin/assessment/{COUNTY}/ranking.csv"))
    header, ranked = rows[0], {row[1]: dict(zip(rows[0], row, strict=False)) for row in rows[1:] if len(row) > 3}
    assert header[:4] == ["rank", "code", "name", "score"]
    assert (ranked[T1]["rank"], ranked[T1]["score"], ranked[T1]["verified_percent"]) == ("1", "83.3", "75.0")
    assert (ranked[T2]["rank"], ranked[T2]["score"], ranked[T2]["verified_percent"]) == ("2", "33.3", "0.0")
    assert ranked[T1]["changes_on_time_percent"] == "" and ranked[T1]["permits_percent"] == ""
    assert (ranked[T1]["registered"], ranked[T2]["registered"]) == ("4", "2")
    client.set_cookie("lang", "zh")
    html = client.get(f"/admin/assessment/{COUNTY}").get_data(as_text=True)
    assert "83.3" in html and "淄博 §" in html and "Zibo" not in html and "Wenzhou" not in html


@pytest.fixture
def moved_inside_c1(client, db, world, migrant, sign_in, report_data, submit_report, post_form):
    """The migrant arrives in 和平社区, then moves to another address in it."""
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    moved = {**report_data(road="新华路", number="7号"), "moved_on": clock.today().isoformat()}
    assert post_form(f"/reports/{first.receipt}/move", moved).status_code == 302


def test_a_move_inside_one_community_is_neither_an_arrival_nor_a_departure_for_the_areas_above(
    moved_inside_c1, figures
):
    for code in (T1, COUNTY, CITY):
        summary, july, _areas = figures(code)
        assert (summary["registered"], july) == ("1", (1, 0)), code
        assert (summary["changes"], summary["changes_on_time"]) == ("1", "1"), code


def test_a_move_inside_one_community_is_neither_an_arrival_nor_a_departure_for_it(moved_inside_c1, figures):
    """A change reported, but nobody arriving or leaving (webapp/summaries/counting.py)."""
    for code in (C1,):
        summary, july, _areas = figures(code)
        assert (summary["registered"], july) == ("1", (1, 0)), code
        assert (summary["changes"], summary["changes_on_time"]) == ("1", "1"), code

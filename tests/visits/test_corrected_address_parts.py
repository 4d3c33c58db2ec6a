"""A coordinator's corrections at a visit store the address's parts as a report does (places/address.stored_part):
"3栋" as "3", "18" as "18号", full-width figures as plain ones, so one building is one group on the caseload."""

import pytest

from tests.visits.test_visits import visit_payload
from webapp.registrations.models import ResidenceReport
from webapp.visits import record
from webapp.visits.models import Visit


def report_now(db, report) -> ResidenceReport:
    db.session.expire_all()
    return db.session.get(ResidenceReport, report.id)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ({"building": "3栋", "unit": "2单元", "room": "202室"}, {"building": "3", "unit": "2", "room": "202"}),
        ({"building": "３栋", "room": "２０２"}, {"building": "3", "room": "202"}),
        ({"number": "20"}, {"number": "20号"}),
        ({"number": " 20 号"}, {"number": "20号"}),
        ({"road": "  幸福路  "}, {"road": "幸福路"}),
        ({"building": "科技楼", "room": "A-3"}, {"building": "科技楼", "room": "A-3"}),  # names are kept
    ],
)
def test_a_synced_correction_is_stored_like_a_report(db, reports, coordinator, sign_in, sync, typed, stored):
    sign_in(coordinator)
    results = sync(visit_payload(reports[0], outcome="corrected", corrections=typed)).get_json()["results"]
    assert [r["status"] for r in results] == ["stored"]
    report = report_now(db, reports[0])
    assert {name: getattr(report, name) for name in stored} == stored
    assert report.status == "corrected"
    assert db.session.scalar(db.select(Visit)).corrections == stored  # the visit's record says the same


def test_the_visit_form_stores_the_parts_like_a_report(db, reports, coordinator, sign_in, post_form):
    sign_in(coordinator)
    response = post_form(
        f"/coordinator/visits/{reports[0].receipt}",
        {
            "outcome": "corrected",
            "seen_version": "1",
            "road": "人民路",
            "number": "18",
            "building": "5栋",
            "unit": "1单元",
            "room": "303室",
            "client_id": "form-visit-parts1",
        },
    )
    assert response.status_code == 302
    report = report_now(db, reports[0])
    assert (report.road, report.number, report.building, report.unit, report.room) == (
        "人民路",
        "18号",
        "5",
        "1",
        "303",
    )


def test_typing_the_stored_part_with_its_word_is_no_correction(client, db, reports, coordinator, sign_in, post_form):
    """The report says room 101; "101室" at the door is the same room: nothing to correct, and it is said so."""
    sign_in(coordinator)
    assert reports[0].room == "101"
    response = post_form(
        f"/coordinator/visits/{reports[0].receipt}",
        {
            "outcome": "corrected",
            "seen_version": "1",
            "road": "人民路",
            "number": "18号",
            "room": "101室",
            "client_id": "form-visit-parts2",
        },
    )
    assert response.status_code == 200
    assert "change at least one detail" in response.get_data(as_text=True)
    assert report_now(db, reports[0]).status == "submitted"


def test_a_visit_kept_for_review_is_stored_normalised_when_applied(db, reports, coordinator):
    """A correction stored as typed (before this rule) is normalised when applied after review."""
    report = reports[0]
    assert record.correct(report, {"building": "7栋", "number": "9"}) == {"address"}
    assert (report.building, report.number) == ("7", "9号")

"""The sync API given garbage (task K, angle b): wrong types, a full batch, times before the report was sent, a report
that ended meanwhile. Each visit gets its own answer with a message, never a 500, and nothing is half-saved."""

from datetime import datetime, timedelta

import pytest

from tests.visits.test_visits import SYNC_HEADERS, visit_payload
from webapp import clock
from webapp.notifications.models import Notification
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit
from webapp.visits.schemas import MAX_VISITS

# A test pinned to the suite's day names `test_day` first: pytest sets fixtures up in the order they are named, and
# the report (the `reports` fixture) must be sent on that day too (see test_moved_out_notice_qa_field.py).


def stored(db) -> int:
    return db.session.scalar(db.select(db.func.count(Visit.id)))


def iso(moment: datetime) -> str:
    return moment.isoformat() + "Z"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seen_version": True}, "Version of the report: must be a whole number"),
        ({"seen_version": "3"}, "Version of the report: must be a whole number"),
        ({"seen_version": -1}, "Version of the report: is too small: at least 0"),
        ({"receipt": 5}, "Receipt number: must be text"),
        ({"notes": ["a"]}, "Notes: must be text"),
        ({"corrections": []}, "Corrections: must be a set of named fields"),
        ({"outcome": "corrected", "corrections": {"room": 101}}, "Room: must be text"),
        ({"seen": {"status": 5}}, "Status: must be text"),
        ({"location": {"latitude": 36.8, "longitude": 118.0}}, "Accuracy of your location: is missing"),
        ({"client_id": None}, "Visit number on the phone: must be text"),
        ({"outcome": None}, "What you found: is not one of the allowed values"),
        ({"recorded_at": "2026-13-40T99:99:99Z"}, "Time of the visit: is not a real date and time"),
    ],
)
def test_a_visit_of_the_wrong_shape_is_refused_with_its_field_named(
    client, db, reports, coordinator, sign_in, sync, change, message
):
    sign_in(coordinator)
    bad = {**visit_payload(reports[0], client_id="bad-visit-000001"), **change}
    good = visit_payload(reports[0], client_id="good-visit-00001")
    response = sync(bad, good)
    assert response.status_code == 200
    first, second = response.get_json()["results"]
    assert (first["status"], first["error"], first["message"]) == ("refused", "malformed", message)
    assert second["status"] == "stored"
    assert [v.client_id for v in db.session.scalars(db.select(Visit))] == ["good-visit-00001"]


def test_a_full_batch_is_answered_visit_by_visit(client, db, reports, coordinator, sign_in, sync):
    """As many visits as a request may hold, all but one for receipts that are nobody's: one answer each, in order."""
    sign_in(coordinator)
    visits = [visit_payload(reports[0], client_id="device-visit-real")] + [
        {**visit_payload(reports[0], client_id=f"device-visit-{i:04d}"), "receipt": f"NOBODY{i:04d}"}
        for i in range(MAX_VISITS - 1)
    ]
    response = sync(*visits)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["client_id"] for r in results] == [v["client_id"] for v in visits]
    assert results[0]["status"] == "stored"
    assert {(r["status"], r["error"], r["message"]) for r in results[1:]} == {
        ("refused", "outside_area", "This report is not in your communities")
    }
    assert stored(db) == 1


def test_a_visit_dated_before_the_report_was_sent_is_refused_and_changes_nothing(
    test_day, client, db, reports, migrant, coordinator, sign_in, sync
):
    """A phone whose date is wrong: stored, "moved out" would end the report on a day before it was sent."""
    report = reports[0]
    sign_in(coordinator)
    before = iso(report.created_at - timedelta(days=3))
    results = sync(
        visit_payload(report, client_id="wrong-date-visit1", outcome="moved_out", recorded_at=before),
        visit_payload(report, client_id="right-date-visit1", outcome="not_found"),
    ).get_json()["results"]
    assert results[0] == {
        "client_id": "wrong-date-visit1",
        "status": "refused",
        "error": "before_report",
        "message": "Time of the visit: is before the report was sent. Check the date and time on the phone, then "
        "record the visit again",
    }
    assert results[1]["status"] == "stored"  # the rest of the batch is not held back
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert (report.status, report.ended_on) == ("submitted", None)
    assert [v.client_id for v in db.session.scalars(db.select(Visit))] == ["right-date-visit1"]
    assert not db.session.scalar(db.select(Notification).where(Notification.kind == "report.moved_out"))

    zh = client.post(
        "/coordinator/sync",
        json={"visits": [visit_payload(report, client_id="wrong-date-visit2", recorded_at=before)]},
        headers={**SYNC_HEADERS, "Accept-Language": "zh"},
    ).get_json()["results"][0]
    assert zh["message"] == "走访时间：早于这份申报的提交时间。请检查手机上的日期和时间，然后重新记录这次走访"


def test_a_phone_a_few_minutes_slow_never_ends_a_report_before_the_day_it_was_sent(
    test_day, client, db, reports, migrant, coordinator, sign_in, sync
):
    """Sent at 00:02 in China on 14 July; the phone, four minutes slow, says the visit was at 23:58 on the 13th."""
    report = reports[0]
    report.created_at = datetime(2026, 7, 13, 16, 2)  # UTC
    for event in report.events:
        event.at = report.created_at
    db.session.commit()
    sign_in(coordinator)
    [result] = sync(
        visit_payload(report, outcome="moved_out", recorded_at=iso(datetime(2026, 7, 13, 15, 58)))
    ).get_json()["results"]
    assert result["status"] == "stored"
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert (report.status, report.ended_on) == ("ended", datetime(2026, 7, 14).date())
    events = sorted(report.events, key=lambda e: (e.at, e.id))
    assert [e.action for e in events] == ["submitted", "moved_out"]
    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "At a visit on July 14, 2026 a coordinator found that you no longer live" in inbox


def test_a_visit_to_a_report_that_ended_meanwhile_is_kept_for_review_and_ends_nothing_twice(
    test_day, client, db, reports, migrant, coordinator, sign_in, sync, post_form
):
    """The person reported leaving while the coordinator was offline: the visit, made on the old download, is
    answered "conflict" (kept, never applied), and sending it again is the same visit."""
    report = reports[0]
    downloaded = visit_payload(report, outcome="moved_out")
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert report.status == "ended"
    ended = (report.ended_on, report.end_reason, report.version)

    sign_in(coordinator)
    assert sync(downloaded).get_json()["results"] == [{"client_id": "device-visit-0001", "status": "conflict"}]
    again = sync(downloaded).get_json()["results"]
    assert again == [{"client_id": "device-visit-0001", "status": "duplicate", "state": "conflict"}]
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert (report.ended_on, report.end_reason, report.version) == ended
    assert not db.session.scalar(db.select(Notification).where(Notification.kind == "report.moved_out"))
    page = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "This report has ended since your visit" in page and 'value="apply"' not in page

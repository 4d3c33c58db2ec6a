"""A coordinator's correction at a visit keeps what it replaced: the report's "corrected" event holds each detail's
old and new value (ReportEvent.changes), and the resident reads it on their report in plain words, in their
language ("Room: changed from 101 to 102 by a coordinator at a visit on …"), as staff who may see the report do; it
is in the copy of their data. A detail a report may be without (building, unit, room, workplace) can be cleared at
a visit, with the same history; the road and the number cannot, and saying so is beside the field."""

import io
import json
import zipfile

import pytest

from tests.support.factories import create_employer
from tests.visits.test_visits import visit_payload
from webapp.employers.models import Employment
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.visits.models import Visit

#: The visit's day is printed: 14 July 2026, the suite's day.
pytestmark = pytest.mark.usefixtures("test_day")
ZH = {"Accept-Language": "zh"}
DAY_EN, DAY_ZH = "July 14, 2026", "2026年7月14日"


def report_now(db, report) -> ResidenceReport:
    db.session.expire_all()
    return db.session.get(ResidenceReport, report.id)


def corrected_event(db) -> ReportEvent:
    return db.session.scalar(db.select(ReportEvent).where(ReportEvent.action == "corrected"))


@pytest.fixture
def with_job(migrant, sign_in, report_data, submit_report, db):
    """A report naming a workplace that is not on Xinju (the person's own record of the job)."""
    sign_in(migrant)
    submit_report(report_data(room="101", employer_name="新华面馆"))
    return db.session.scalar(db.select(ResidenceReport))


def form_visit(post_form, report, client_id, **details):
    """The visit form as the page sends it: every box, as shown (the report's values) unless given."""
    data = {
        "outcome": "corrected",
        "seen_version": str(report.version),
        "client_id": client_id,
        "road": report.road,
        "number": report.number,
        "building": report.building,
        "unit": report.unit,
        "room": report.room,
        "workplace": report.employment.employer_name if report.employment else "",
        **details,
    }
    return post_form(f"/coordinator/visits/{report.receipt}", data)


def test_a_room_corrected_on_the_form_keeps_the_old_room_for_the_resident(
    client, db, reports, migrant, coordinator, sign_in, post_form
):
    report = reports[0]
    sign_in(coordinator)
    response = form_visit(post_form, report, "form-history-room1", room="102室")
    assert response.status_code == 302
    assert report_now(db, report).room == "102"
    assert corrected_event(db).changes == [{"field": "room", "from": "101", "to": "102"}]

    sign_in(migrant)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "What was corrected" in page
    assert f"Room: changed from 101 to 102 by a coordinator at a visit on {DAY_EN}." in page
    chinese = client.get(f"/reports/{report.receipt}", headers=ZH).get_data(as_text=True)
    assert f"房间：协管员于{DAY_ZH}上门核查时，由“101”改为“102”。" in chinese
    assert coordinator.display_name not in page  # the role, never the coordinator's name


def test_staff_who_may_see_the_report_read_the_history_and_others_are_refused(
    client, db, reports, coordinator, create_account, community, other_community, sign_in, post_form
):
    report = reports[0]
    sign_in(coordinator)
    form_visit(post_form, report, "form-history-room2", room="102")
    colleague = create_account("coordinator", place=community)
    sign_in(colleague)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "Room: changed from 101 to 102 by a coordinator" in page
    for stranger in (create_account("coordinator", place=other_community), create_account("migrant")):
        sign_in(stranger)
        response = client.get(f"/reports/{report.receipt}")
        assert response.status_code == 404 and "changed from 101" not in response.get_data(as_text=True)


def test_a_synced_correction_keeps_each_old_value(client, db, with_job, migrant, coordinator, sign_in, sync):
    report = with_job
    sign_in(coordinator)
    corrections = {"building": "3栋", "room": "202", "workplace": "新华面馆二店"}
    [result] = sync(visit_payload(report, outcome="corrected", corrections=corrections)).get_json()["results"]
    assert result["status"] == "stored"
    assert corrected_event(db).changes == [
        {"field": "building", "from": "", "to": "3"},
        {"field": "room", "from": "101", "to": "202"},
        {"field": "workplace", "from": "新华面馆", "to": "新华面馆二店"},
    ]
    sign_in(migrant)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f"Building: 3 was added by a coordinator at a visit on {DAY_EN}." in page
    assert "Room: changed from 101 to 202" in page
    assert "Workplace: changed from 新华面馆 to 新华面馆二店" in page


def test_a_workplace_cleared_at_a_visit(client, db, with_job, migrant, coordinator, sign_in, sync):
    """The workplace closed: the report names none, the person's own record of the job ends on the day of the
    visit, and the resident reads what it was."""
    report = with_job
    sign_in(coordinator)
    [result] = sync(visit_payload(report, outcome="corrected", corrections={"workplace": ""})).get_json()["results"]
    assert result["status"] == "stored"
    report = report_now(db, report)
    assert report.employment is None and report.status == "corrected"
    job = db.session.scalar(db.select(Employment))
    assert job.employer_name == "新华面馆" and job.ended_on.isoformat() == "2026-07-14"
    assert corrected_event(db).changes == [{"field": "workplace", "from": "新华面馆", "to": ""}]
    assert db.session.scalar(db.select(Visit)).corrections == {"workplace": ""}

    sign_in(migrant)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f"Workplace: 新华面馆 was removed by a coordinator at a visit on {DAY_EN}." in page
    chinese = client.get(f"/reports/{report.receipt}", headers=ZH).get_data(as_text=True)
    assert f"工作单位：协管员于{DAY_ZH}上门核查时删除了“新华面馆”。" in chinese


def test_an_employers_record_stays_theirs_when_the_workplace_is_cleared(
    db, migrant, create_account, sign_in, report_data, submit_report, coordinator, sync
):
    employer = create_employer(create_account("employer"))
    sign_in(migrant)
    submit_report(report_data(employer_name=employer.name, employer_uscc=employer.uscc))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(coordinator)
    sync(visit_payload(report, outcome="corrected", corrections={"workplace": ""}))
    assert report_now(db, report).employment is None
    job = db.session.scalar(db.select(Employment))
    assert job.employer_id == employer.id and job.ended_on is None and job.status == "pending"


def test_a_room_cleared_on_the_form(client, db, reports, migrant, coordinator, sign_in, post_form):
    report = reports[0]
    sign_in(coordinator)
    assert form_visit(post_form, report, "form-history-clear", room="").status_code == 302
    assert report_now(db, report).room == ""
    sign_in(migrant)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "Room: 101 was removed by a coordinator at a visit on" in page


def test_a_box_not_sent_is_no_correction(db, reports, coordinator, sign_in, post_form):
    """Only a box sent empty clears its detail: one missing from the form leaves it as it is."""
    report = reports[0]
    sign_in(coordinator)
    response = post_form(
        f"/coordinator/visits/{report.receipt}",
        {"outcome": "corrected", "seen_version": "1", "client_id": "form-history-none", "unit": "2"},
    )
    assert response.status_code == 302
    report = report_now(db, report)
    assert (report.room, report.unit) == ("101", "2")
    assert corrected_event(db).changes == [{"field": "unit", "from": "", "to": "2"}]


@pytest.mark.parametrize("name", ["road", "number"])
def test_the_road_and_number_cannot_be_cleared_on_the_form(client, db, reports, coordinator, sign_in, post_form, name):
    report = reports[0]
    sign_in(coordinator)
    response = form_visit(post_form, report, f"form-history-{name}", **{name: "", "room": "102"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "every report has one, so it cannot be left empty" in html
    assert f'id="{name}-error"' in html
    now = report_now(db, report)
    assert (now.road, now.number, now.room, now.status) == ("人民路", "18号", "101", "submitted")
    assert db.session.scalar(db.select(Visit)) is None


def test_a_synced_visit_that_empties_the_road_is_refused_in_the_coordinators_language(
    db, reports, coordinator, sign_in, sync
):
    from tests.visits.test_visits import SYNC_HEADERS

    sign_in(coordinator)
    payload = visit_payload(reports[0], outcome="corrected", corrections={"road": "", "room": "102"})
    [result] = sync(payload).get_json()["results"]
    assert result["status"] == "refused" and result["error"] == "malformed"
    assert result["message"].startswith("Road, street or lane: every report has one")
    [chinese] = sync(payload, headers={**SYNC_HEADERS, "Accept-Language": "zh"}).get_json()["results"]
    assert chinese["status"] == "refused" and "不能留空" in chinese["message"]
    assert report_now(db, reports[0]).room == "101"


def test_clearing_a_detail_already_empty_is_no_correction(db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    [result] = sync(visit_payload(reports[0], outcome="corrected", corrections={"building": ""})).get_json()["results"]
    assert result["status"] == "refused" and result["error"] == "no_corrections"


def test_a_conflict_applied_after_review_keeps_the_old_value(client, db, reports, coordinator, sign_in, sync):
    report = reports[0]
    sign_in(coordinator)
    stale = visit_payload(report, client_id="device-history-old", outcome="corrected", corrections={"room": ""})
    stale["seen_version"] = report.version - 1 if report.version > 1 else report.version + 5
    [result] = sync(stale).get_json()["results"]
    assert result["status"] == "conflict"
    visit = db.session.scalar(db.select(Visit))
    page = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "Left empty: remove it" in page
    from webapp.visits import record

    record.resolve(visit, coordinator, apply_visit=True)
    assert report_now(db, report).room == ""
    assert corrected_event(db).changes == [{"field": "room", "from": "101", "to": ""}]


def test_the_copy_of_ones_data_holds_the_history(client, db, reports, migrant, coordinator, sign_in, sync, post_form):
    sign_in(coordinator)
    sync(visit_payload(reports[0], outcome="corrected", corrections={"room": "102", "unit": "2"}))
    sign_in(migrant)
    archive = zipfile.ZipFile(io.BytesIO(post_form("/account/my-data").data))
    data = json.loads(archive.read("my-data.json"))
    [report] = data["residence_reports"]
    [corrected] = [event for event in report["history"] if event["action"] == "corrected"]
    assert corrected["changes"] == [
        {"field": "room", "from": "101", "to": "102"},
        {"field": "unit", "from": "", "to": "2"},
    ]
    assert "coordinator_id" not in json.dumps(report["history"]) and "actor_id" not in corrected
    html = archive.read("my-data.html").decode()
    assert f"Room: changed from 101 to 102 by a coordinator at a visit on {DAY_EN}." in html
    assert "Unit: 2 was added by a coordinator" in html


def test_the_pages_say_a_detail_can_be_cleared(client, reports, coordinator, sign_in):
    sign_in(coordinator)
    visit = client.get(f"/coordinator/visits/{reports[0].receipt}").get_data(as_text=True)
    field = client.get("/field").get_data(as_text=True)
    for page in (visit, field):
        assert "To remove a building, unit, room or workplace that is no longer right, empty its box." in page
    assert "data-i18n-keep-filled=" in field
    chinese = client.get(f"/coordinator/visits/{reports[0].receipt}", headers=ZH).get_data(as_text=True)
    assert "清空" in chinese


def test_a_synced_correction_with_emoji_is_refused_as_the_form_refuses_it(db, reports, coordinator, sign_in, sync):
    """A reviewer saved a visit offline with '9号😀' as the number: it was stored. It is refused, the rest kept."""
    from tests.visits.test_visits import SYNC_HEADERS

    sign_in(coordinator)
    payload = visit_payload(reports[0], outcome="corrected", corrections={"number": "9号😀"})
    [result] = sync(payload).get_json()["results"]
    assert result["status"] == "refused" and result["error"] == "malformed"
    assert result["message"].startswith("Number or residential compound: use only letters, numbers and punctuation")
    [chinese] = sync(payload, headers={**SYNC_HEADERS, "Accept-Language": "zh"}).get_json()["results"]
    assert "不能写表情符号" in chinese["message"]
    assert report_now(db, reports[0]).number == "18号"


@pytest.mark.parametrize("outcome", ["confirmed", "not_found", "declined"])
def test_a_detail_changed_under_another_answer_is_not_dropped_without_a_word(
    db, reports, coordinator, sign_in, post_form, outcome
):
    """A reviewer changed the room to 999, then chose 'Confirmed': the visit was stored as confirmed, the 999 lost."""
    report = reports[0]
    sign_in(coordinator)
    response = form_visit(post_form, report, f"form-edited-{outcome}", outcome=outcome, room="999")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="outcome-error"' in html and "You changed details below" in html
    assert 'value="999"' in html  # kept as typed
    assert db.session.scalar(db.select(Visit)) is None and report_now(db, report).room == "101"


def test_confirmed_with_every_box_as_shown_is_taken(db, reports, coordinator, sign_in, post_form):
    report = reports[0]
    sign_in(coordinator)
    assert form_visit(post_form, report, "form-as-shown", outcome="confirmed").status_code == 302
    assert db.session.scalar(db.select(Visit)).outcome == "confirmed"

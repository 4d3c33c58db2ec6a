"""A correction a resident asked for and a coordinator accepted keeps the old value, as a visit's correction does:
on the report's page ("Room: changed from 101 to 102 by a coordinator, as you asked, on …") in the resident's
language and in the copy of their data; a workplace an employer on Xinju confirmed is not renamed under their
confirmation (the new one is a job of its own)."""

import io
import json
import zipfile

import pytest

from tests.support.factories import create_employer
from webapp.employers.models import Employment
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ReportEvent, ResidenceReport

DAY_EN, DAY_ZH = "July 14, 2026", "2026年7月14日"  # the suite's pinned day (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("test_day")  # the day is printed: the suite's own, under make test-dates too


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def accept(db, client, migrant, coordinator, sign_in, post_form):
    """The resident asks for `field` to say `proposed` on their report; the coordinator accepts."""

    def _accept(report, field, proposed):
        sign_in(migrant)
        sent = post_form(f"/reports/{report.receipt}/correction", {"field": field, "proposed": proposed})
        assert sent.status_code == 302, sent.get_data(as_text=True)[-2000:]
        found = db.session.scalar(db.select(CorrectionRequest).order_by(CorrectionRequest.id.desc()))
        sign_in(coordinator)
        page = f"/coordinator/corrections/{found.reference}"
        assert post_form(page, {"decision": "corrected", "text": "已核实"}).status_code == 302
        db.session.expire_all()
        sign_in(migrant)
        return db.session.get(ResidenceReport, report.id)

    return _accept


def submitted(db, migrant, sign_in, submit_report, data):
    sign_in(migrant)
    submit_report(data)
    return db.session.scalar(db.select(ResidenceReport))


def corrected_event(db, report):
    return db.session.scalar(
        db.select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.action == "corrected")
    )


def test_an_accepted_room_keeps_the_old_one_for_the_resident(
    client, db, migrant, sign_in, report_data, submit_report, accept
):
    report = accept(submitted(db, migrant, sign_in, submit_report, report_data(room="101")), "room", "102")
    assert report.room == "102"
    event = corrected_event(db, report)
    assert event.changes == [{"field": "room", "from": "101", "to": "102", "how": "asked"}]
    assert event.fields == ["room"]

    english = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f"Room: changed from 101 to 102 by a coordinator, as you asked, on {DAY_EN}." in english
    assert "at a visit" not in english
    chinese = client.get(f"/reports/{report.receipt}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f"房间：协管员于{DAY_ZH}按您的申请，由“101”改为“102”。" in chinese


def test_an_added_detail_is_said_added(client, db, migrant, sign_in, report_data, submit_report, accept):
    report = accept(submitted(db, migrant, sign_in, submit_report, report_data(building="")), "building", "3栋")
    assert report.building == "3"  # stored as a report stores it
    assert corrected_event(db, report).changes == [{"field": "building", "from": "", "to": "3", "how": "asked"}]
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f"Building: 3 was added by a coordinator, as you asked, on {DAY_EN}." in page


def test_the_copy_of_ones_data_holds_it(client, db, migrant, sign_in, report_data, submit_report, accept, post_form):
    accept(submitted(db, migrant, sign_in, submit_report, report_data(room="101")), "room", "102")
    archive = zipfile.ZipFile(io.BytesIO(post_form("/account/my-data").data))
    [kept] = json.loads(archive.read("my-data.json"))["residence_reports"]
    [event] = [event for event in kept["history"] if event["action"] == "corrected"]
    assert event["changes"] == [{"field": "room", "from": "101", "to": "102", "how": "asked"}]
    html = archive.read("my-data.html").decode()
    assert f"Room: changed from 101 to 102 by a coordinator, as you asked, on {DAY_EN}." in html


def test_a_workplace_an_employer_confirmed_is_not_renamed(
    client, db, migrant, create_account, sign_in, report_data, submit_report, accept
):
    employer = create_employer(create_account("employer"))
    report = submitted(
        db, migrant, sign_in, submit_report, report_data(employer_name=employer.name, employer_uscc=employer.uscc)
    )
    report = accept(report, "workplace", "新华面馆")
    theirs = db.session.scalar(db.select(Employment).where(Employment.employer_id == employer.id))
    assert theirs.employer_name == employer.name  # their record, as they were asked to confirm it
    assert report.employment.employer_name == "新华面馆" and report.employment.employer_id is None
    assert report.employment.source == "migrant"  # the resident said so (the column holds 10 characters)
    assert corrected_event(db, report).changes == [
        {"field": "workplace", "from": employer.name, "to": "新华面馆", "how": "asked"}
    ]
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f"Workplace: changed from {employer.name} to 新华面馆 by a coordinator, as you asked" in page

"""A person asks to correct a detail of their report: it goes to their community's coordinators, whose answer comes
to the person's inbox; a correction accepted changes the report and shows on its trail."""

import pytest

from webapp.notifications.models import Notification
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ReportEvent, ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def report(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalar(db.select(ResidenceReport))


def test_a_person_asks_and_the_coordinator_corrects(client, db, report, migrant, coordinator, sign_in, post_form):
    sign_in(migrant)
    assert f"/reports/{report.receipt}/correction" in client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    url = f"/reports/{report.receipt}/correction"
    empty = post_form(url, {})
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert 'id="field-error"' in html and 'id="proposed-error"' in html
    too_long = post_form(url, {"field": "room", "proposed": "1" * 21})
    assert too_long.status_code == 400 and 'id="proposed-error"' in too_long.get_data(as_text=True)
    sent = post_form(url, {"field": "room", "proposed": "102", "why": "房间号写错了"})
    assert sent.status_code == 302
    found = db.session.scalar(db.select(CorrectionRequest))
    assert (found.field, found.proposed, found.status, found.place_id) == ("room", "102", "open", report.place_id)
    assert db.session.scalar(db.select(Notification).where(Notification.account_id == coordinator.id))

    sign_in(coordinator)
    queue = client.get("/coordinator/corrections").get_data(as_text=True)
    assert f"/coordinator/corrections/{found.reference}" in queue
    page = f"/coordinator/corrections/{found.reference}"
    assert "102" in client.get(page).get_data(as_text=True)
    unexplained = post_form(page, {"decision": "declined"})
    assert unexplained.status_code == 400 and 'id="text-error"' in unexplained.get_data(as_text=True)
    assert post_form(page, {"decision": "corrected", "text": "已核实"}).status_code == 302
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert report.room == "102"
    assert db.session.scalar(
        db.select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.action == "corrected")
    )
    assert db.session.get(CorrectionRequest, found.id).status == "corrected"

    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "corrected as you asked" in inbox


def test_a_declined_correction_says_why_in_the_inbox(client, db, report, migrant, coordinator, sign_in, post_form):
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/correction", {"field": "road", "proposed": "建设路"})
    found = db.session.scalar(db.select(CorrectionRequest))
    sign_in(coordinator)
    post_form(f"/coordinator/corrections/{found.reference}", {"decision": "declined", "text": "走访时您住在人民路"})
    db.session.expire_all()
    assert db.session.get(ResidenceReport, report.id).road == "人民路"
    sign_in(migrant)
    assert "走访时您住在人民路" in client.get("/me/inbox").get_data(as_text=True)


def test_others_cannot_ask_or_answer(
    client, db, report, migrant, coordinator, create_account, create_place, sign_in, post_form
):
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/correction", {"field": "road", "proposed": "建设路"})
    found = db.session.scalar(db.select(CorrectionRequest))
    stranger = create_account("migrant")
    sign_in(stranger)
    assert client.get(f"/reports/{report.receipt}/correction").status_code == 404
    assert client.get(f"/coordinator/corrections/{found.reference}").status_code == 403
    sign_in(create_account("coordinator", place=create_place("330302001001")))
    assert client.get(f"/coordinator/corrections/{found.reference}").status_code == 404
    assert found.reference not in client.get("/coordinator/corrections").get_data(as_text=True)
    sign_in(coordinator)
    assert client.get(f"/reports/{report.receipt}/correction").status_code == 403

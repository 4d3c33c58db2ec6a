"""A control character in a field of a form with a prefix (one of several forms on a page: "reject-reason",
"unmask-reason", "handle-reason", "answer-answer") is refused like in any other form: the field says why, in the
page's language, and the page is shown again; never a 500 (the refusal looked the field up by its sent name)."""

import pytest

from tests.support.forms import browser_data, errors_shown
from webapp.audit.models import AuditEvent
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy
from webapp.services.models import ServiceRequest

REFUSED = "Use only letters, numbers and punctuation: this has a control character or a hidden mark"
REFUSED_ZH = "请只使用文字、数字和标点：这里有控制字符或隐藏的符号"


@pytest.fixture
def send(client):
    """Open the page, fill the form of `button` as a browser would with `changes`, send it: the response."""

    def _send(url: str, button: str, changes: dict, action: str | None = None):
        data = browser_data(client.get(url).get_data(as_text=True), button)
        return client.post(action or url, data={**data, **changes})

    return _send


@pytest.fixture
def report(db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalar(db.select(ResidenceReport))


@pytest.fixture
def coordinator(create_account, community, sign_in, report):
    return sign_in(create_account("coordinator", place=community, display_name="赵磊"))


@pytest.mark.parametrize("character", ["\x00", "\x07", "\u202e"])
def test_a_rejection_reason_with_a_control_character_is_refused_next_to_it(db, report, coordinator, send, character):
    url = f"/coordinator/visits/{report.receipt}"
    response = send(url, "Reject the report", {"reject-reason": f"地址不对{character}"}, f"{url}/reject")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert errors_shown(html, "reject-reason", REFUSED)
    assert "地址不对" in html and character not in html  # what was typed, shown again without it
    db.session.refresh(report)
    assert report.status == "submitted"


def test_the_refusal_is_in_the_pages_language(client, db, report, coordinator, send):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    url = f"/coordinator/visits/{report.receipt}"
    response = send(url, "不通过", {"reject-reason": "地址不对\x07"}, f"{url}/reject")
    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), "reject-reason", REFUSED_ZH)


def test_an_unmask_reason_with_a_control_character_shows_no_number(db, report, coordinator, send):
    url = f"/coordinator/visits/{report.receipt}"
    response = send(url, "Show the number", {"unmask-reason": "id: card check\x00"}, f"{url}/id-number")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert errors_shown(html, "unmask-reason-0", REFUSED)
    assert report.person.id_number not in html
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.details["what"].as_string() == "id_number"))


@pytest.fixture
def service_request(db, migrant, create_account, create_place, sign_in, report_data, submit_report, post_form):
    officer = create_account("officer", place=create_place("370303"), department="hrss", display_name="人社孙")
    sign_in(migrant)
    submit_report(report_data())
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    sign_in(officer)
    return db.session.scalar(db.select(ServiceRequest))


def test_an_officers_note_with_a_control_character_is_refused(db, service_request, send):
    url = f"/officer/requests/{service_request.reference}"
    response = send(url, "Update the request", {"handle-status": "in_progress", "handle-reason": "好的\x07"})
    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), "handle-reason", REFUSED)
    db.session.refresh(service_request)
    assert service_request.status == "submitted"
    response = send(url, "Send the message", {"message-body": "你好\x00"})
    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), "message-body", REFUSED)


def test_a_landlords_answer_with_a_control_character_is_refused(
    db, migrant, landlord, rental, sign_in, report_data, submit_report, send
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    sign_in(landlord)
    tenancy = db.session.scalar(db.select(Tenancy))
    response = send(f"/landlord/tenancies/{tenancy.id}", "Send the answer", {"answer-answer": "yes\x07"})
    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), "answer-answer-0", REFUSED)
    db.session.refresh(tenancy)
    assert tenancy.status == "pending"

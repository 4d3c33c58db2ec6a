"""QA of the service request's forms against double sends, posts on a closed request and bad input: one request,
one message, one answer; a clear message next to the field (or on the page), nothing half-saved, never a 500."""

import re

import pytest

from tests.conftest import token_from
from webapp.notifications.models import Notification
from webapp.services.models import RequestMessage, ServiceRequest


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_request_sent_twice_is_made_once_and_shown(client, db, registered):
    page = "/me/services/job_referral/ask"
    client.set_cookie("lang", "zh")
    token = token_from(client.get(page).get_data(as_text=True))
    first = client.post(page, data={"csrf_token": token, "details": "想找工作"})
    again = client.post(page, data={"csrf_token": token, "details": " 想找工作 "})
    assert count(db, ServiceRequest) == 1
    assert again.status_code == 302 and again.location == first.location  # the request already sent
    assert "您已经提交过这项申请，在这里可以查看。" in client.get(again.location).get_data(as_text=True)


def test_other_words_or_a_closed_request_make_a_new_request(client, db, registered, hrss_officer, sign_in, post_form):
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    post_form("/me/services/job_referral/ask", {"details": "想找培训"})
    assert count(db, ServiceRequest) == 2
    first = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.details == "想找工作"))
    sign_in(hrss_officer)
    post_form(f"/officer/requests/{first.reference}", {"handle-status": "completed"})
    sign_in(registered)
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})  # asked again, after the first was answered
    assert count(db, ServiceRequest) == 3


def test_a_message_sent_twice_is_kept_once(client, db, service_request):
    page = f"/me/requests/{service_request.reference}"
    token = token_from(client.get(page).get_data(as_text=True))
    for _ in range(2):
        assert client.post(page, data={"csrf_token": token, "body": "好的"}).status_code == 302
    assert db.session.scalars(db.select(RequestMessage.body)).all() == ["好的"]


def test_an_officers_message_sent_twice_is_kept_and_told_once(client, db, service_request, hrss_officer, sign_in):
    sign_in(hrss_officer)
    page = f"/officer/requests/{service_request.reference}"
    token = token_from(client.get(page).get_data(as_text=True))
    for _ in range(2):
        client.post(page, data={"message-csrf_token": token, "message-body": "请带身份证"})
    assert count(db, RequestMessage) == 1
    told = db.session.scalars(db.select(Notification.kind).where(Notification.kind == "request.message")).all()
    assert told == ["request.message"]


def test_the_same_words_later_after_an_answer_are_a_new_message(
    client, db, service_request, hrss_officer, migrant, sign_in, post_form
):
    page = f"/me/requests/{service_request.reference}"
    post_form(page, {"body": "好的"})
    sign_in(hrss_officer)
    post_form(f"/officer/requests/{service_request.reference}", {"message-body": "明天来吗？"})
    sign_in(migrant)
    post_form(page, {"body": "好的"})
    assert db.session.scalars(db.select(RequestMessage.party).order_by(RequestMessage.id)).all() == [
        "migrant",
        "officer",
        "migrant",
    ]


def test_a_message_on_a_closed_request_is_refused_in_words(
    client, db, service_request, hrss_officer, migrant, sign_in, post_form
):
    page = f"/me/requests/{service_request.reference}"
    left_open = token_from(client.get(page).get_data(as_text=True))
    sign_in(hrss_officer)
    post_form(
        f"/officer/requests/{service_request.reference}", {"handle-status": "refused", "handle-reason": "重复申请"}
    )
    sign_in(migrant)
    response = client.post(page, data={"csrf_token": left_open, "body": "为什么？"}, follow_redirects=True)
    assert "This request is closed: no more messages can be sent on it." in response.get_data(as_text=True)
    assert count(db, RequestMessage) == 0


def test_an_answer_sent_twice_is_given_once_without_an_error(client, db, service_request, hrss_officer, sign_in):
    sign_in(hrss_officer)
    page = f"/officer/requests/{service_request.reference}"
    token = token_from(client.get(page).get_data(as_text=True))
    client.post(page, data={"handle-csrf_token": token, "handle-status": "in_progress"})
    again = client.post(page, data={"handle-csrf_token": token, "handle-status": "in_progress"})
    assert again.status_code == 302 and again.location.endswith("/officer/requests")
    assert "The request has this status already." in client.get("/officer/requests").get_data(as_text=True)
    told = db.session.scalars(db.select(Notification.kind).where(Notification.kind == "request.status")).all()
    assert told == ["request.status"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a message"),
        ("   ", "Write a message"),
        ("x" * 2001, "Use 2000 characters or fewer"),
        ("x" * 200_000, "Use 2000 characters or fewer"),
        ("好的\x00", "control character"),
        ("\u202egpj.exe", "control character"),
    ],
)
def test_a_bad_message_is_explained_next_to_the_box_and_not_kept(client, db, service_request, post_form, body, message):
    response = post_form(f"/me/requests/{service_request.reference}", {"body": body})
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error-message" id="body-error">(.*?)</p>', html, re.S)
    assert response.status_code == 200 and error and message in error.group(1)
    assert 'aria-describedby="body-error"' in html and 'role="alert"' in html  # tied to the box, and announced
    assert count(db, RequestMessage) == 0


@pytest.mark.parametrize(
    ("details", "message"),
    [("x" * 2001, "Use 2000 characters or fewer"), ("a\x00b", "control character"), ("", "Say what you need")],
)
def test_a_bad_request_is_explained_next_to_its_field_and_not_kept(client, db, registered, post_form, details, message):
    response = post_form("/me/services/job_referral/ask", {"details": details})
    error = re.search(r'<p class="error-message" id="details-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    assert response.status_code == 200 and error and message in error.group(1)
    assert count(db, ServiceRequest) == 0


def test_hostile_markup_is_shown_as_text_to_both_sides(client, db, service_request, hrss_officer, sign_in, post_form):
    post_form(f"/me/requests/{service_request.reference}", {"body": "<script>alert(1)</script><b>x</b>"})
    for page in (f"/me/requests/{service_request.reference}", f"/officer/requests/{service_request.reference}"):
        if page.startswith("/officer"):
            sign_in(hrss_officer)
        html = client.get(page).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html

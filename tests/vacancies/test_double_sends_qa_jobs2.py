"""QA of the jobs board's forms against double sends and bad input: one posting, one referral, one decision told
once; the message next to the field that is wrong (and only there); nothing half-saved, never a 500."""

import re

import pytest

from tests.conftest import token_from
from webapp.notifications.models import Notification
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral, Vacancy


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def errors(response) -> dict[str, str]:
    """The error under each field: {field id: message}."""
    html = response.get_data(as_text=True)
    found = re.findall(r'<p class="error-message" id="([\w-]+)-error"><span[^>]*>[^<]*</span>\s*(.*?)</p>', html, re.S)
    return dict(found)


def test_a_posting_sent_twice_is_made_once_and_shown(client, db, employer_account, posting_data, sign_in):
    sign_in(employer_account)
    client.set_cookie("lang", "zh")
    page = "/employer/vacancies/new"
    token = token_from(client.get(page).get_data(as_text=True))
    first = client.post(page, data={"csrf_token": token, **posting_data()})
    again = client.post(page, data={"csrf_token": token, **posting_data()})
    assert count(db, Vacancy) == 1
    assert again.status_code == 302 and again.location == first.location
    assert "您已经提交过这条招聘信息，在这里可以查看。" in client.get(again.location).get_data(as_text=True)


def test_a_different_posting_or_one_taken_down_is_posted(
    client, db, employer_account, job_officer, posting_data, sign_in, post_form
):
    sign_in(employer_account)
    post_form("/employer/vacancies/new", posting_data())
    post_form("/employer/vacancies/new", posting_data(wage_max="7000"))  # another posting, on purpose
    assert count(db, Vacancy) == 2
    first = db.session.scalar(db.select(Vacancy).order_by(Vacancy.id))
    sign_in(job_officer)
    post_form(f"/officer/vacancies/{first.id}", {"decision": "take_down", "reason": "请写清工作时间"})
    sign_in(employer_account)
    post_form("/employer/vacancies/new", posting_data())  # the one taken down, posted again as it was
    assert count(db, Vacancy) == 3


def test_a_negative_lowest_wage_is_wrong_on_its_own_field_only(
    client, db, employer_account, posting_data, sign_in, post_form
):
    sign_in(employer_account)
    found = errors(post_form("/employer/vacancies/new", posting_data(wage_min="-5")))
    assert found == {"wage_min": "Enter a monthly wage in yuan, such as 4500"}  # not "lower than the lowest"
    found = errors(post_form("/employer/vacancies/new", posting_data(wage_min="7000")))
    assert found == {"wage_max": "The highest wage cannot be lower than the lowest"}
    assert count(db, Vacancy) == 0


def test_a_decision_sent_twice_tells_the_employer_once(client, db, vacancy, job_officer, sign_in):
    sign_in(job_officer)
    page = f"/officer/vacancies/{vacancy.id}"
    token = token_from(client.get(page).get_data(as_text=True))
    for _ in range(2):
        client.post(page, data={"csrf_token": token, "decision": "take_down", "reason": "工资写错了"})
    assert "This posting is closed already." in client.get("/officer/vacancies").get_data(as_text=True)
    assert db.session.scalars(db.select(Notification.kind)).all() == ["vacancy.taken_down"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"decision": "take_down", "reason": ""}, "reason", "Say why the posting is not shown"),
        ({"decision": "take_down", "reason": "x" * 501}, "reason", "Use 500 characters or fewer"),
        ({"decision": "take_down", "reason": "x\x00"}, "reason", "control character"),
        ({"decision": "publish"}, "decision", "Choose one of the options shown"),
        ({}, "decision", "Choose what happens to the posting"),
    ],
)
def test_a_bad_decision_is_explained_next_to_its_field(
    client, db, vacancy, job_officer, sign_in, post_form, data, field, message
):
    sign_in(job_officer)
    response = post_form(f"/officer/vacancies/{vacancy.id}", data)
    assert response.status_code == 200 and message in errors(response)[field]
    db.session.refresh(vacancy)
    assert vacancy.status == "approved" and count(db, Notification) == 0


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 501, "Use 500 characters or fewer"),
        ("x" * 100_000, "Use 500 characters or fewer"),
        ("\u202e", "hidden mark"),
    ],
)
def test_a_bad_note_is_explained_and_nothing_is_asked(client, db, vacancy, registered, post_form, note, message):
    response = post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "no", "note": note})
    assert response.status_code == 200 and message in errors(response)["note"]
    assert count(db, Referral) == 0 and count(db, ServiceRequest) == 0


def test_a_referral_asked_twice_is_refused_next_to_the_choice(client, db, vacancy, registered):
    page = f"/me/jobs/ask?vacancy={vacancy.id}"
    client.set_cookie("lang", "zh")
    token = token_from(client.get(page).get_data(as_text=True))
    client.post(page, data={"csrf_token": token, "kind": "referral", "share": "no"})
    again = client.post(page, data={"csrf_token": token, "kind": "referral", "share": "no"})
    assert again.status_code == 200 and "您已经申请过" in errors(again)["kind"]
    assert count(db, Referral) == 1 and count(db, ServiceRequest) == 1


@pytest.mark.parametrize("ending", ["taken_down", "past_date"])
def test_asking_about_a_job_that_left_the_board_meanwhile_says_so(
    client, db, vacancy, registered, job_officer, sign_in, post_form, ending
):
    page = f"/me/jobs/ask?vacancy={vacancy.id}"
    client.set_cookie("lang", "zh")
    left_open = token_from(client.get(page).get_data(as_text=True))
    if ending == "taken_down":
        sign_in(job_officer)
        post_form(f"/officer/vacancies/{vacancy.id}", {"decision": "take_down", "reason": "岗位已招满"})
        sign_in(registered)
    else:
        vacancy.closes_on = vacancy.closes_on.replace(year=vacancy.closes_on.year - 1)
        db.session.commit()
    response = client.post(page, data={"csrf_token": left_open, "kind": "referral", "share": "no"})
    assert response.status_code == 302 and response.location.endswith("/jobs")
    assert "这个岗位已不在招聘信息中：已经截止或已被撤下。" in client.get("/jobs").get_data(as_text=True)
    assert count(db, Referral) == 0 and count(db, ServiceRequest) == 0


def test_a_posting_still_waiting_for_review_is_no_posting_to_a_resident(
    client, db, employer_account, community, registered
):
    from tests.support import factories
    from webapp.employers.rules import employer_of

    waiting = factories.create_vacancy(employer_of(employer_account), community, status="pending")
    assert client.get(f"/me/jobs/ask?vacancy={waiting.id}").status_code == 404
    assert client.get("/me/jobs/ask?vacancy=99999999999999999999").status_code == 404

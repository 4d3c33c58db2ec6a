"""A hire an employer reports is a claim: the person confirms or denies it; the employer never learns who holds
an ID number (they see only what they typed); hires are rate-limited per employer account and audited."""

import re
from datetime import date

import pytest

from tests.support.factories import id_number
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.people.models import Person


@pytest.fixture
def employer_account(create_account, create_employer):
    account = create_account("employer", display_name="陈静")
    create_employer(account)
    return account


def hire(post_form, number, name="张三", started_on=None):
    return post_form(
        "/employer/hires/new",
        {"name": name, "id_number": number, "started_on": (started_on or clock.today()).isoformat()},
    )


def test_hiring_a_registered_person_shows_only_what_the_employer_typed(
    client, db, migrant, employer_account, sign_in, post_form
):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    response = hire(post_form, her.id_number, name="张三")
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    home = client.get("/employer").get_data(as_text=True)
    employment = db.session.scalar(db.select(Employment))
    page = client.get(f"/employer/employments/{employment.id}").get_data(as_text=True)
    for html in (shown, home, page):
        assert "王芳" not in html  # her registered name is never shown to whoever types her number
    assert "张三" in home and "张三" in page
    # Not a confirmed job: a claim waiting for her, added to nobody's record until she says yes.
    assert (employment.source, employment.status, employment.person_id) == ("employer", "pending", her.id)


def test_the_employer_cannot_confirm_their_own_claim(client, db, migrant, employer_account, sign_in, post_form):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    page = client.get(f"/employer/employments/{employment.id}").get_data(as_text=True)
    assert 'name="answer-answer"' not in page and "Waiting for the worker to confirm" in page
    assert "No worker is waiting for your answer" in client.get("/employer").get_data(as_text=True)
    post_form(f"/employer/employments/{employment.id}", {"answer-answer": "confirm"})
    db.session.refresh(employment)
    assert employment.status == "pending"


def test_the_person_is_told_and_confirms_the_job(client, db, migrant, employer_account, sign_in, post_form):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    [told] = db.session.scalars(db.select(Notification).where(Notification.account_id == migrant.id)).all()
    assert told.link == f"/me/jobs/{employment.id}"
    sign_in(migrant)
    assert f"/me/jobs/{employment.id}" in client.get("/me").get_data(as_text=True)
    page = client.get(f"/me/jobs/{employment.id}").get_data(as_text=True)
    assert "温州鞋业有限公司" in page and "张三" not in page
    assert post_form(f"/me/jobs/{employment.id}", {"answer": "confirm"}).status_code == 302
    db.session.refresh(employment)
    assert (employment.status, employment.answered_at is not None) == ("confirmed", True)
    answered = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "employment.answered"))
    assert answered.actor_id == migrant.id and answered.subject_person_id == her.id


def test_the_person_denies_a_job_they_do_not_have(client, db, migrant, employer_account, sign_in, post_form):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    sign_in(migrant)
    missing_reason = post_form(f"/me/jobs/{employment.id}", {"answer": "deny"})
    assert 'id="reason-error"' in missing_reason.get_data(as_text=True)
    post_form(f"/me/jobs/{employment.id}", {"answer": "deny", "reason": "我不认识这家公司"})
    db.session.refresh(employment)
    assert employment.status == "denied"
    sign_in(employer_account)
    assert "张三" not in client.get("/employer").get_data(as_text=True)  # a denied claim leaves the list


def test_only_the_person_answers_their_job_claim(
    client, db, migrant, employer_account, create_account, create_person, sign_in, post_form
):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    assert client.get(f"/me/jobs/{employment.id}").status_code == 403
    stranger = create_account("migrant")
    create_person(stranger, name="李四")
    sign_in(stranger)
    assert client.get(f"/me/jobs/{employment.id}").status_code == 404


def test_the_same_answer_whether_or_not_the_number_is_registered(
    client, db, migrant, employer_account, sign_in, post_form
):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    nobody = id_number(date(1990, 3, 4), sequence=321)
    flashes = [
        client.get(hire(post_form, number, name="甲").location).get_data(as_text=True).split("</main>")[0]
        for number in (her.id_number, nobody)
    ]
    assert "The hire of 甲 has been reported" in flashes[0]
    first, second = db.session.scalars(db.select(Employment).order_by(Employment.id)).all()
    home = client.get("/employer").get_data(as_text=True)
    rows = re.findall(r"<li class=\"passkey-list__item\">(.*?)</li>", home, re.S)
    assert len(rows) == 2
    masked = [rows[0].replace(her.masked_id, "#").replace(f"/{first.id}", "/#"), rows[1]]
    masked[1] = masked[1].replace(Person(id_number=nobody).masked_id, "#").replace(f"/{second.id}", "/#")
    assert masked[0] == masked[1]
    assert (first.status, second.status) == ("pending", "pending")


def test_hires_are_audited(db, migrant, employer_account, sign_in, post_form):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "employment.reported"))
    assert (event.actor_id, event.subject_person_id) == (employer_account.id, her.id)


def test_hires_are_rate_limited_per_employer_account(
    client, app, db, employer_account, create_account, create_employer, sign_in, post_form
):
    sign_in(employer_account)
    limit = int(app.config["RATELIMIT_HIRES"].split(" ")[0])
    statuses = [hire(post_form, id_number(date(1990, 3, 4), sequence=i)).status_code for i in range(limit + 1)]
    assert statuses[:limit] == [302] * limit and statuses[limit] == 429
    assert db.session.scalar(db.select(db.func.count(Employment.id))) == limit
    other = create_account("employer")
    create_employer(other, name="别的公司", uscc="91350100M000100Y43")
    sign_in(other)
    assert hire(post_form, id_number(date(1991, 3, 4), sequence=999)).status_code == 302


def test_a_coordinator_answers_for_a_person_without_an_account(
    client, db, community, other_community, employer_account, create_account, create_person, sign_in, post_form
):
    from webapp.employers.rules import employer_of

    employer_of(employer_account).place = community
    without_phone = create_person(None, name="赵大爷", birth=date(1960, 1, 2))
    db.session.commit()
    told = create_account("coordinator", place=community)
    sign_in(employer_account)
    hire(post_form, without_phone.id_number, name="赵")
    employment = db.session.scalar(db.select(Employment))
    [notice] = db.session.scalars(db.select(Notification).where(Notification.account_id == told.id)).all()
    assert (notice.kind, notice.link) == ("employment.answer_for", f"/coordinator/hires/{employment.id}")
    sign_in(create_account("coordinator", place=other_community))
    assert client.get(f"/coordinator/hires/{employment.id}").status_code == 404
    coordinator = sign_in(create_account("coordinator", place=community))
    assert f"/coordinator/hires/{employment.id}" in client.get("/coordinator/hires").get_data(as_text=True)
    post_form(f"/coordinator/hires/{employment.id}", {"answer": "confirm"})
    db.session.refresh(employment)
    assert employment.status == "confirmed"
    answered = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "employment.answered"))
    assert answered.actor_id == coordinator.id


def test_a_coordinator_does_not_answer_for_a_person_with_an_account(
    client, db, community, migrant, employer_account, create_account, sign_in, post_form
):
    from webapp.employers.rules import employer_of

    employer_of(employer_account).place = community
    db.session.commit()
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    sign_in(create_account("coordinator", place=community))
    assert client.get(f"/coordinator/hires/{employment.id}").status_code == 404
    assert f"/coordinator/hires/{employment.id}" not in client.get("/coordinator/hires").get_data(as_text=True)
    sign_in(migrant)  # the person answers on her own page; the coordinator's are not hers
    assert client.get("/coordinator/hires").status_code == 403
    assert client.get(f"/coordinator/hires/{employment.id}").status_code == 403

"""Sharing the name and number with the employer after the ask: withdrawn and given again from the request's page,
stopped when the account is deleted or anonymised, and the referral's retention."""

from datetime import timedelta

import pytest

from webapp import clock
from webapp.people.models import Person
from webapp.privacy import retention
from webapp.registrations.models import ResidenceReport
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral

pytestmark = pytest.mark.usefixtures("test_day")  # known answers counted from the suite's day


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


@pytest.fixture
def shared_referral(db, vacancy, registered, sign_in, post_form):
    sign_in(registered)
    assert post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "yes"}).status_code == 302
    return db.session.scalar(db.select(Referral))


def employer_sees(client, sign_in, employer_account, vacancy) -> str:
    sign_in(employer_account)
    return client.get(f"/employer/vacancies/{vacancy.id}").get_data(as_text=True)


def close(db, referral, status="completed"):
    request = db.session.get(ServiceRequest, referral.request_id)
    request.status = status
    db.session.commit()
    return request


def moved_away(db):
    report = db.session.scalar(db.select(ResidenceReport))
    report.ended_on, report.status = clock.today(), "ended"
    db.session.commit()


def test_deleting_the_account_stops_sharing(
    client, db, vacancy, employer_account, registered, shared_referral, sign_in, post_form
):
    assert "王芳" in employer_sees(client, sign_in, employer_account, vacancy)
    moved_away(db)
    close(db, shared_referral)
    sign_in(registered)
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id).shared is False
    html = employer_sees(client, sign_in, employer_account, vacancy)
    assert "王芳" not in html and "Nobody yet." in html


def test_an_anonymised_person_is_never_an_empty_row(
    client, db, vacancy, employer_account, registered, shared_referral, sign_in, runner
):
    # An account deleted before sharing stopped with it: the retention job's anonymising stops it, and the page
    # shows no nameless row meanwhile.
    account_person = db.session.scalar(db.select(Person).where(Person.account_id == registered.id))
    registered.display_name, registered.deactivated_at = "", clock.utcnow()
    db.session.commit()
    years = retention.RULES["deleted_account"].period
    runner.invoke(args=["jobs", "run", "--today", (clock.today() + timedelta(days=365 * years + 2)).isoformat()])
    db.session.expire_all()
    assert db.session.get(Person, account_person.id).name == ""
    assert db.session.get(Referral, shared_referral.id).shared is False
    referral = db.session.get(Referral, shared_referral.id)
    referral.shared = True  # even if a row were left shared, the employer sees no empty row
    db.session.commit()
    html = employer_sees(client, sign_in, employer_account, vacancy)
    assert "Nobody yet." in html and "<tbody>" not in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("cannot see your name", "no longer sees", "You stopped the employer")),
        ("zh", ("看不到您的姓名", "不再看到", "您不再让您申请的职位的招聘单位")),
    ],
)
def test_the_person_withdraws_sharing_and_gives_it_again(
    client, db, vacancy, employer_account, registered, shared_referral, sign_in, post_form, lang, words
):
    from webapp.audit.models import AuditEvent

    request = db.session.get(ServiceRequest, shared_referral.request_id)
    page = f"/me/requests/{request.reference}"
    client.set_cookie("lang", lang)
    assert f'action="{page}/sharing"' in client.get(page).get_data(as_text=True)
    done = post_form(f"{page}/sharing", {"sharing-share": "no"}, page=page)
    assert done.status_code == 302 and done.location.endswith(page)
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id).shared is False
    shown = client.get(page).get_data(as_text=True)
    assert words[0] in shown and words[1] in shown  # the flash, then the page's state
    assert words[2] in client.get("/account").get_data(as_text=True)  # their history of their data
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "referral.unshared"))
    assert event.details["referral"] == shared_referral.id
    assert "王芳" not in employer_sees(client, sign_in, employer_account, vacancy)

    sign_in(registered)
    post_form(f"{page}/sharing", {"sharing-share": "yes"}, page=page)
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id).shared is True
    assert db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.action == "referral.shared"))
    assert "王芳" in employer_sees(client, sign_in, employer_account, vacancy)


def test_only_the_person_may_change_their_sharing(
    client, db, vacancy, shared_referral, create_account, employer_account, sign_in, post_form
):
    request = db.session.get(ServiceRequest, shared_referral.request_id)
    sign_in(create_account("migrant", display_name="别人"))
    refused = post_form(f"/me/requests/{request.reference}/sharing", {"sharing-share": "no"}, page="/me")
    assert refused.status_code == 404
    sign_in(employer_account)
    assert post_form(f"/me/requests/{request.reference}/sharing", {"sharing-share": "no"}, page="/").status_code in (
        403,
        404,
    )
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id).shared is True


def test_a_missing_choice_changes_nothing(client, db, shared_referral, sign_in, registered, post_form):
    request = db.session.get(ServiceRequest, shared_referral.request_id)
    page = f"/me/requests/{request.reference}"
    assert post_form(f"{page}/sharing", {"sharing-share": "maybe"}, page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id).shared is True


def test_a_referral_goes_with_its_requests_messages(
    client, db, runner, vacancy, employer_account, job_officer, shared_referral, sign_in, post_form
):
    from webapp.services.models import RequestMessage

    rule, messages = retention.RULES["referral"], retention.RULES["request_messages"]
    assert (rule.period, rule.unit, rule.action) == (messages.period, messages.unit, "delete")
    referral_id, request = shared_referral.id, db.session.get(ServiceRequest, shared_referral.request_id)
    request_id = request.id
    sign_in(job_officer)
    post_form(f"/officer/requests/{request.reference}", {"message-body": "请周一来人社局"})
    post_form(f"/officer/requests/{request.reference}", {"handle-status": "refused", "handle-reason": "岗位已满"})
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).status == "refused"
    start = clock.today()
    anniversary = start.replace(year=start.year + rule.period)

    for day, kept in ((anniversary - timedelta(days=1), True), (anniversary + timedelta(days=1), False)):
        result = runner.invoke(args=["jobs", "run", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        assert (db.session.get(Referral, referral_id) is not None) is kept, day
        left = db.session.scalar(
            db.select(db.func.count(RequestMessage.id)).where(RequestMessage.request_id == request_id)
        )
        assert (left > 0) is kept, day  # the same day as the messages
        with clock.pinned_at(day):
            assert ("王芳" in employer_sees(client, sign_in, employer_account, vacancy)) is kept, day
    assert db.session.get(ServiceRequest, request_id).status == "refused"  # the outcome stays


def test_an_open_request_keeps_its_referral(db, runner, shared_referral):
    later = clock.today().replace(year=clock.today().year + 3)
    assert runner.invoke(args=["jobs", "run", "--today", later.isoformat()]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Referral, shared_referral.id) is not None

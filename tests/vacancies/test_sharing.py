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

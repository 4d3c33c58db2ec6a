"""The officer deciding a permit sees what the landlord or employer said about the residence it rests on: a denial
with its reason, or that the person left, with a notice to check before issuing (a reviewer found the page said
"submitted" and nothing else while the employer had denied the job)."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import apply_for_permit, create_employer
from webapp import clock
from webapp.claims.service import answer_claim, claim_ended
from webapp.employers.models import Employment
from webapp.permits.models import PermitApplication

NOTICE = "The landlord or employer says this person does not live or work where the report says"


@pytest.fixture
def employer(create_account):
    return create_employer(create_account("employer", display_name="陈静"))


@pytest.fixture
def application(db, migrant, employer, sign_in, report_data, submit_report, post_form) -> PermitApplication:
    sign_in(migrant)
    arrived = (clock.today() - relativedelta(months=7)).isoformat()
    submit_report(report_data(arrival_date=arrived, employer_name=employer.name, employer_uscc=employer.uscc))
    apply_for_permit(post_form)
    return db.session.scalar(db.select(PermitApplication))


def review(client, sign_in, officer, application, **headers) -> str:
    sign_in(officer)
    return client.get(f"/officer/permits/{application.id}", headers=headers).get_data(as_text=True)


def test_a_job_denied_by_the_employer_is_said_with_its_reason(client, db, application, employer, officer, sign_in):
    job = db.session.scalar(db.select(Employment))
    answer_claim(job, actor=employer.members[0].account, party="employer", confirm=False, reason="查无此人")
    html = review(client, sign_in, officer, application)
    assert NOTICE in html and "Check with the person or their community's coordinator before issuing a permit." in html
    assert "Employer's answer" in html and "Denied: 查无此人" in html


def test_a_worker_the_employer_says_left_is_said_with_the_day(client, db, application, employer, officer, sign_in):
    job = db.session.scalar(db.select(Employment))
    claim_ended(job, actor=employer.members[0].account, party="employer", on=date(2026, 7, 1))
    html = review(client, sign_in, officer, application)
    assert NOTICE in html and "Says the person left on July 1, 2026" in html
    assert "Waiting for an answer" not in html
    chinese = review(client, sign_in, officer, application, **{"Accept-Language": "zh"})
    assert "称此人已于2026年7月1日离开" in chinese


def test_a_confirmed_job_raises_nothing(client, db, application, employer, officer, sign_in):
    job = db.session.scalar(db.select(Employment))
    answer_claim(job, actor=employer.members[0].account, party="employer", confirm=True, reason="")
    html = review(client, sign_in, officer, application)
    assert NOTICE not in html and "Employer's answer" in html and "Confirmed" in html


def test_the_report_page_no_longer_says_waiting_once_the_employer_said_the_person_left(
    client, db, application, employer, officer, sign_in
):
    job = db.session.scalar(db.select(Employment))
    claim_ended(job, actor=employer.members[0].account, party="employer", on=date(2026, 7, 1))
    sign_in(officer)
    html = client.get(f"/reports/{application.report.receipt}").get_data(as_text=True)
    assert "Employer's answer: Says the person left on July 1, 2026" in html

"""The coordinator's visit page says what the landlord or employer answered: a denial with its reason, that the
person left (a reviewer found the visit page silent while the employer had said the worker left)."""

from datetime import date

import pytest

from tests.support.factories import create_employer
from webapp.claims.service import answer_claim, claim_ended
from webapp.employers.models import Employment
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def employer(create_account):
    return create_employer(create_account("employer", display_name="陈静"))


@pytest.fixture
def report(db, migrant, employer, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(employer_name=employer.name, employer_uscc=employer.uscc))
    return db.session.scalar(db.select(ResidenceReport))


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community)


def visit_page(client, sign_in, coordinator, report) -> str:
    sign_in(coordinator)
    return client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True)


def test_the_employer_saying_the_worker_left_is_on_the_visit_page(client, db, report, employer, coordinator, sign_in):
    assert "Waiting for an answer" in visit_page(client, sign_in, coordinator, report)
    claim_ended(
        db.session.scalar(db.select(Employment)),
        actor=employer.members[0].account,
        party="employer",
        on=date(2026, 7, 1),
    )
    html = visit_page(client, sign_in, coordinator, report)
    assert "Employer's answer" in html and "Says the person left on July 1, 2026" in html


def test_a_denial_is_said_with_its_reason(client, db, report, employer, coordinator, sign_in):
    job = db.session.scalar(db.select(Employment))
    answer_claim(job, actor=employer.members[0].account, party="employer", confirm=False, reason="查无此人")
    assert "Denied: 查无此人" in visit_page(client, sign_in, coordinator, report)


def test_a_landlord_not_on_xinju_is_said_so_not_as_an_employer(
    client, db, migrant, coordinator, sign_in, report_data, submit_report
):
    """The answer of an unlinked tenancy read 'Employer not on Xinju yet' on the visit page."""
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord="13912345678", landlord_name="李强", room="101"))
    rented = db.session.scalar(db.select(ResidenceReport))
    html = visit_page(client, sign_in, coordinator, rented)
    assert "Landlord not on Xinju yet" in html and "Employer not on Xinju yet" not in html

"""A worker whose report names the organisation, and a hire the organisation reported for them: one job, not two
rows. A reviewer found the employer listing the worker twice (once still 'waiting for an answer' after the hire was
confirmed and the worker had left), and seeing the registered name beside the one they typed."""

import pytest

from webapp.employers.models import Employment
from webapp.registrations.models import ResidenceReport

NAME = "淄博新居纺织有限公司"


@pytest.fixture
def hr(create_account):
    return create_account("employer", display_name="陈静")


@pytest.fixture
def organisation(hr, create_employer, community, db):
    made = create_employer(hr, name=NAME)
    made.place = community
    db.session.commit()
    return made


def report_hire(client, db, hr, migrant, sign_in, post_form) -> Employment:
    from webapp.people.models import Person

    number = db.session.scalar(db.select(Person.id_number).where(Person.account_id == migrant.id))
    sign_in(hr)
    assert post_form("/employer/hires/new", {"name": "张小伟", "id_number": number, "started_on": "2026-07-01"})
    return db.session.scalar(db.select(Employment).where(Employment.source == "employer"))


def test_the_offer_accepted_after_the_hire_was_confirmed_is_that_job(
    client, db, migrant, hr, organisation, sign_in, post_form, report_data, submit_report
):
    hire = report_hire(client, db, hr, migrant, sign_in, post_form)
    sign_in(migrant)
    post_form(f"/me/jobs/{hire.id}", {"answer": "confirm"})
    submit_report(report_data(employer_name=NAME))  # by name, after: offered to the worker
    claim = db.session.scalar(db.select(Employment).where(Employment.source == "migrant"))
    assert claim.offered_employer_id == organisation.id
    post_form(f"/me/employer-offers/{claim.id}", {"answer": "accept"})
    db.session.expire_all()
    [job] = db.session.scalars(db.select(Employment)).all()
    report = db.session.scalar(db.select(ResidenceReport))
    assert (job.id, job.status, report.employment_id, report.status) == (hire.id, "confirmed", hire.id, "confirmed")
    sign_in(hr)
    page = client.get("/employer", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.count("张小伟") == 1 and "王芳" not in page  # once, under the name the employer typed
    assert "1 worker is waiting" not in page


def test_the_hire_confirmed_after_the_report_named_the_employer_takes_its_place(
    client, db, migrant, hr, organisation, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME, employer_uscc=organisation.uscc))  # by code: pending at once
    hire = report_hire(client, db, hr, migrant, sign_in, post_form)
    sign_in(migrant)
    post_form(f"/me/jobs/{hire.id}", {"answer": "confirm"})
    db.session.expire_all()
    assert [e.id for e in db.session.scalars(db.select(Employment))] == [hire.id]
    report = db.session.scalar(db.select(ResidenceReport))
    assert (report.employment_id, report.status) == (hire.id, "confirmed")
    receipt = client.get(f"/reports/{report.receipt}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Employer's answer" in receipt and "Confirmed" in receipt


def test_a_hire_the_worker_denies_leaves_the_report_alone(
    client, db, migrant, hr, organisation, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME, employer_uscc=organisation.uscc))
    hire = report_hire(client, db, hr, migrant, sign_in, post_form)
    sign_in(migrant)
    post_form(f"/me/jobs/{hire.id}", {"answer": "deny", "reason": "不是我"})
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Employment.id))) == 2
    assert db.session.scalar(db.select(ResidenceReport)).employment.source == "migrant"


def test_confirming_the_hire_settles_the_offer_waiting_for_the_worker(
    client, db, migrant, hr, organisation, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME))  # by name: 'is this your employer?' waits for the worker
    hire = report_hire(client, db, hr, migrant, sign_in, post_form)
    sign_in(migrant)
    post_form(f"/me/jobs/{hire.id}", {"answer": "confirm"})
    db.session.expire_all()
    assert [e.id for e in db.session.scalars(db.select(Employment))] == [hire.id]
    assert "/me/employer-offers/" not in client.get("/me").get_data(as_text=True)

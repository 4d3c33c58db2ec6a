"""Employers: a validated organisation, workers' claims confirmed or denied, hires and departures."""

from datetime import date

import pytest

from tests.support.factories import id_number
from webapp import clock
from webapp.employers.models import Employer, Employment
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def employer_account(create_account):
    return create_account("employer", display_name="陈静")


#: The chooser's answers for the `community` fixture.
WHERE = {"city": "3703", "county": "370303", "township": "370303001", "community": "370303001001"}


def test_setup_validates_the_credit_code(client, db, community, employer_account, sign_in, post_form):
    sign_in(employer_account)
    assert client.get("/employer").location.endswith("/employer/setup")
    bad = post_form("/employer/setup", {"name": "鞋厂", "uscc": "91110000600037341A", **WHERE})
    assert 'id="uscc-error"' in bad.get_data(as_text=True)
    good = post_form("/employer/setup", {"name": "鞋厂", "uscc": "91110000600037341l", **WHERE})
    assert good.status_code == 302
    employer = db.session.scalar(db.select(Employer))
    assert (employer.uscc, employer.place) == ("91110000600037341L", community)


def test_setup_asks_where_the_organisation_is(client, db, community, employer_account, sign_in, post_form):
    sign_in(employer_account)
    shown = post_form("/employer/setup", {"name": "鞋厂", "uscc": "91110000600037341L", "city": "3703", "choose": "1"})
    html = shown.get_data(as_text=True)
    assert 'value="鞋厂"' in html and "370303" in html  # the name is kept and the next list is shown
    missing = post_form("/employer/setup", {"name": "鞋厂", "uscc": "91110000600037341L", "city": "3703"})
    assert 'id="community-error"' in missing.get_data(as_text=True)
    assert db.session.scalar(db.select(Employer)) is None


def test_an_employer_without_a_place_is_asked_for_it(
    client, db, community, employer_account, create_employer, sign_in, post_form
):
    employer = create_employer(employer_account)
    sign_in(employer_account)
    assert "/employer/place" in client.get("/employer").get_data(as_text=True)
    township_only = post_form("/employer/place", {k: v for k, v in WHERE.items() if k != "community"})
    assert 'id="community-error"' in township_only.get_data(as_text=True)
    assert post_form("/employer/place", WHERE).status_code == 302
    db.session.refresh(employer)
    assert employer.place == community
    again = client.get("/employer/place").get_data(as_text=True)
    assert '<option selected value="370303001001">' in again  # the form shows the place already given


def test_worker_claim_confirmed_by_employer(
    client, db, migrant, employer_account, create_employer, sign_in, report_data, submit_report, post_form
):
    create_employer(employer_account)
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋业", employer_uscc="91110000600037341L"))
    claim = db.session.scalar(db.select(Employment))
    assert (claim.status, claim.employer_name) == ("pending", "温州鞋业有限公司")
    sign_in(employer_account)
    assert "王芳" in client.get("/employer").get_data(as_text=True)
    post_form(f"/employer/employments/{claim.id}", {"answer-answer": "confirm"})
    db.session.expire_all()
    report = db.session.scalar(db.select(ResidenceReport))
    assert (report.employment.status, report.status) == ("confirmed", "confirmed")


def test_claims_made_before_the_employer_joined_wait_for_it(
    client, db, community, migrant, employer_account, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋厂", employer_uscc="91110000600037341L"))
    assert db.session.scalar(db.select(Employment)).status == "unlinked"
    sign_in(employer_account)
    page = post_form("/employer/setup", {"name": "鞋厂", "uscc": "91110000600037341L", **WHERE}, follow_redirects=True)
    assert "1 worker named your organisation before it joined Xinju" in page.get_data(as_text=True)
    db.session.expire_all()
    claim = db.session.scalar(db.select(Employment))
    # A code is public: whoever sets up an organisation with it sees nothing of the worker until the worker says so.
    assert (claim.status, claim.employer_id, claim.offered_employer_id) == ("unlinked", None, claim.offered_employer.id)
    assert "王芳" not in client.get("/employer").get_data(as_text=True)
    assert client.get(f"/employer/employments/{claim.id}").status_code == 404
    sign_in(migrant)
    assert "鞋厂 joined Xinju with the code you gave for your employer" in client.get("/me/inbox").get_data(
        as_text=True
    )
    assert "Is 鞋厂 your employer?" in client.get(f"/me/employer-offers/{claim.id}").get_data(as_text=True)
    post_form(f"/me/employer-offers/{claim.id}", {"answer": "accept"})
    db.session.expire_all()
    claim = db.session.scalar(db.select(Employment))
    assert (claim.status, claim.employer.name, claim.offered_employer_id) == ("pending", "鞋厂", None)
    sign_in(employer_account)
    assert "王芳" in client.get("/employer").get_data(as_text=True)


def test_a_worker_who_says_no_keeps_the_organisation_from_seeing_them(
    client, db, community, migrant, employer_account, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋厂", employer_uscc="91110000600037341L"))
    sign_in(employer_account)
    post_form("/employer/setup", {"name": "冒名公司", "uscc": "91110000600037341L", **WHERE})
    claim = db.session.scalar(db.select(Employment))
    sign_in(migrant)
    post_form(f"/me/employer-offers/{claim.id}", {"answer": "decline"})
    db.session.expire_all()
    claim = db.session.scalar(db.select(Employment))
    assert (claim.status, claim.employer_id, claim.offered_employer_id) == ("unlinked", None, None)
    assert client.get(f"/me/employer-offers/{claim.id}").status_code == 404
    sign_in(employer_account)
    assert "王芳" not in client.get("/employer").get_data(as_text=True)


def test_report_a_hire_and_a_departure(client, db, employer_account, create_employer, sign_in, post_form):
    create_employer(employer_account)
    sign_in(employer_account)
    bad = post_form("/employer/hires/new", {"name": "刘", "id_number": "123", "started_on": clock.today().isoformat()})
    assert "18 digits" in bad.get_data(as_text=True)
    number = id_number(date(1990, 3, 4))
    post_form("/employer/hires/new", {"name": "刘洋", "id_number": number, "started_on": clock.today().isoformat()})
    person = db.session.scalar(db.select(Person))
    assert (person.name, person.birth_date, person.account_id) == ("刘洋", date(1990, 3, 4), None)
    employment = db.session.scalar(db.select(Employment))
    assert (employment.source, employment.status, employment.worker_name) == ("employer", "pending", "刘洋")
    html = client.get("/employer").get_data(as_text=True)
    assert number not in html and number[-4:] in html
    post_form(f"/employer/employments/{employment.id}", {"left-left_on": clock.today().isoformat()})
    db.session.refresh(employment)
    assert employment.ended_on == clock.today()


def test_an_employer_cannot_see_another_employers_workers(
    client, db, employer_account, create_account, create_employer, sign_in, post_form
):
    create_employer(employer_account)
    sign_in(employer_account)
    post_form(
        "/employer/hires/new",
        {"name": "刘洋", "id_number": id_number(date(1990, 3, 4)), "started_on": clock.today().isoformat()},
    )
    employment = db.session.scalar(db.select(Employment))
    other = create_account("employer")
    create_employer(other, name="别的公司", uscc="91350100M000100Y43")
    sign_in(other)
    assert client.get(f"/employer/employments/{employment.id}").status_code == 404
    assert "刘洋" not in client.get("/employer").get_data(as_text=True)


def test_only_an_employer_says_where_their_organisation_is(client, db, community, migrant, sign_in):
    sign_in(migrant)
    assert client.get("/employer/place").status_code == 403

"""Assisted registration never makes a second first report for a person who has a current one: neither when the
report form is sent again (the back button, a double tap) nor when the person is registered already under their own
account. The coordinator is told plainly where the person is registered and what to do instead."""

import pytest

from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def person_data(person_data):
    """The person of tests/visits/conftest.py, with the consent given."""
    return {**person_data, "consent": "y"}


def reports(db) -> list[ResidenceReport]:
    return db.session.scalars(db.select(ResidenceReport)).all()


def test_the_report_form_sent_again_makes_no_second_report(
    client, db, coordinator, sign_in, post_form, person_data, report_data
):
    sign_in(coordinator)
    started = post_form("/coordinator/assisted", person_data)
    report_url = started.location
    first = post_form(report_url, report_data())
    assert "/claim/" in first.get_data(as_text=True)
    (report,) = reports(db)

    shown = client.get(report_url)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "刘大爷 is registered already" in html
    assert "already has a current residence registration, in 和平社区" in html and report.receipt_display in html
    assert f'href="/coordinator/visits/{report.receipt}"' in html  # a visit instead
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no report form to send

    again = post_form(report_url, report_data(road="幸福路"), page="/coordinator")
    assert "is registered already" in again.get_data(as_text=True)
    assert len(reports(db)) == 1


def test_the_same_in_chinese(client, db, coordinator, sign_in, post_form, person_data, report_data):
    sign_in(coordinator)
    report_url = post_form("/coordinator/assisted", person_data).location
    post_form(report_url, report_data())
    client.set_cookie("lang", "zh")
    html = client.get(report_url).get_data(as_text=True)
    assert "刘大爷已经登记过了" in html and "和平社区" in html and "记录一次走访" in html


def test_a_person_registered_under_their_own_account_is_not_registered_again(
    client, db, coordinator, migrant, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    (report,) = reports(db)

    sign_in(coordinator)
    data = {
        "name": person.name,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number,
        "phone": "",
        "hukou_province": person.hukou_county_code[:2],
        "hukou_city": person.hukou_county_code[:4],
        "hukou_county": person.hukou_county_code,
        "consent_method": "spoken",
        "consent": "y",
    }
    response = post_form("/coordinator/assisted", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="id_number-error"' in html
    assert "This person already has a current residence registration, in 和平社区" in html
    assert "record a visit to that registration" in html
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 1
    assert reports(db) == [report]


def test_a_person_whose_registration_ended_may_be_helped_again(
    client, db, coordinator, sign_in, post_form, person_data, report_data
):
    """Only a current registration stops it: the ID number of someone with no current report, whom this
    coordinator began to register, goes on to the report step (tests/visits/test_assisted_resume_qa_field.py)."""
    sign_in(coordinator)
    report_url = post_form("/coordinator/assisted", person_data).location
    again = post_form("/coordinator/assisted", person_data)
    assert again.location == report_url
    assert "current residence registration" not in client.get(report_url).get_data(as_text=True)

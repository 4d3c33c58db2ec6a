"""The migrant's profile and household, through the HTTP client."""

from datetime import date

import pytest

from tests.support.factories import id_number
from webapp.people.models import Person


@pytest.fixture
def profile_data():
    def _data(**changes):
        data = {
            "name": "王芳",
            "sex": "female",
            "ethnicity": "01",
            "birth_date": "1995-05-17",
            "id_number": id_number(date(1995, 5, 17), sequence=124),
            "phone": "138 0013 8000",
            "hukou_province": "41",
            "hukou_city": "4115",
            "hukou_county": "411525",
        }
        data.update(changes)
        return data

    return _data


def test_create_profile(client, db, create_account, sign_in, post_form, profile_data):
    account = sign_in(create_account("migrant"))
    response = post_form("/me/profile", profile_data())
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    person = db.session.scalar(db.select(Person))
    assert (person.account_id, person.phone, person.hukou_county_code) == (account.id, "13800138000", "411525")
    html = client.get("/me/profile").get_data(as_text=True)
    assert person.id_number not in html and person.masked_id in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "41152519950517124"}, "id_number", "18 digits"),
        ({"id_number": id_number(date(1995, 5, 17))[:-1] + "0"}, "id_number", "check each digit"),
        ({"birth_date": "1995-05-18"}, "id_number", "does not match"),
        ({"birth_date": "2999-01-01"}, "birth_date", "in the past"),
        ({"phone": "12345"}, "phone", "11 digits"),
        ({"hukou_county": ""}, "hukou_county", "household registration"),
        ({"name": ""}, "name", "Enter the full name"),
        ({"sex": ""}, "sex", "Select female or male"),
    ],
)
def test_profile_errors(client, db, create_account, sign_in, post_form, profile_data, changes, field, message):
    sign_in(create_account("migrant"))
    html = post_form("/me/profile", profile_data(**changes)).get_data(as_text=True)
    assert f'id="{field}-error"' in html, html[-3000:]
    assert message in html
    assert db.session.scalar(db.select(Person)) is None


def test_one_person_per_id_number(client, db, create_account, create_person, sign_in, post_form, profile_data):
    existing = create_person(create_account("migrant"))
    sign_in(create_account("migrant"))
    html = post_form("/me/profile", profile_data(id_number=existing.id_number, birth_date="1995-05-17"))
    html = html.get_data(as_text=True)
    assert "already registered" in html and "recover your account" in html
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 1


def test_hukou_chooser_works_step_by_step(client, create_account, sign_in, post_form, profile_data):
    sign_in(create_account("migrant"))
    html = post_form("/me/profile", {**profile_data(hukou_city="", hukou_county=""), "choose": "1"})
    html = html.get_data(as_text=True)
    assert "信阳市" in html and "error-summary" not in html


def test_parent_adds_a_child(client, db, create_account, create_person, sign_in, post_form):
    parent = create_person(sign_in(create_account("migrant")))
    child = {"relation": "child", "name": "王小明", "sex": "male", "ethnicity": "01", "birth_date": "2018-09-01"}
    assert post_form("/me/household/new", child).status_code == 302
    member = db.session.scalar(db.select(Person).where(Person.relation == "child"))
    assert (member.household_of_id, member.id_number) == (parent.id, None)
    too_old = post_form("/me/household/new", {**child, "birth_date": "1980-01-01"}).get_data(as_text=True)
    assert "must be after yours" in too_old

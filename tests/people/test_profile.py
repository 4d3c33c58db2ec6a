"""The migrant's profile and household, through the HTTP client."""

from datetime import date

import pytest

from tests.support.factories import create_reports, id_number
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


def test_the_mobile_number_is_optional_as_the_notice_says(client, db, create_account, sign_in, post_form, profile_data):
    sign_in(create_account("migrant"))
    html = client.get("/me/profile").get_data(as_text=True)
    assert "Your mobile number is optional." in html and "Mobile phone number (optional)" in html
    response = post_form("/me/profile", profile_data(phone=""))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert db.session.scalar(db.select(Person.phone)) is None


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
    child["guardian_consent"] = "y"  # under 14: the parent consents (webapp/privacy)
    assert post_form("/me/household/new", child).status_code == 302
    member = db.session.scalar(db.select(Person).where(Person.relation == "child"))
    assert (member.household_of_id, member.id_number) == (parent.id, None)
    too_old = post_form("/me/household/new", {**child, "birth_date": "1980-01-01"}).get_data(as_text=True)
    assert "must be after yours" in too_old


def test_saving_the_profile_again_keeps_the_number_not_sent_back(
    client, db, create_account, create_person, sign_in, post_form
):
    person = create_person(sign_in(create_account("migrant")))
    number = person.id_number
    changed = {
        "name": "王芳芳",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": "1995-05-17",
        "id_number": "",  # the page never shows it: left empty, it stays as it was
        "phone": "139 0000 0000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }
    assert post_form("/me/profile", changed).status_code == 302
    db.session.refresh(person)
    assert (person.name, person.id_number, person.phone) == ("王芳芳", number, "13900000000")
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 1


def test_a_member_is_removed_but_not_one_with_residence_reports(
    client, db, create_account, create_person, sign_in, post_form, community
):
    head = create_person(sign_in(create_account("migrant")))
    child = create_person(None, name="王小明", birth=date(2018, 9, 1), household_of=head, relation="child")
    (report,) = create_reports(community, 1)
    reported = report.person
    reported.household_of, reported.relation = head, "spouse"
    db.session.commit()

    kept = post_form(f"/me/household/{reported.id}/remove", page="/me/household")
    assert kept.status_code == 302
    assert "stay on your household list" in client.get("/me/household").get_data(as_text=True)
    assert db.session.get(Person, reported.id) is not None

    child_id = child.id
    assert post_form(f"/me/household/{child_id}/remove", page="/me/household").status_code == 302
    assert "王小明 has been removed" in client.get("/me/household").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, child_id) is None


def test_nobody_removes_another_households_member(client, db, create_account, create_person, sign_in, post_form):
    head = create_person(create_account("migrant"))
    child = create_person(None, name="王小明", birth=date(2018, 9, 1), household_of=head, relation="child")
    create_person(sign_in(create_account("migrant")), name="李四")
    assert post_form(f"/me/household/{child.id}/remove", page="/me/household").status_code == 404
    db.session.expire_all()
    assert db.session.get(Person, child.id) is not None

"""Once a residence report or a permit holds a person's name, date of birth and ID number, the person no longer
changes them on their profile: they are shown (the number masked) with a link to ask public security to correct
them, and a profile sent with them changed is refused next to the field, nothing saved. Before, editing is free."""

from datetime import date

import pytest

from tests.support.factories import create_permit, create_reports, id_number
from webapp.people import rules, service
from webapp.people.models import Person

NEW_NUMBER = id_number(date(1995, 5, 17), sequence=456)


def profile(person: Person, **changes) -> dict:
    """The profile form as a person whose identity is locked sends it (no name, date of birth or ID number)."""
    data = {
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "phone": "139 0000 0000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }
    data.update(changes)
    return data


@pytest.fixture
def person(db, migrant):
    return db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))


@pytest.fixture
def reported(db, person, community):
    """The migrant's person with a residence report of theirs (status given by `report_status`, default verified)."""

    def _reported(status="verified"):
        (report,) = create_reports(community, 1, status=status)
        report.person = person
        db.session.commit()
        return report

    return _reported


def test_free_before_any_report(client, db, migrant, person, sign_in, post_form):
    sign_in(migrant)
    html = client.get("/me/profile").get_data(as_text=True)
    assert 'name="name"' in html and 'name="id_number"' in html and 'name="birth_date"' in html
    assert "Ask public security to correct" not in html
    fixed = profile(person, name="王芳芳", birth_date="1995-05-17", id_number=NEW_NUMBER)
    assert post_form("/me/profile", fixed).status_code == 302
    db.session.refresh(person)
    assert (person.name, person.id_number, person.phone) == ("王芳芳", NEW_NUMBER, "13900000000")


@pytest.mark.parametrize("status", ["submitted", "verified", "rejected", "ended"])
def test_locked_once_a_report_exists_shown_read_only(client, migrant, person, reported, sign_in, status):
    report = reported(status)
    sign_in(migrant)
    html = client.get("/me/profile").get_data(as_text=True)
    for field in ("name", "birth_date", "id_number"):
        assert f'name="{field}"' not in html
    assert 'name="phone"' in html  # the rest stays the person's to change
    assert person.id_number not in html and person.masked_id in html
    assert "王芳" in html and "May 17, 1995" in html
    assert "so you can no longer change them here" in html
    assert f'href="/reports/{report.receipt}/correction"' in html
    assert "Ask public security to correct your name, date of birth or ID number" in html


def test_the_correction_link_opens_the_request_to_public_security(client, migrant, person, reported, sign_in):
    report = reported()
    sign_in(migrant)
    html = client.get("/me/profile").get_data(as_text=True)
    assert f"/reports/{report.receipt}/correction" in html
    page = client.get(f"/reports/{report.receipt}/correction")
    assert page.status_code == 200 and "public security (the police)" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "李芳", "Your name is on your residence report"),
        ("birth_date", "1995-05-18", "Your date of birth is on your residence report"),
        ("birth_date", "not a date", "Your date of birth is on your residence report"),
        ("id_number", NEW_NUMBER, "Your ID number is on your residence report"),
        ("id_number", "123", "Your ID number is on your residence report"),
    ],
)
def test_a_change_sent_anyway_is_refused_next_to_the_field_nothing_saved(
    client, db, migrant, person, reported, sign_in, post_form, field, typed, message
):
    reported()
    sign_in(migrant)
    before = (person.name, person.birth_date, person.id_number, person.phone)
    response = post_form("/me/profile", profile(person, **{field: typed}))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert f'href="#{field}"' in html and f'id="{field}"' in html  # the summary's link lands on the shown detail
    assert 'value="139 0000 0000"' in html  # what was typed elsewhere is kept on the page
    assert NEW_NUMBER not in html and person.id_number not in html
    db.session.expire_all()
    after = db.session.get(Person, person.id)
    assert (after.name, after.birth_date, after.id_number, after.phone) == before


def test_the_rest_saves_and_unchanged_identity_sent_again_is_accepted(
    client, db, migrant, person, reported, sign_in, post_form
):
    reported()
    sign_in(migrant)
    number = person.id_number
    assert post_form("/me/profile", profile(person)).status_code == 302
    # A page opened before the report sends the same details back (the number however spaced): nothing changes.
    same = profile(
        person, name=" 王芳 ", birth_date="1995-05-17", id_number=" ".join(number).lower(), phone="13700000000"
    )
    assert post_form("/me/profile", same).status_code == 302
    db.session.expire_all()
    after = db.session.get(Person, person.id)
    assert (after.name, after.birth_date, after.id_number, after.phone) == (
        "王芳",
        date(1995, 5, 17),
        number,
        "13700000000",
    )


def test_locked_in_chinese(client, db, migrant, person, reported, sign_in, post_form):
    reported()
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    html = client.get("/me/profile").get_data(as_text=True)
    assert "不能再在这里修改" in html and "申请公安机关更正姓名、出生日期或身份证号" in html
    refused = post_form("/me/profile", profile(person, name="李芳")).get_data(as_text=True)
    assert 'id="name-error"' in refused and "您的姓名已用于居住登记，不能在这里修改" in refused
    db.session.expire_all()
    assert db.session.get(Person, person.id).name == "王芳"


def test_a_permit_locks_too_and_the_rule_is_plain(db, person, reported, create_person):
    assert rules.identity_locked(None) is False
    assert rules.identity_locked(Person(name="新", sex="female", ethnicity="01", birth_date=date(2000, 1, 1))) is False
    assert rules.identity_locked(person) is False
    report = reported()
    assert rules.identity_locked(person) is True and rules.correction_receipt(person) == report.receipt
    create_permit(report)
    # Were the report someone else's (or gone), the permit and its application still hold the identity.
    report.person = create_person(None, name="李四")
    db.session.commit()
    assert rules.identity_locked(person) is True and rules.correction_receipt(person) is None


def test_identity_changes_says_which_details_differ(person):
    same = rules.identity_changes(person, name="王芳", birth_date="1995-05-17", id_number=person.id_number)
    assert same == [] and rules.identity_changes(person, name=None, birth_date="", id_number=None) == []
    assert rules.identity_changes(person, name="李芳", birth_date="1995-05-18", id_number="x") == [
        "name",
        "birth_date",
        "id_number",
    ]


def test_the_service_refuses_a_locked_change_too(db, migrant, person, reported):
    reported()
    with pytest.raises(service.IdentityLocked):
        service.save_profile(
            person,
            migrant,
            name="李芳",
            sex="female",
            ethnicity="01",
            birth_date=person.birth_date,
            id_number=person.id_number,
            phone=None,
            hukou_county_code="411525",
        )
    db.session.rollback()
    assert db.session.get(Person, person.id).name == "王芳"

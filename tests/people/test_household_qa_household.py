"""A resident registers their family as families are: a husband, a child under 14 (with the parent's consent), a
15-year-old; a number already on another family's list; a child who tries to register alone."""

from datetime import date

import pytest

from tests.support.factories import id_number
from webapp.people.models import Person
from webapp.privacy.models import PrivacyConsent

PROFILE = {
    "sex": "female",
    "ethnicity": "01",
    "phone": "",
    "hukou_province": "41",
    "hukou_city": "4115",
    "hukou_county": "411525",
}
CHILD_NUMBER = id_number(date(2018, 3, 1), sequence=313)


def member(**changes):
    return {
        "relation": "child",
        "name": "王小明",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "2018-03-01",
        "id_number": CHILD_NUMBER,
        "guardian_consent": "y",
    } | changes


@pytest.fixture
def mother(create_account, create_person, sign_in):
    account = create_account("migrant", display_name="王芳")
    create_person(account, name="王芳", birth=date(1990, 5, 17))
    return sign_in(account)


def test_a_family_is_added_and_only_the_young_childs_consent_is_asked(db, client, mother, post_form):
    husband = member(relation="spouse", name="李伟", birth_date="1988-01-02", guardian_consent="")
    husband["id_number"] = id_number(date(1988, 1, 2), sequence=311)
    assert post_form("/me/household/new", husband).status_code == 302
    refused = post_form("/me/household/new", member(guardian_consent=""))
    assert "A child under 14 needs your consent" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(Person).where(Person.name == "王小明")) is None  # nothing half-saved
    assert post_form("/me/household/new", member()).status_code == 302
    teen = member(name="王小红", sex="female", birth_date="2011-01-10", guardian_consent="")
    teen["id_number"] = id_number(date(2011, 1, 10), sequence=314)
    assert post_form("/me/household/new", teen).status_code == 302  # 15: no guardian's consent asked

    consents = db.session.scalars(db.select(PrivacyConsent).where(PrivacyConsent.item == "child_data")).all()
    assert [c.person_id for c in consents] == [db.session.scalar(db.select(Person.id).where(Person.name == "王小明"))]
    html = client.get("/me/household").get_data(as_text=True)
    assert "4115**********3132" in html and CHILD_NUMBER not in html  # masked
    client.set_cookie("lang", "zh")
    html = client.get("/me/household").get_data(as_text=True)
    assert "配偶" in html and "子女" in html and "2018年3月1日" in html


def test_a_number_on_another_familys_list_is_refused_in_words_for_a_family_member(
    db, client, mother, create_account, create_person, sign_in, post_form
):
    assert post_form("/me/household/new", member()).status_code == 302
    father = create_account("migrant", display_name="张三")
    create_person(father, name="张三", birth=date(1985, 5, 17))
    sign_in(father)
    html = post_form("/me/household/new", member()).get_data(as_text=True)
    # Not "if it is yours, recover your account": it is the child's number, and the father has no account to recover.
    assert "Someone with this ID number is already registered on Xinju, so they cannot be added here" in html
    assert "recover your account" not in html
    assert db.session.scalar(db.select(db.func.count(Person.id)).where(Person.name == "王小明")) == 1
    client.set_cookie("lang", "zh")
    html = post_form("/me/household/new", member()).get_data(as_text=True)
    assert "这个身份证号码的持有人已经在新居登记过了" in html


def test_a_child_under_14_cannot_register_alone(db, client, create_account, sign_in, post_form):
    sign_in(create_account("migrant", display_name="小明"))
    profile = PROFILE | {"name": "王小明", "birth_date": "2018-03-01", "id_number": CHILD_NUMBER}
    html = post_form("/me/profile", profile).get_data(as_text=True)
    assert "Children under 14 are registered by a parent or guardian" in html
    assert 'id="birth_date-error"' in html  # next to the date of birth
    assert db.session.scalar(db.select(Person)) is None
    client.set_cookie("lang", "zh")
    html = post_form("/me/profile", profile).get_data(as_text=True)
    assert "未满14周岁的儿童由父母或监护人登记" in html


def test_a_15_year_old_may_register_alone(db, client, create_account, sign_in, post_form):
    sign_in(create_account("migrant", display_name="小红"))
    teen = id_number(date(2011, 1, 10), sequence=314)
    profile = PROFILE | {"name": "王小红", "birth_date": "2011-01-10", "id_number": teen}
    assert post_form("/me/profile", profile).status_code == 302
    assert db.session.scalar(db.select(Person.name)) == "王小红"


def test_the_same_child_sent_again_is_not_added_twice(db, client, mother, post_form):
    """A reviewer added the same child again and again (no ID number: nothing else told them apart), and the account
    page listed the same consent three times."""
    without_number = member(id_number="")
    assert post_form("/me/household/new", without_number).status_code == 302
    again = post_form("/me/household/new", without_number)
    assert again.status_code == 200
    assert "王小明, born on this day, is in your household already" in again.get_data(as_text=True)
    client.set_cookie("lang", "zh")
    assert "王小明（这一天出生）已经是您的家庭成员" in post_form("/me/household/new", without_number).get_data(
        as_text=True
    )
    assert db.session.scalar(db.select(db.func.count(Person.id)).where(Person.name == "王小明")) == 1
    twin = member(id_number="", name="王小亮")  # a twin: same day, another name
    assert post_form("/me/household/new", twin).status_code == 302

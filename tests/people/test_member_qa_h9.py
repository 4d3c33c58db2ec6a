"""The household form: one's own ID number is refused as one's own (not as "someone registered on Xinju"); a husband
or wife is at least the legal age to marry for their sex (民法典 art. 1047: 22 for a man, 20 for a woman)."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import id_number
from webapp import clock
from webapp.people import rules
from webapp.people.models import Person

pytestmark = pytest.mark.usefixtures("test_day")

OWN = {
    "en": "This is your own ID number: you are already on your household list.",
    "zh": "这是您本人的身份证号码：您本人已在家庭名单中，无需添加。",
}
TOO_YOUNG = {
    ("en", 22): "A husband or wife is at least 22 years old, the legal age to marry: check the date of birth",
    ("en", 20): "A husband or wife is at least 20 years old, the legal age to marry: check the date of birth",
    ("zh", 22): "丈夫或妻子至少年满22周岁（法定结婚年龄）：请核对出生日期",
    ("zh", 20): "丈夫或妻子至少年满20周岁（法定结婚年龄）：请核对出生日期",
}


@pytest.fixture
def head(create_account, create_person, sign_in):
    account = create_account("migrant", display_name="王芳")
    person = create_person(account, name="王芳", birth=date(1990, 5, 17))
    sign_in(account)
    return person


def spouse(born: date, sex: str, sequence: int, **changes) -> dict:
    return {
        "relation": "spouse",
        "name": "李伟" if sex == "male" else "张丽",
        "sex": sex,
        "ethnicity": "01",
        "birth_date": born.isoformat(),
        "id_number": id_number(born, sequence=sequence if sex == "male" else sequence + 1),  # odd 17th digit: male
    } | changes


def members(db) -> int:
    return db.session.scalar(db.select(db.func.count(Person.id)).where(Person.household_of_id.is_not(None)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ones_own_id_number_is_said_to_be_ones_own(db, client, head, post_form, lang):
    client.set_cookie("lang", lang)
    own = head.id_number
    for typed in (own, own.lower(), f"{own[:6]} {own[6:14]} {own[14:]}"):
        data = spouse(date(1990, 5, 17), "female", 1, name="王芳", relation="sibling", id_number=typed)
        html = post_form("/me/household/new", data).get_data(as_text=True)
        error = html.split('id="id_number-error"', 1)[1].split("</p>", 1)[0]
        assert OWN[lang] in error, error
        assert "Xinju" not in error and "新居" not in error
    assert members(db) == 0


def test_someone_elses_number_still_says_registered_on_xinju(db, client, head, create_person, post_form):
    other = create_person(None, name="赵六", birth=date(1988, 1, 2))
    data = spouse(date(1988, 1, 2), "male", 311, id_number=other.id_number)
    html = post_form("/me/household/new", data).get_data(as_text=True)
    assert "Someone with this ID number is already registered on Xinju" in html and OWN["en"] not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_husband_is_at_least_22_and_a_wife_at_least_20(db, client, head, post_form, lang):
    client.set_cookie("lang", lang)
    today = clock.today()
    young_man = today - relativedelta(years=22) + relativedelta(days=1)  # 22 tomorrow
    html = post_form("/me/household/new", spouse(young_man, "male", 311)).get_data(as_text=True)
    error = html.split('id="birth_date-error"', 1)[1].split("</p>", 1)[0]
    assert TOO_YOUNG[lang, 22] in error, error
    young_woman = today - relativedelta(years=20) + relativedelta(days=1)  # 20 tomorrow
    html = post_form("/me/household/new", spouse(young_woman, "female", 321)).get_data(as_text=True)
    error = html.split('id="birth_date-error"', 1)[1].split("</p>", 1)[0]
    assert TOO_YOUNG[lang, 20] in error, error
    assert members(db) == 0
    # A woman of 21 is old enough; a man of 21 is not.
    twenty_one = today - relativedelta(years=21)
    assert post_form("/me/household/new", spouse(twenty_one, "male", 331)).status_code == 200
    assert post_form("/me/household/new", spouse(twenty_one, "female", 341)).status_code == 302
    assert members(db) == 1


def test_a_husband_of_22_today_is_added(db, client, head, post_form):
    born = clock.today() - relativedelta(years=22)
    assert post_form("/me/household/new", spouse(born, "male", 351)).status_code == 302


def test_marriage_age_rules():
    today = date(2026, 7, 14)
    assert rules.marriage_age("male") == 22 and rules.marriage_age("female") == 20
    assert rules.of_marriage_age(date(2004, 7, 14), "male", today)
    assert not rules.of_marriage_age(date(2004, 7, 15), "male", today)
    assert rules.of_marriage_age(date(2006, 7, 14), "female", today)
    assert not rules.of_marriage_age(date(2006, 7, 15), "female", today)
    assert not rules.of_marriage_age(date(2005, 7, 14), "male", today)  # 21
    assert not rules.of_marriage_age(date(2027, 1, 1), "female", today)  # not born yet


def test_is_own_id_number(db, create_person):
    person = create_person(None, birth=date(1990, 5, 17))
    assert rules.is_own_id_number(person.id_number, person)
    assert rules.is_own_id_number(f" {person.id_number.lower()} ", person)
    assert not rules.is_own_id_number(id_number(date(1990, 5, 17), sequence=999), person)
    assert not rules.is_own_id_number("", person) and not rules.is_own_id_number("not a number", person)
    assert not rules.is_own_id_number(person.id_number, None)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_member_sent_again_is_said_to_be_on_the_list_already(db, client, head, post_form, lang):
    """Back and send again: the number is taken by one's own member, not by 'someone registered on Xinju'."""
    client.set_cookie("lang", lang)
    father = {
        "relation": "parent",
        "name": "王父",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "1960-01-01",
        "id_number": id_number(date(1960, 1, 1), sequence=11),
    }
    assert post_form("/me/household/new", father).status_code == 302
    again = post_form("/me/household/new", father).get_data(as_text=True)
    error = again.split('id="id_number-error"', 1)[1].split("</p>", 1)[0]
    expected = {
        "en": "王父, with this ID number, is in your household already",
        "zh": "持有这个身份证号码的王父已在您的家庭成员名单上",
    }
    assert expected[lang] in error and "coordinator" not in error and "协管员" not in error
    assert members(db) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_second_husband_or_wife_is_refused_next_to_who_they_are(db, client, head, post_form, lang):
    client.set_cookie("lang", lang)
    assert post_form("/me/household/new", spouse(date(1988, 3, 2), "male", 11)).status_code == 302
    second = spouse(date(1991, 4, 5), "male", 13, name="赵强")
    html = post_form("/me/household/new", second).get_data(as_text=True)
    error = html.split('id="relation-error"', 1)[1].split("</p>", 1)[0]
    expected = {
        "en": "Your husband or wife is on your household list already: 李伟",
        "zh": "您的配偶已在家庭成员名单上：李伟",
    }
    assert expected[lang] in error
    assert 'value="赵强"' in html  # what was typed is shown again
    assert members(db) == 1
    # Another relation is added as before.
    assert post_form("/me/household/new", {**second, "relation": "sibling"}).status_code == 302
    assert members(db) == 2

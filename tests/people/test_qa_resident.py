"""A household member: a husband or wife is of the age to marry; a date of birth that makes them a child is
explained as such, not with the consent a child's parent gives."""

import pytest

from webapp.people.models import Person


def member(**changes):
    data = {"name": "李伟", "sex": "male", "ethnicity": "01", "birth_date": "1990-03-04", "relation": "spouse"}
    return data | changes


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "A husband or wife is at least 22 years old, the legal age to marry"),
        ("zh", "丈夫或妻子至少年满22周岁（法定结婚年龄）"),
    ],
)
def test_a_spouse_born_last_year_is_refused_next_to_the_date_of_birth(
    client, db, migrant, sign_in, post_form, lang, message
):
    sign_in(migrant)
    client.set_cookie("lang", lang)
    response = post_form("/me/household/new", member(birth_date="2025-01-01"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="birth_date-error"' in html and message in html
    assert "guardian" not in html.split('id="birth_date-error"')[1].split("</p>")[0]
    assert db.session.scalar(db.select(Person).where(Person.household_of_id.is_not(None))) is None


def test_the_legal_age_is_by_sex_and_counts_the_birthday(test_day, client, db, migrant, sign_in, post_form):
    """Today is 14 July 2026 (the pinned clock): a wife born on 14 July 2006 is 20 today; a husband of 21 is not."""
    sign_in(migrant)
    too_young = post_form("/me/household/new", member(birth_date="2005-01-01", sex="male"))
    assert 'id="birth_date-error"' in too_young.get_data(as_text=True)
    assert post_form("/me/household/new", member(birth_date="2006-07-14", sex="female")).status_code == 302
    assert db.session.scalar(db.select(Person).where(Person.household_of_id.is_not(None))).name == "李伟"

"""Assisted registration of a child: a coordinator cannot register a child under 14 on the child's own say-so.

The consent an assisted registration records is the person's own ("the person agrees to be registered"). All the
information of a child under 14 is sensitive and needs a parent's or guardian's consent (个人信息保护法 art. 31,
DOMAIN.md §6); under-16s apply for a permit through a guardian (居住证暂行条例, DOMAIN.md §1). A child is entered by a
parent or guardian on their household list, with that consent (people/views.add_member). The age is counted on
China's day (the suite's day, 14 July 2026).
"""

from datetime import date, timedelta

import pytest

from tests.support.factories import id_number
from webapp import clock
from webapp.people.models import Person
from webapp.visits.models import Consent


def _born(birth: date, person_data: dict) -> dict:
    return {
        **person_data,
        "name": "小明",
        "birth_date": birth.isoformat(),
        "id_number": id_number(birth, "411525", 313),
        "consent": "y",
    }


def _fourteenth_birthday() -> date:
    today = clock.today()
    return today.replace(year=today.year - 14)


def test_a_child_under_14_is_refused_with_a_clear_message(
    client, db, coordinator, sign_in, post_form, person_data, test_day
):
    sign_in(coordinator)
    birth = _fourteenth_birthday() + timedelta(days=1)  # 14 tomorrow
    response = post_form("/coordinator/assisted", _born(birth, person_data))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="birth_date-error"' in html
    assert "A child under 14 cannot agree to be registered on their own" in html
    assert "parent or guardian" in html
    assert db.session.scalar(db.select(Person)) is None and db.session.scalar(db.select(Consent)) is None


def test_the_refusal_is_in_chinese_for_a_chinese_coordinator(
    client, db, coordinator, sign_in, post_form, person_data, test_day
):
    sign_in(coordinator)
    birth = date(clock.today().year - 6, 3, 1)
    page = "/coordinator/assisted?lang=zh"
    html = post_form(page, _born(birth, person_data)).get_data(as_text=True)
    assert "未满14周岁的儿童不能由本人同意登记" in html
    assert db.session.scalar(db.select(Person)) is None


@pytest.mark.parametrize("days_after_the_birthday", [0, 1])
def test_from_the_14th_birthday_the_person_may_agree_themselves(
    client, db, coordinator, sign_in, post_form, person_data, test_day, days_after_the_birthday
):
    sign_in(coordinator)
    birth = _fourteenth_birthday() - timedelta(days=days_after_the_birthday)
    response = post_form("/coordinator/assisted", _born(birth, person_data))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Person)).birth_date == birth

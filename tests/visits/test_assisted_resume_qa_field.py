"""Assisted registration interrupted after its first step (the page closed, the phone's battery ran out): the person
is saved without a report. Typing their ID number again goes on to the report step, instead of telling the
coordinator the number is "someone's" and to ask a coordinator to recover the account (a dead end)."""

import pytest

from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def person_data(person_data):
    """The person of tests/visits/conftest.py, with the consent given."""
    return {**person_data, "consent": "y"}


def people(db) -> list[Person]:
    return db.session.scalars(db.select(Person).where(Person.name == "刘大爷")).all()


def test_typing_the_number_again_goes_on_to_the_report(
    client, db, coordinator, sign_in, post_form, person_data, report_data
):
    sign_in(coordinator)
    first = post_form("/coordinator/assisted", person_data)
    report_url = first.location
    assert report_url.endswith("/report")
    # The coordinator never sent the report, and starts over from the beginning.
    again = post_form("/coordinator/assisted", person_data)
    assert again.status_code == 302
    assert again.location == report_url
    assert len(people(db)) == 1
    page = client.get(report_url).get_data(as_text=True)
    assert "You began registering this person earlier: their details are kept. Now say where they live." in page

    sent = post_form(report_url, report_data())
    assert "/claim/" in sent.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ResidenceReport.id))) == 1


def test_in_chinese(client, db, coordinator, sign_in, post_form, person_data):
    sign_in(coordinator)
    client.set_cookie("lang", "zh")
    post_form("/coordinator/assisted", person_data)
    again = post_form("/coordinator/assisted", person_data, follow_redirects=True)
    html = again.get_data(as_text=True)
    assert "您之前已开始为此人登记，已填写的个人信息已保存。现在请填写对方的住址。" in html
    assert "找回账号" not in html


def test_another_coordinators_unfinished_registration_is_not_handed_over(
    client, db, coordinator, create_account, community, sign_in, post_form, person_data
):
    sign_in(coordinator)
    post_form("/coordinator/assisted", person_data)
    colleague = create_account("coordinator", place=community, display_name="周敏")
    sign_in(colleague)
    response = post_form("/coordinator/assisted", person_data)
    assert response.status_code == 200  # the number is refused as before, next to its field: no redirect
    assert 'id="id_number-error"' in response.get_data(as_text=True)
    assert len(people(db)) == 1


def test_details_typed_differently_the_second_time_replace_the_first_and_say_so(
    client, db, coordinator, sign_in, post_form, person_data
):
    """The coordinator noticed a mistake (the name's character, the mobile) and starts over: what they typed last is
    kept, not silently dropped for what they typed first."""
    sign_in(coordinator)
    report_url = post_form("/coordinator/assisted", person_data).location
    again = post_form("/coordinator/assisted", {**person_data, "name": "刘大叶", "phone": "139 0000 1111"})
    assert again.location == report_url
    [person] = db.session.scalars(db.select(Person)).all()
    assert (person.name, person.phone) == ("刘大叶", "13900001111")
    page = client.get(report_url).get_data(as_text=True)
    assert "their details are updated with what you typed now" in page and "details are kept" not in page
    zh = post_form("/coordinator/assisted", {**person_data, "name": "刘大爷"}, headers={"Accept-Language": "zh"})
    assert zh.location == report_url
    assert "个人信息已按您这次填写的内容更新" in client.get(report_url, headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    from webapp.audit.models import AuditEvent

    changes = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "assisted.updated")).all()
    assert len(changes) == 2 and all(e.actor_id == coordinator.id for e in changes)


def test_a_mistake_in_the_second_try_is_shown_and_nothing_is_changed(
    client, db, coordinator, sign_in, post_form, person_data
):
    sign_in(coordinator)
    post_form("/coordinator/assisted", person_data)
    again = post_form("/coordinator/assisted", {**person_data, "name": "刘大叶", "phone": "139 0000"})
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert 'id="phone-error"' in html and 'value="刘大叶"' in html  # what was typed is shown again
    [person] = db.session.scalars(db.select(Person)).all()
    assert (person.name, person.phone) == ("刘大爷", None)

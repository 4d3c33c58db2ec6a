"""QA of the employer's forms (setup, a hire, a colleague's link): bad input is refused next to its field with
nothing half-saved, and the same form sent twice makes one record."""

import re
from datetime import date

import pytest

from tests.conftest import token_from
from tests.support.factories import id_number
from tests.support.forms import errors_shown
from webapp.employers.models import Employer, Employment
from webapp.enrolment.models import OneTimeLink
from webapp.people.models import Person

#: First days and departures sent are counted from the suite's day (also under `make test-dates`).
pytestmark = pytest.mark.usefixtures("test_day")

#: The chooser's answers for the `community` fixture.
WHERE = {"city": "3703", "county": "370303", "township": "370303001", "community": "370303001001"}
CODE = "91110000600037341L"
NUMBER = id_number(date(1990, 5, 1))


@pytest.fixture
def hr(create_account):
    return create_account("employer", display_name="陈静")


@pytest.fixture
def organisation(hr, create_employer, community, db):
    employer = create_employer(hr, name="淄博纺织有限公司")
    employer.place = community
    db.session.commit()
    return employer


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u2060", "\ufeff"])
def test_an_organisation_named_with_invisible_characters_only_is_refused(
    client, db, community, hr, sign_in, post_form, name
):
    sign_in(hr)
    page = post_form("/employer/setup", {"name": name, "uscc": CODE, **WHERE})
    assert page.status_code == 200
    assert errors_shown(page.get_data(as_text=True), "name", "Enter the name of the organisation")
    assert count(db, Employer) == 0


def test_the_setup_errors_are_listed_in_the_order_of_the_page(client, db, community, hr, sign_in, post_form):
    sign_in(hr)
    html = post_form("/employer/setup?lang=zh", {"name": "", "uscc": "abc", "city": "3703"}).get_data(as_text=True)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'href="#([\w-]+)"', summary) == ["name", "uscc", "community"]
    assert "请填写单位名称" in summary and "统一社会信用代码不对" in summary and "请选择单位所在的村或社区" in summary
    assert count(db, Employer) == 0


def test_a_full_width_code_and_a_hostile_name_are_kept_as_text(client, db, community, hr, sign_in, post_form):
    sign_in(hr)
    name = "<script>alert(1)</script>鞋厂"
    assert post_form("/employer/setup", {"name": name, "uscc": full_width(CODE), **WHERE}).status_code == 302
    employer = db.session.scalar(db.select(Employer))
    assert (employer.name, employer.uscc) == (name, CODE)
    home = client.get("/employer").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in home and "&lt;script&gt;alert(1)&lt;/script&gt;鞋厂" in home


def test_the_setup_sent_twice_sets_up_one_organisation(client, db, community, hr, sign_in):
    sign_in(hr)
    data = {
        "csrf_token": token_from(client.get("/employer/setup").get_data(as_text=True)),
        "name": "鞋厂",
        "uscc": CODE,
    }
    first, second = (client.post("/employer/setup", data={**data, **WHERE}) for _ in range(2))
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.location.endswith("/employer")  # the organisation's page, not a second organisation
    assert count(db, Employer) == 1


@pytest.mark.parametrize("name", ["\u200b", "\u2060\u200d"])
def test_a_hire_of_a_worker_named_with_invisible_characters_only_is_refused(
    client, db, organisation, hr, sign_in, post_form, name
):
    sign_in(hr)
    page = post_form("/employer/hires/new", {"name": name, "id_number": NUMBER, "started_on": "2026-07-01"})
    assert errors_shown(page.get_data(as_text=True), "name", "Enter the worker")
    assert (count(db, Employment), count(db, Person)) == (0, 0)  # no record of the number either


def test_a_hire_sent_twice_is_reported_once(client, db, organisation, hr, sign_in):
    sign_in(hr)
    token = token_from(client.get("/employer/hires/new").get_data(as_text=True))
    data = {"csrf_token": token, "name": "张三", "id_number": NUMBER, "started_on": "2026-07-01"}
    first = client.post("/employer/hires/new", data=data)
    second = client.post("/employer/hires/new?lang=zh", data=data)
    assert first.status_code == 302 and second.status_code == 200
    html = second.get_data(as_text=True)
    assert errors_shown(html, "id_number", "您已申报过持此身份证号码的人员入职")
    assert (count(db, Employment), count(db, Person)) == (1, 1)
    # The same number in full-width figures (a Chinese keyboard) is the same person.
    again = client.post("/employer/hires/new", data={**data, "id_number": full_width(NUMBER)})
    assert 'id="id_number-error"' in again.get_data(as_text=True) and count(db, Employment) == 1


@pytest.mark.parametrize("then", ["left", "denied"])
def test_a_hire_can_be_reported_again_once_the_first_has_ended_or_was_denied(
    client, db, organisation, hr, sign_in, post_form, then
):
    sign_in(hr)
    post_form("/employer/hires/new", {"name": "张三", "id_number": NUMBER, "started_on": "2026-03-02"})
    first = db.session.scalar(db.select(Employment))
    if then == "left":
        first.ended_on = date(2026, 5, 29)
    else:
        first.status = "denied"
    db.session.commit()
    rehired = post_form("/employer/hires/new", {"name": "张三", "id_number": NUMBER, "started_on": "2026-07-01"})
    assert rehired.status_code == 302 and count(db, Employment) == 2


def test_another_organisations_hire_of_the_same_person_is_no_obstacle(
    client, db, organisation, hr, create_account, create_employer, community, sign_in, post_form
):
    sign_in(hr)
    post_form("/employer/hires/new", {"name": "张三", "id_number": NUMBER, "started_on": "2026-07-01"})
    other = create_account("employer")
    create_employer(other, name="另一家公司", uscc="91350100M000100Y43")
    sign_in(other)
    page = post_form("/employer/hires/new", {"name": "张三", "id_number": NUMBER, "started_on": "2026-07-01"})
    assert page.status_code == 302 and count(db, Employment) == 2


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        ("2026-07-15", "The date cannot be in the future"),
        ("2099-01-01", "The date cannot be in the future"),
        ("2000-01-01", "The date must be within the last 20 years"),
        ("1990-04-30", "The date must be within the last 20 years"),  # before the worker was born, too
        ("2026-02-30", "Enter a real date"),
        ("abc", "Enter a real date"),
        ("", "Enter the first day of work"),
    ],
)
def test_a_hire_with_an_impossible_first_day_is_refused_next_to_the_date(
    client, db, organisation, hr, sign_in, post_form, started_on, message
):
    sign_in(hr)
    page = post_form("/employer/hires/new", {"name": "张三", "id_number": NUMBER, "started_on": started_on})
    assert errors_shown(page.get_data(as_text=True), "started_on", message)
    assert (count(db, Employment), count(db, Person)) == (0, 0)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"left-left_on": "2026-06-30"}, "left-left_on"),  # before the job started
        ({"left-left_on": "2026-07-15"}, "left-left_on"),  # in the future
        ({"left-left_on": "0001-01-01"}, "left-left_on"),
        ({"left-left_on": "abc"}, "left-left_on"),
        ({"answer-answer": "maybe"}, "answer-answer"),
        ({"answer-answer": "deny", "answer-reason": ""}, "answer-reason"),
        ({"answer-answer": "deny", "answer-reason": "x" * 301}, "answer-reason"),
    ],
)
def test_a_bad_answer_or_departure_is_refused_next_to_its_field(
    client, db, organisation, create_person, hr, sign_in, post_form, data, field
):
    claim = Employment(
        person=create_person(name="工人"),
        employer=organisation,
        employer_name=organisation.name,
        started_on=date(2026, 7, 1),
        source="migrant",
        status="pending",
    )
    db.session.add(claim)
    db.session.commit()
    sign_in(hr)
    page = post_form(f"/employer/employments/{claim.id}", data)
    assert page.status_code == 200 and f'id="{field}-error"' in page.get_data(as_text=True)
    db.session.refresh(claim)
    assert (claim.status, claim.ended_on, claim.answer_reason) == ("pending", None, "")


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1e9", "99999999999999999999", ""])
def test_the_workers_list_takes_any_page_number(client, db, organisation, hr, sign_in, page):
    sign_in(hr)
    response = client.get(f"/employer?page={page}")
    assert response.status_code == 200 and "No workers yet." in response.get_data(as_text=True)


def colleague_link(client, post_form, name="刘洋") -> str:
    html = post_form("/employer/colleagues", {"display_name": name}).get_data(as_text=True)
    return "/colleague/" + html.split("/colleague/", 1)[1].split('"', 1)[0]


def test_a_link_made_again_for_the_same_colleague_replaces_the_first(client, db, organisation, hr, sign_in, post_form):
    """A double click on "Make a link" (the first link shown to nobody), or a link made again because the first was
    lost or sent to the wrong person: only the newest works. A link for another colleague is left alone."""
    sign_in(hr)
    other = colleague_link(client, post_form, "王伟")
    first = colleague_link(client, post_form)
    second = colleague_link(client, post_form)
    assert count(db, OneTimeLink) == 3
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200 and client.get(other).status_code == 200


def test_a_colleague_link_needs_a_visible_name(client, db, organisation, hr, sign_in, post_form):
    sign_in(hr)
    for name in ("", "   ", "\u200b", "x" * 101):
        page = post_form("/employer/colleagues", {"display_name": name})
        assert page.status_code == 200 and 'id="display_name-error"' in page.get_data(as_text=True)
    assert count(db, OneTimeLink) == 0

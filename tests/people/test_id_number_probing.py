"""The forms of a person's own that say whether an ID number is registered ("This ID number is already registered…")
count the submissions that give one, per account and together (RATELIMIT_ID_NUMBERS): past the limit a 429 says
why, in the person's language, so nobody maps whose numbers are on Xinju. The hire form has its own limit."""

from datetime import date, timedelta

import pytest

from tests.support.factories import id_number
from webapp import clock
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport

LIMIT = 3
TOO_MANY = "You have entered many ID numbers in a short time."
TOO_MANY_ZH = "您在短时间内填写了很多身份证号码。"


@pytest.fixture(autouse=True)
def low_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_ID_NUMBERS", f"{LIMIT} per hour")


@pytest.fixture
def others(create_account, create_person):
    """Registered people whose numbers a prober would try."""
    return [create_person(create_account("migrant"), name=f"别人{i}", birth=date(1990, 1, 1 + i)) for i in range(6)]


def member(**changes) -> dict:
    return {
        "relation": "spouse",
        "name": "张伟",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "1990-01-01",
        "id_number": "",
        **changes,
    }


def profile(**changes) -> dict:
    return {
        "name": "王芳",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": "1995-05-17",
        "id_number": id_number(date(1995, 5, 17), sequence=124),
        "phone": "",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
        **changes,
    }


def probe(post_form, url, person) -> int:
    data = (member if url == "/me/household/new" else profile)(
        id_number=person.id_number, birth_date=person.birth_date.isoformat()
    )
    return post_form(url, data).status_code


def test_household_members_numbers_are_counted_and_the_limit_says_why(client, db, migrant, others, sign_in, post_form):
    sign_in(migrant)
    for person in others[:LIMIT]:
        data = member(id_number=person.id_number, birth_date=person.birth_date.isoformat())
        answered = post_form("/me/household/new", data)
        assert answered.status_code == 200 and "already registered" in answered.get_data(as_text=True)
    refused = post_form("/me/household/new", member(id_number=others[LIMIT].id_number))
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Too many ID numbers" in page and TOO_MANY in page and "already registered" not in page
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    page = post_form("/me/household/new", member(id_number=others[LIMIT].id_number)).get_data(as_text=True)
    assert "身份证号码填写次数太多" in page and TOO_MANY_ZH in page
    # The page itself still opens, and a member without an ID number is not counted: still added.
    assert client.get("/me/household/new").status_code == 200
    assert post_form("/me/household/new", member(name="张小伟")).status_code == 302
    assert db.session.scalar(db.select(Person).where(Person.name == "张小伟")) is not None


def test_only_submissions_that_give_a_number_count(client, migrant, others, sign_in, post_form):
    sign_in(migrant)
    for _ in range(LIMIT * 2):  # forms with another error, no number: answered as ever
        assert post_form("/me/household/new", member(name="")).status_code == 200
    assert probe(post_form, "/me/household/new", others[0]) == 200


def test_the_profile_counts_its_numbers_not_the_place_choosers_steps(
    client, create_account, others, sign_in, post_form
):
    sign_in(create_account("migrant"))  # no profile yet: the number is asked for
    assert probe(post_form, "/me/profile", others[0]) == 200
    # A "Show the next list" of the hukou chooser checks nothing: not counted.
    for _ in range(LIMIT):
        chosen = post_form("/me/profile", {**profile(hukou_county=""), "choose": "1"})
        assert chosen.status_code == 200
    assert probe(post_form, "/me/profile", others[1]) == 200
    assert probe(post_form, "/me/profile", others[2]) == 200
    refused = post_form("/me/profile", profile(id_number=others[3].id_number, birth_date="1990-01-04"))
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)


def test_the_count_is_shared_between_the_forms(client, migrant, others, sign_in, post_form):
    sign_in(migrant)
    for person in others[:LIMIT]:
        assert probe(post_form, "/me/household/new", person) == 200
    assert probe(post_form, "/me/profile", others[LIMIT]) == 429


def test_the_count_is_per_account(client, migrant, others, create_account, create_person, sign_in, post_form):
    sign_in(migrant)
    for person in others[:LIMIT]:
        assert probe(post_form, "/me/household/new", person) == 200
    assert probe(post_form, "/me/household/new", others[LIMIT]) == 429
    other = create_account("migrant")
    create_person(other, name="李四", birth=date(1988, 8, 8))
    sign_in(other)
    assert probe(post_form, "/me/household/new", others[LIMIT]) == 200


def test_a_correction_of_the_id_number_counts_and_of_another_detail_does_not(
    client, db, migrant, others, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=3)).isoformat()))
    report = db.session.scalar(db.select(ResidenceReport))
    url = f"/reports/{report.receipt}/correction"
    for _ in range(LIMIT + 1):  # another detail, sent with an error: not counted
        assert post_form(url, {"field": "name", "proposed": ""}).status_code == 400
    for person in others[:LIMIT]:
        answered = post_form(url, {"field": "id_number", "proposed": person.id_number})
        assert answered.status_code == 400 and "already registered" in answered.get_data(as_text=True)
    refused = post_form(url, {"field": "id_number", "proposed": others[LIMIT].id_number})
    assert refused.status_code == 429 and TOO_MANY in refused.get_data(as_text=True)
    # The household form shares the count.
    assert probe(post_form, "/me/household/new", others[LIMIT + 1]) == 429


def test_the_same_number_sent_again_with_other_mistakes_counts_once(client, create_account, others, sign_in, post_form):
    """A reviewer was locked out of the profile for an hour by ordinary mistakes: the number stays in the form after
    an error, and each send counted. A number already counted for the account within the hour is not counted again;
    new numbers still are, and one refused by the limit is not remembered (its second try is refused too)."""
    sign_in(create_account("migrant"))  # no profile yet
    mine = profile()
    for _ in range(LIMIT * 3):  # the hukou county forgotten, the sex left out…: the same number each time
        assert post_form("/me/profile", {**mine, "hukou_county": "", "sex": ""}).status_code == 200
    full_width = mine["id_number"].translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert post_form("/me/profile", {**mine, "id_number": full_width, "sex": ""}).status_code == 200  # the same
    for person in others[: LIMIT - 1]:  # new numbers count: with the first, the limit is reached
        assert probe(post_form, "/me/profile", person) == 200
    assert probe(post_form, "/me/profile", others[LIMIT]) == 429
    assert probe(post_form, "/me/profile", others[LIMIT]) == 429  # refused, so not remembered
    assert post_form("/me/profile", {**mine, "sex": ""}).status_code == 200  # one already counted still answers

"""QA (rentals, 2): what a landlord can send wrong on every rentals form (register a rental, add rooms, answer about
a tenant, say a tenant left): empty, too long, hostile characters, full-width digits, dates in the future or before
the tenancy, the same form twice. The message stands next to the field, nothing is half saved, never a 500."""

import re

import pytest

from tests.rentals.conftest import NEW_RENTAL
from webapp.rentals.models import RentalProperty, Room, Tenancy

#: The departure dates sent are counted from the suite's day: the tenancy is reported on it too (also under
#: `make test-dates`).
pytestmark = pytest.mark.usefixtures("test_day")

HIDDEN_MARK = "this has a control character or a hidden mark"


def field_errors(html: str) -> dict[str, str]:
    """Each field's message, by the field's id (the message is tied to its field by id="<field>-error")."""
    found = re.findall(r'<p[^>]*id="([a-z_-]+)-error"[^>]*>(.*?)</p>', html, flags=re.S)
    return {field: re.sub(r"<[^>]+>|Error:", "", text).strip() for field, text in found}


@pytest.fixture
def landlord_in(client, landlord, community, sign_in):
    return sign_in(landlord)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {key: "" for key in NEW_RENTAL},
            {
                "community": "Choose the village or community of the property",
                "road": "Enter the road, street or lane",
                "number": "Enter the number or compound",
                "landlord_phone": "Enter your mobile phone number",
            },
        ),
        ({"road": "   ", "number": "\u3000"}, {"road": "Enter the road", "number": "Enter the number"}),
        ({"road": "路" * 61}, {"road": "Use 60 characters or fewer"}),
        ({"number": "号" * 31, "building": "栋" * 21}, {"number": "30 characters", "building": "20 characters"}),
        ({"rooms": "房" * 21}, {"rooms": "Each room name must be 20 characters or fewer"}),
        ({"rooms": ",".join(f"A-{n}" for n in range(1000, 1201))}, {"rooms": "List at most 200 rooms"}),
        ({"rooms": "1" * 2001}, {"rooms": "Use 2000 characters or fewer"}),
        ({"number": "18号\x00", "unit": "\u202e2单元"}, {"number": HIDDEN_MARK, "unit": HIDDEN_MARK}),
        ({"landlord_phone": "12345"}, {"landlord_phone": "11 digits"}),
        ({"landlord_phone": "0533-1234567"}, {"landlord_phone": "11 digits"}),
        ({"community": "330302001001"}, {"community": "Choose the village or community"}),
        ({"community": "370303001"}, {"community": "Choose the village or community"}),
    ],
)
def test_a_wrong_rental_is_explained_next_to_its_field_and_not_saved(db, landlord_in, post_form, changes, expected):
    response = post_form("/landlord/properties/new", NEW_RENTAL | changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    errors = field_errors(html)
    assert set(errors) == set(expected), errors
    for field, words in expected.items():
        assert words in errors[field]
        assert f'aria-describedby="{field}-error' in html or f'{field}-error"' in html
    assert 'class="error-summary' in html or "error-summary" in html
    assert db.session.scalar(db.select(RentalProperty)) is None


def test_typed_answers_stay_on_the_page_after_an_error(landlord_in, post_form):
    html = post_form("/landlord/properties/new", NEW_RENTAL | {"landlord_phone": "123"}).get_data(as_text=True)
    for kept in ('value="人民路"', 'value="18号"', 'value="3栋"', 'value="101, 102"', 'value="123"'):
        assert kept in html


def test_hostile_text_is_kept_as_text(client, db, landlord_in, post_form):
    hostile = {"road": "<script>alert(1)</script>"}  # a room "<b>1</b>" is refused: test_poster_join_rooms_qa_h8.py
    sent = post_form("/landlord/properties/new", NEW_RENTAL | hostile)
    assert sent.status_code == 302
    page = client.get(sent.location).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>1</b>" not in page


def test_full_width_digits_are_read_as_digits(db, landlord_in, post_form):
    full_width = {"landlord_phone": "１３９ １２３４ ５６７８", "rooms": "１０１，１０２"}
    sent = post_form("/landlord/properties/new", NEW_RENTAL | full_width)
    assert sent.status_code == 302
    rental = db.session.scalar(db.select(RentalProperty))
    assert rental.landlord_phone == "13912345678" and [r.name for r in rental.rooms] == ["101", "102"]


def test_a_body_that_is_no_form_is_answered_with_the_form(client, db, landlord_in):
    for body in ({"json": [1, 2]}, {"data": b"\xff\xfe", "content_type": "application/x-www-form-urlencoded"}):
        response = client.post("/landlord/properties/new", **body)
        assert response.status_code in (200, 400)
    assert db.session.scalar(db.select(RentalProperty)) is None


def test_two_identical_registrations_make_one_rental_with_one_code(db, landlord_in, post_form):
    first = post_form("/landlord/properties/new", NEW_RENTAL)
    second = post_form("/landlord/properties/new", NEW_RENTAL)
    assert first.status_code == second.status_code == 302 and first.location == second.location
    assert db.session.scalar(db.select(db.func.count(RentalProperty.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Room.id))) == 2


@pytest.mark.parametrize(
    ("rooms", "message"),
    [
        ("", "Enter the rooms to add"),
        (" ， 、 ", "Enter the rooms to add"),
        ("房" * 21, "20 characters or fewer"),
        ("1" * 2001, "Use 2000 characters or fewer"),
        ("301\x07", HIDDEN_MARK),
    ],
)
def test_rooms_added_wrong_are_explained_and_none_added(client, db, landlord_in, rental, post_form, rooms, message):
    url = f"/landlord/properties/{rental.id}"
    response = post_form(f"{url}/rooms", {"rooms": rooms}, page=url)
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert message in errors["rooms"]
    db.session.expire_all()
    assert sorted(r.name for r in db.session.get(RentalProperty, rental.id).rooms) == ["101", "102"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"answer-answer": ""}, "answer-answer", "Select yes or no"),
        ({"answer-answer": "maybe"}, "answer-answer", "Choose one of the options shown"),
        ({"answer-answer": "deny", "answer-reason": "   "}, "answer-reason", "Say what is wrong"),
        ({"answer-answer": "deny", "answer-reason": "😡😡"}, "answer-reason", "Say what is wrong in words"),
        ({"answer-answer": "deny", "answer-reason": "？？！"}, "answer-reason", "Say what is wrong in words"),
        ({"answer-answer": "deny", "answer-reason": "错" * 301}, "answer-reason", "Use 300 characters or fewer"),
        ({"answer-answer": "deny", "answer-reason": "错\x00"}, "answer-reason", HIDDEN_MARK),
        ({"left-left_on": ""}, "left-left_on", "Enter the date they left"),
        ({"left-left_on": "2026-07-15"}, "left-left_on", "The date cannot be in the future"),
        ({"left-left_on": "2026-07-12"}, "left-left_on", "The date cannot be before they started"),
        ({"left-left_on": "yesterday"}, "left-left_on", "Enter a real date"),
        ({"left-left_on": "0001-01-01"}, "left-left_on", "Enter a date between 1900 and 2099"),
    ],
)
def test_a_wrong_answer_about_a_tenant_is_explained_and_nothing_recorded(
    db, tenancy, post_form, data, field, message, test_day
):
    response = post_form(f"/landlord/tenancies/{tenancy.id}", data)
    assert response.status_code == 200
    assert message in field_errors(response.get_data(as_text=True))[field]
    db.session.expire_all()
    after = db.session.get(Tenancy, tenancy.id)
    assert (after.status, after.ended_on, after.answer_reason) == ("pending", None, "")


def test_the_first_answer_stands_when_a_second_comes_from_a_page_left_open(db, tenancy, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    assert post_form(url, {"answer-answer": "confirm"}).status_code == 302
    token_page = post_form(url, {"answer-answer": "deny", "answer-reason": "不对"}, follow_redirects=True)
    assert "This has been answered already. The first answer stands." in token_page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).status == "confirmed"


def test_a_departure_sent_twice_keeps_the_first_date(db, tenancy, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    assert post_form(url, {"left-left_on": "2026-07-14"}).status_code == 302
    again = post_form(url, {"left-left_on": "2026-07-13"}, follow_redirects=True)
    assert "The departure has been recorded already." in again.get_data(as_text=True)
    db.session.expire_all()
    assert str(db.session.get(Tenancy, tenancy.id).ended_on) == "2026-07-14"


def test_the_same_rooms_added_twice_at_once_are_there_once_without_an_error(db, rental):
    """The second request read the rooms before the first one's were saved: a room's name is unique in its rental."""
    from webapp.rentals import service

    assert [r.name for r in rental.rooms] == ["101", "102"]  # as the second request read them
    with db.engine.begin() as connection:  # the first request, meanwhile
        connection.execute(Room.__table__.insert().values(property_id=rental.id, name="301"))
    assert service.add_rooms(rental, ["301"]) == 0
    db.session.expire_all()
    assert sorted(r.name for r in db.session.get(RentalProperty, rental.id).rooms) == ["101", "102", "301"]

"""QA (h8): the landlord's poster has a print button (a module, no inline script) and a hint without JavaScript; a
poster scanned while signed out says what it is for and leads to sign-up or sign-in and back; a bad code says so;
room lists split at commas, 、 and spaces, and a room name of other characters is refused beside the field."""

import re
from pathlib import Path

import pytest

from tests.rentals.conftest import NEW_RENTAL
from tests.rentals.test_bad_input_qa_rentals2 import field_errors
from tests.support.forms import without_csrf_token
from webapp.rentals.models import RentalProperty, Room

ZH = {"Accept-Language": "zh-CN"}
STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def landlord_in(client, landlord, community, sign_in):
    return sign_in(landlord)


def rooms_of(db, rental_id=None):
    db.session.expire_all()
    query = db.select(Room.name).order_by(Room.id)
    if rental_id is not None:
        query = query.where(Room.property_id == rental_id)
    return list(db.session.scalars(query))


# 1. The poster prints from a button.


def test_the_poster_has_a_print_button_from_a_module_and_a_hint_without_javascript(client, landlord, rental, sign_in):
    sign_in(landlord)
    response = client.get(f"/landlord/properties/{rental.id}/poster")
    html = response.get_data(as_text=True)
    button = re.search(r"<button[^>]*data-module=\"print\"[^>]*>([^<]*)</button>", html)
    assert button and button.group(1) == "Print this poster"
    tag = button.group(0)
    assert " hidden" in tag and 'type="button"' in tag  # shown by the module: not there without JavaScript
    src = re.search(r'data-module-src="([^"]+)"', tag).group(1)
    assert re.fullmatch(r"/static/js/print\.js\?v=\w+", src)  # fingerprinted, loaded only here
    assert "Use your browser's Print command, or save this page as a PDF" in html
    assert 'id="print-hint"' in html and 'data-hint="print-hint"' in tag
    assert "onclick" not in html and "<script>" not in html  # the CSP allows no inline script or handler
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    # The button, hint and link are left off the printed page.
    assert re.search(r'<div class="no-print[^"]*">\s*<p>Print this page', html)

    with client.get(src) as script:
        code = script.get_data(as_text=True)
        assert script.status_code == 200 and "window.print()" in code
    assert "export function start" in code  # app.js's data-module-src loader calls it


def test_the_poster_page_in_chinese(client, landlord, rental, sign_in):
    sign_in(landlord)
    html = client.get(f"/landlord/properties/{rental.id}/poster", headers=ZH).get_data(as_text=True)
    assert "打印这张海报" in html and "或把本页保存为 PDF" in html and "Print this poster" not in html


def test_the_print_stylesheet_keeps_only_the_poster():
    css = (STATIC / "css" / "app.css").read_text()
    printed = css[css.index("@media print") :]
    assert ".no-print" in printed and ".main:has(> .poster) > :not(.poster)" in printed
    assert ".button[hidden]" in css  # .button's display would otherwise show the hidden button


def test_another_landlords_poster_is_not_shown(client, create_account, rental, sign_in):
    sign_in(create_account("landlord"))
    assert client.get(f"/landlord/properties/{rental.id}/poster").status_code == 404


# 2. A poster scanned while signed out.


def test_signed_out_the_poster_says_what_it_is_for_and_leads_back(client, rental):
    poster = f"/rentals/join/{rental.code}"
    for path in (poster, f"/rentals/join/{rental.code_display.lower()}"):  # as printed, or typed in small letters
        response = client.get(path)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "<h1>Report that you live here</h1>" in html
        assert "To report that you live at 和平社区 人民路 18号, create an account or sign in." in html
        assert "You will come back here" in html
        # Both ways in come back to the poster's link (the rental code it prints; nothing personal).
        assert f'href="/signup?next={poster}&amp;role=migrant"' in html
        assert f'href="/signin?next={poster}"' in html
        for private in ("李强", "13912345678", "139 1234 5678", "3栋", "2单元"):
            assert private not in html  # the landlord's name and number, and the door's building and unit


def test_signed_out_in_chinese(client, rental):
    html = client.get(f"/rentals/join/{rental.code}", headers=ZH).get_data(as_text=True)
    assert "申报您住在这里" in html and "要申报您住在和平社区 人民路 18号，请注册账号或登录。" in html
    assert "注册账号" in html and "登录" in html and "李强" not in html


def test_the_way_back_from_sign_in_fills_the_report(client, migrant, rental, sign_in):
    poster = f"/rentals/join/{rental.code}"
    signin = client.get(f"/signin?next={poster}").get_data(as_text=True)
    assert f'href="/signup?next={poster}"' in signin  # "Create an account" on the sign-in page keeps it too
    sign_in(migrant)  # as the passkey sign-in does, which then goes to `next`
    joined = client.get(poster)
    assert joined.status_code == 302 and joined.location.endswith("/reports/new")
    assert "Your landlord's rental" in client.get("/reports/new").get_data(as_text=True)


def test_an_address_typed_with_markup_is_shown_as_text(client, db, rental):
    rental.road = "<b>人民路</b>"
    db.session.commit()
    html = client.get(f"/rentals/join/{rental.code}").get_data(as_text=True)
    assert "<b>人民路" not in html and "&lt;b&gt;人民路&lt;/b&gt;" in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_or_closed_code_says_so(client, db, migrant, landlord, rental, sign_in, signed_in):
    if signed_in:
        sign_in(migrant)
    unknown = client.get("/rentals/join/ZZZZZZZZ")
    assert unknown.status_code == 404
    html = unknown.get_data(as_text=True)
    assert "<h1>This rental code is not known</h1>" in html
    assert "no longer takes reports from new tenants" in html and 'href="/reports/new"' in html
    assert "Create an account" not in html.split("<main", 1)[1]  # nothing to come back to

    landlord.deactivated_at = db.func.now()  # the landlord deleted their account: the poster is closed
    db.session.commit()
    closed = client.get(f"/rentals/join/{rental.code}")
    assert closed.status_code == 404
    same_page = closed.get_data(as_text=True).replace(rental.code, "ZZZZZZZZ")
    assert without_csrf_token(same_page) == without_csrf_token(html)  # the same page: nothing told
    assert "李强" not in html and "人民路" not in html
    if signed_in:
        with client.session_transaction() as session:
            assert "join_rental" not in session


def test_an_unknown_code_in_chinese(client, rental):
    html = client.get("/rentals/join/ZZZZZZZZ", headers=ZH).get_data(as_text=True)
    assert "找不到这个出租码" in html and "请向房东核对出租码" in html


def test_signed_in_without_the_new_resident_role_is_refused(client, landlord, rental, sign_in):
    sign_in(landlord)
    assert client.get(f"/rentals/join/{rental.code}").status_code == 403
    with client.session_transaction() as session:
        assert "join_rental" not in session


# 3. Room lists.


def test_rooms_split_at_every_comma_and_at_spaces(db, landlord_in, post_form):
    typed = "501，502、503 504\u3000３-５０５; A座1201 东边房"
    sent = post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": typed})
    assert sent.status_code == 302
    assert rooms_of(db) == ["501", "502", "503", "504", "3-505", "A座1201", "东边房"]


def test_the_hint_says_how_to_separate_rooms(client, landlord_in, rental):
    html = client.get("/landlord/properties/new").get_data(as_text=True)
    assert "Separate them with commas or spaces" in html and "write A座1201, not A座 1201" in html
    zh = client.get("/landlord/properties/new", headers=ZH).get_data(as_text=True)
    assert "用逗号或空格隔开" in zh
    detail = client.get(f"/landlord/properties/{rental.id}").get_data(as_text=True)
    assert "Separate them with commas or spaces, for example 301, 302." in detail


@pytest.mark.parametrize(
    ("rooms", "named"),
    [
        ("101, 😀", "“😀”"),
        ("101, 1(2)", "“1(2)”"),
        ("<b>1</b>", "“&lt;b&gt;1&lt;/b&gt;”"),
        ("101 房_2", "“房_2”"),
    ],
)
def test_a_room_name_with_other_characters_is_refused_by_name(db, landlord_in, post_form, rooms, named):
    response = post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": rooms})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert set(errors) == {"rooms"}, errors
    assert errors["rooms"].startswith(named) and "use only letters, numbers and the marks - / #" in errors["rooms"]
    assert "<b>1</b>" not in html
    assert db.session.scalar(db.select(RentalProperty)) is None


def test_a_long_room_name_is_named_and_cut_short(db, landlord_in, post_form):
    long = "房" * 21
    errors = field_errors(post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": f"101 {long}"}).data.decode())
    assert errors["rooms"] == f"Each room name must be 20 characters or fewer: “{long}” is longer"
    very_long = "A" * 300
    errors = field_errors(post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": very_long}).data.decode())
    assert f"“{'A' * 20}…”" in errors["rooms"] and "A" * 21 not in errors["rooms"]


def test_added_rooms_are_split_and_checked_the_same_way(client, db, landlord_in, rental, post_form):
    url = f"/landlord/properties/{rental.id}"
    refused = post_form(f"{url}/rooms", {"rooms": "301 😀"}, page=url, headers=ZH)
    assert refused.status_code == 400
    message = field_errors(refused.get_data(as_text=True))["rooms"]
    assert message.startswith("错误： “😀”不能作为房间名称") and "房间之间用逗号或空格隔开" in message
    assert rooms_of(db, rental.id) == ["101", "102"]

    only_spaces = post_form(f"{url}/rooms", {"rooms": " \u3000 , "}, page=url)
    assert only_spaces.status_code == 400
    assert "Enter the rooms to add" in field_errors(only_spaces.get_data(as_text=True))["rooms"]

    added = post_form(f"{url}/rooms", {"rooms": "３０１ 302、5#303 4/304"}, page=url, follow_redirects=True)
    assert "4 rooms added." in added.get_data(as_text=True)
    assert rooms_of(db, rental.id) == ["101", "102", "301", "302", "5#303", "4/304"]


def test_a_room_typed_with_its_word_is_the_same_room(client, db, landlord_in, rental, post_form):
    """'101室' is room 101 (a tenant's report stores it so, and the page shows 101室 in Chinese): never a second room
    beside 101, at registration or when rooms are added."""
    sent = post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": "101, 101室, １０１, 102室"})
    assert sent.status_code == 302
    new_rental = db.session.scalars(db.select(RentalProperty).order_by(RentalProperty.id.desc())).first()
    assert rooms_of(db, new_rental.id) == ["101", "102"]
    url = f"/landlord/properties/{rental.id}"
    added = post_form(f"{url}/rooms", {"rooms": "101室 103室"}, page=url, follow_redirects=True)
    assert "1 room added." in added.get_data(as_text=True)
    assert rooms_of(db, rental.id) == ["101", "102", "103"]

"""The place chooser in a real browser: with JavaScript each list fills in place, without a page load, and changing
an upper level clears the lower ones; without JavaScript the "Show the next list" button does the same by posting
the form. A landlord registering a rental goes down the hierarchy both ways."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place
from webapp.rentals.models import RentalProperty

pytestmark = pytest.mark.browser


def register_and_check_the_place(page: Page, live_server) -> None:
    """Finish the rental form and check it was stored in 新华社区居委会 (the community chosen last)."""
    page.get_by_label("Road, street or lane").fill("人民路")
    page.get_by_label("Number or residential compound").fill("18号")
    page.get_by_label("Your mobile phone number").fill("13912345678")
    page.get_by_role("button", name="Register the rental").click()
    expect(page.get_by_role("status").filter(has_text="Your rental is registered.")).to_be_visible()
    with live_server.app.app_context():
        rental = db.session.scalar(select(RentalProperty))
        assert rental.place.code == "370303001001"  # 新华社区居委会, 车站街道, 张店区, 淄博市
        db.session.remove()


def test_lists_fill_in_place_and_an_upper_change_clears_the_lower_ones(landlord_page, live_server):
    page = landlord_page()
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    lists_fetched: list[str] = []
    page.on("request", lambda request: lists_fetched.append(request.url) if "/children" in request.url else None)

    city, county = page.get_by_label("City", exact=True), page.get_by_label("County or district", exact=True)
    township = page.get_by_label("Township or street", exact=True)
    community = page.get_by_label("Village or community", exact=True)
    expect(page.get_by_role("button", name="Show the next list")).to_be_hidden()  # JavaScript does its work
    expect(county).to_be_hidden()

    city.select_option(label="温州市")
    expect(county).to_be_visible()
    expect(page.locator("[data-place-status]")).to_have_text("County or district: 12 to choose from")
    county.select_option(label="鹿城区")
    township.select_option(label="五马街道")
    community.select_option(label="墨池社区")
    expect(community).to_have_value("330302006045")

    # Another city: the districts of 温州 go, with everything chosen under them.
    city.select_option(label="淄博市")
    expect(township).to_be_hidden()
    expect(community).to_be_hidden()
    expect(county.locator("option", has_text="张店区")).to_have_count(1)
    expect(county.locator("option", has_text="鹿城区")).to_have_count(0)
    expect(county).to_have_value("")
    expect(page.locator("[data-place-status]")).to_have_text("County or district: 8 to choose from")
    assert township.input_value() == "" and community.input_value() == ""

    county.select_option(label="张店区")
    township.select_option(label="车站街道")
    expect(community.locator("option", has_text="墨池社区")).to_have_count(0)
    community.select_option(label="新华社区居委会")
    assert navigations == []  # not one page load while choosing
    assert lists_fetched and all("/places/" in url for url in lists_fetched)

    register_and_check_the_place(page, live_server)
    assert len(navigations) == 1  # the form's own submit


def test_a_list_that_cannot_be_loaded_brings_the_button_back(landlord_page, live_server):
    page = landlord_page()
    page.route("**/places/*/children", lambda route: route.abort())
    page.get_by_label("City", exact=True).select_option(label="淄博市")
    button = page.get_by_role("button", name="Show the next list")
    expect(button).to_be_visible()
    expect(page.locator("[data-place-status]")).to_contain_text("could not be loaded")
    page.unroute("**/places/*/children")
    button.click()  # the way without JavaScript
    expect(page.get_by_label("County or district", exact=True)).to_be_visible()


def test_the_keyboard_goes_down_the_lists(landlord_page):
    """Arrow keys change a closed list (each change fetches, the last one wins); Tab goes on to the list it filled."""
    page = landlord_page()
    city = page.get_by_label("City", exact=True)
    city.focus()
    page.keyboard.press("ArrowDown")  # 温州市 (3303)
    page.keyboard.press("ArrowDown")  # 淄博市 (3703)
    expect(city).to_have_value("3703")
    county = page.get_by_label("County or district", exact=True)
    expect(county.locator("option", has_text="张店区")).to_have_count(1)
    expect(county.locator("option", has_text="鹿城区")).to_have_count(0)
    expect(city).to_be_focused()  # the focus stays where the person is
    page.keyboard.press("Tab")
    expect(county).to_be_focused()


def test_a_staff_invitation_lists_only_the_administrators_area(live_server, new_context, authenticator, sign_up):
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703", "3303")))
        db.session.remove()
    page = new_context().new_page()
    authenticator(page)
    sign_up(page, "刘洋")
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == "刘洋"))
        county = db.session.scalar(select(Place).where(Place.code == "370303"))
        db.session.add(RoleGrant(account=account, role="admin", place=county))
        db.session.commit()
        db.session.remove()
    page.goto("/staff/invite")
    city, county_list = page.get_by_label("City", exact=True), page.get_by_label("County or district", exact=True)
    expect(county_list).to_have_value("370303")  # starting at the administrator's own county
    city.select_option(value="")
    expect(county_list).to_be_hidden()
    city.select_option(label="淄博市")
    expect(county_list.locator("option")).to_have_text(["Choose…", "张店区"])  # not the other counties of 淄博
    county_list.select_option(label="张店区")
    expect(page.get_by_label("Township or street", exact=True).locator("option", has_text="车站街道")).to_have_count(1)

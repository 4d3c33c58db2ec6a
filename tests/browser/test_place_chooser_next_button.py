"""The place chooser's "Show the next list" button once every level is chosen: without JavaScript it stays (the
person may change the city and ask for the lists again); with JavaScript the script hides it, the lists filling in
place."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def choose_down_to_the_community(page, next_list=None) -> None:
    for label, name in (
        ("City", "淄博市"),
        ("County or district", "张店区"),
        ("Township or street", "车站街道"),
        ("Village or community", "新华社区居委会"),
    ):
        page.get_by_label(label, exact=True).select_option(label=name)
        if next_list is not None and label != "Village or community":
            next_list.click()


def test_without_javascript_the_button_stays_once_the_place_is_chosen(landlord_page):
    page = landlord_page(java_script_enabled=False)
    next_list = page.get_by_role("button", name="Show the next list")
    choose_down_to_the_community(page, next_list)
    next_list.click()  # every level chosen: the page comes back with the place filled in
    expect(page.get_by_label("Village or community", exact=True)).to_have_value("370303001001")
    expect(next_list).to_be_visible()

    # The form comes back with an error, the place still chosen: the button is still there.
    page.get_by_role("button", name="Register the rental").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Village or community", exact=True)).to_have_value("370303001001")
    expect(next_list).to_be_visible()

    # Another city: the button brings its districts, without an error first.
    page.get_by_label("City", exact=True).select_option(label="温州市")
    next_list.click()
    expect(page.locator(".error-summary")).to_have_count(0)
    county = page.get_by_label("County or district", exact=True)
    expect(county).to_have_value("")
    expect(county.locator("option", has_text="鹿城区")).to_have_count(1)
    expect(page.get_by_label("Village or community", exact=True)).to_be_hidden()


def test_with_javascript_the_script_hides_the_button_on_a_chosen_place(landlord_page):
    page = landlord_page()
    next_list = page.locator("button[data-place-next]")  # by role, a hidden button is not found at all
    expect(next_list).to_be_hidden()
    choose_down_to_the_community(page)
    page.get_by_role("button", name="Register the rental").click()  # nothing typed: the form comes back
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Village or community", exact=True)).to_have_value("370303001001")
    expect(next_list).to_have_text("Show the next list")  # in the HTML, hidden by the script
    expect(next_list).to_be_hidden()

    page.get_by_label("City", exact=True).select_option(label="温州市")  # the lists refill in place
    expect(page.get_by_label("County or district", exact=True).locator("option", has_text="鹿城区")).to_have_count(1)
    expect(next_list).to_be_hidden()

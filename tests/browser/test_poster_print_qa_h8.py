"""QA (h8): the landlord's poster prints from a button (static/js/print.js, no inline script), shows a hint instead
without JavaScript, and prints the poster alone; a poster scanned while signed out says what it is for."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_registration import heading
from tests.browser.test_renters import register_rental

pytestmark = pytest.mark.browser

HINT = "Use your browser's Print command, or save this page as a PDF"


def test_the_poster_prints_from_its_button_and_alone(landlord_page, new_context):
    page = landlord_page()
    register_rental(page, "13912345678", rooms="101 102")
    page.get_by_role("link", name="Print the QR poster").click()
    expect(heading(page)).to_have_text("Register your residence here")
    poster_url = page.url

    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")  # no dialog
    button = page.get_by_role("button", name="Print this poster")
    expect(button).to_be_visible()
    expect(page.get_by_text(HINT)).to_be_hidden()
    button.click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    expect(page.locator(".poster .qr svg")).to_be_visible()
    for hidden in (
        button,
        page.get_by_role("link", name="Back to the rental"),
        page.locator("header"),
        page.locator("footer"),
    ):
        expect(hidden).to_be_hidden()
    page.emulate_media(media="screen")

    code = page.locator("strong.code").inner_text().strip().replace("-", "")
    without_js = new_context(storage_state=page.context.storage_state(), java_script_enabled=False).new_page()
    without_js.goto(poster_url)
    expect(without_js.get_by_text(HINT)).to_be_visible()
    expect(without_js.get_by_role("button", name="Print this poster")).to_be_hidden()

    visitor = new_context().new_page()
    visitor.goto(f"/rentals/join/{code}")
    expect(heading(visitor)).to_have_text("Report that you live here")
    expect(visitor.locator("main")).to_contain_text("人民路 18号")
    expect(visitor.locator("main").get_by_role("link", name="Create an account")).to_be_visible()
    expect(visitor.locator("main").get_by_role("link", name="Sign in")).to_be_visible()

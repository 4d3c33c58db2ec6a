"""Field mode's visit form with a screen reader: each copy of the form (one per case, its ids made unique by
static/js/field.js) keeps its hints and errors tied to the fields, so the error said on "Save the visit" is read
with the choices it is about."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_field import CORRECTED, case, open_field_mode

pytestmark = pytest.mark.browser

DESCRIPTIONS = """(form) => [...form.querySelectorAll("[aria-describedby]")].map((el) => ({
    name: el.name || el.tagName,
    ids: el.getAttribute("aria-describedby"),
    missing: el.getAttribute("aria-describedby").split(" ").filter((id) => !document.getElementById(id)),
}))"""


def described_by(locator) -> str:
    """The text of what aria-describedby points at (what a screen reader reads after the name)."""
    return locator.evaluate(
        """(el) => el.getAttribute("aria-describedby").split(" ")
            .map((id) => document.getElementById(id).textContent.trim()).join(" ")"""
    )


def test_the_visit_form_ties_its_hints_and_errors_to_the_fields(live_server, page, authenticator, sign_up):
    open_field_mode(live_server, page, authenticator, sign_up)
    item = case(page, "李娜")
    item.get_by_role("button", name="Record visit").click()
    form = item.locator("form")
    found = form.evaluate(DESCRIPTIONS)
    assert {entry["name"] for entry in found} >= {"notes", "share_location", "FIELDSET"}, found
    assert [entry for entry in found if entry["missing"]] == []
    expect(form.get_by_label("Notes (optional)")).to_have_accessible_description(
        "The resident will see this note on their report. Write only what you would say to them."
    )
    expect(form.get_by_role("checkbox")).to_have_accessible_description(
        "Kept only if you have agreed to it under Your privacy choices on your account page."
    )

    form.get_by_role("button", name="Save the visit").click()
    outcome = form.get_by_role("group", name="What did you find?")
    assert described_by(outcome) == "Select what you found"
    expect(outcome.get_by_role("radio").first).to_be_focused()

    outcome.get_by_role("radio", name=CORRECTED).check()
    form.get_by_role("button", name="Save the visit").click()
    corrections = form.get_by_role("group", name="If something is different, correct it here")
    assert described_by(corrections) == "Change at least one detail, or choose another answer"
    assert described_by(outcome) == ""  # the first error has gone

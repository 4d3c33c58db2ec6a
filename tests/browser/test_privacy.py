"""Privacy as a new resident meets it on a 320 px phone: the notice summarised above the first profile form and
linked from the footer, a separate consent given and withdrawn on the account page with its consequence said, a
parent's consent for a child under 14, and the download of their data as a ZIP, which then shows in their list of
who has looked (issue 14, points 1 and 2)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.factories import create_person
from webapp.accounts.models import Account
from webapp.extensions import db

pytestmark = pytest.mark.browser

RESIDENT = "王芳"


def give_a_profile(app, name: str) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == name))
        create_person(account, name=name)
        db.session.remove()


def test_notice_consents_and_download(live_server, new_context, authenticator, sign_up):
    page = new_context(viewport={"width": 320, "height": 640}, accept_downloads=True).new_page()
    authenticator(page)
    sign_up(page, RESIDENT)

    # Before the profile is first saved: the summary, then the whole notice a link away.
    page.goto("/me/profile")
    summary = page.locator("#privacy-summary")
    expect(summary).to_contain_text("Before you save: how we use your details")
    summary.get_by_role("link", name="Read the privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="What we ask your consent for")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("隐私告知")
    expect(page.get_by_text("法律义务", exact=False).first).to_be_visible()
    page.get_by_role("button", name="English").click()

    # From any page's footer.
    page.goto("/account")
    page.locator("footer").get_by_role("link", name="Privacy notice: what we keep, why and for how long").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")

    # A separate consent, given and withdrawn, the consequence said before the button.
    give_a_profile(live_server.app, RESIDENT)
    page.goto("/account")
    phone = page.locator("section", has=page.get_by_role("heading", name="Contact by phone"))
    phone.get_by_role("button", name="I agree").click()
    expect(page.get_by_role("status").first).to_contain_text("your consent is recorded")
    phone = page.locator("section", has=page.get_by_role("heading", name="Contact by phone"))
    expect(phone).to_contain_text("You agreed on")
    expect(phone).to_contain_text("Officers will no longer see your number")
    phone.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status").first).to_contain_text("Your consent is withdrawn.")
    expect(page.locator("section", has=page.get_by_role("heading", name="Contact by phone"))).to_contain_text(
        "You have not agreed to this."
    )

    # A child under 14: the parent's consent, by keyboard-reachable checkbox, else a message next to it.
    page.goto("/me/household/new")
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("Name").fill("王小明")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnic group").select_option("01")
    page.get_by_label("Date of birth").fill("2020-03-01")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert").first).to_contain_text("needs your consent as their parent or guardian")
    page.get_by_label("I am this child's parent or guardian", exact=False).check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status").first).to_contain_text("王小明")
    page.goto("/account")
    expect(page.get_by_role("heading", name="Your consent for 王小明, under 14")).to_be_visible()

    # The download: a ZIP with the JSON, the readable page, and only this household.
    page.get_by_role("link", name="Download your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download the ZIP file").click()
    download = caught.value
    assert download.suggested_filename.startswith("xinju-my-data-") and RESIDENT not in download.suggested_filename
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("my-data.json"))
    assert {p["name"] for p in data["people"]} == {RESIDENT, "王小明"}
    assert [c["item"] for c in data["consents"]] == ["phone_contact", "child_data"]
    assert "王小明" in archive.read("my-data.html").decode()

    page.goto("/account")
    looks = page.get_by_role("table", name="Who has looked at your information")
    expect(looks.get_by_role("row").filter(has_text="You downloaded a copy of your data.")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

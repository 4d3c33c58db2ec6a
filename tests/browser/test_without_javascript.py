"""Pages work without JavaScript; a browser without WebAuthn is told about the assisted way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_registration import heading, summary_row, valid_id_number
from webapp import clock
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions

pytestmark = pytest.mark.browser


def test_forms_errors_and_language_switch_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/signup")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter your name")
    expect(page.locator("#display_name-error")).to_contain_text("Enter your name")
    summary.get_by_role("link", name="Enter your name").click()  # the summary links to the field
    assert page.url.endswith("#display_name")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("注册账号")

    page.get_by_label("您的名字").fill("王芳")
    page.get_by_role("button", name="继续").click()
    # The passkey step needs JavaScript: the page says so and shows the way round.
    expect(page.get_by_role("button", name="创建通行密钥")).to_be_hidden()
    page.get_by_role("link", name="其他登录方式").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/passkeys-unsupported")


def test_browser_without_webauthn_gets_the_assisted_way(new_context):
    context = new_context()
    context.add_init_script("delete window.PublicKeyCredential;")
    page = context.new_page()
    page.goto("/signin")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Other ways to get in")
    expect(page.get_by_text("ask for help in person")).to_be_visible()


def test_keyboard_reaches_the_main_actions(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Create an account":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")


def test_the_place_chooser_works_without_javascript(landlord_page, live_server):
    """One list at a time with "Show the next list"; changing the city and asking again drops the stale lists."""
    page = landlord_page(java_script_enabled=False)
    next_list = page.get_by_role("button", name="Show the next list")
    city, county = page.get_by_label("City", exact=True), page.get_by_label("County or district", exact=True)
    township = page.get_by_label("Township or street", exact=True)
    expect(county).to_be_hidden()

    city.select_option(label="温州市")
    next_list.click()
    county.select_option(label="鹿城区")
    next_list.click()
    expect(township.locator("option", has_text="五马街道")).to_have_count(1)

    city.select_option(label="淄博市")
    next_list.click()
    expect(county).to_have_value("")
    expect(county.locator("option", has_text="张店区")).to_have_count(1)
    expect(township).to_be_hidden()
    county.select_option(label="张店区")
    next_list.click()
    township.select_option(label="车站街道")
    next_list.click()
    page.get_by_label("Village or community", exact=True).select_option(label="新华社区居委会")
    page.get_by_label("Road, street or lane").fill("人民路")
    page.get_by_label("Number or residential compound").fill("18号")
    page.get_by_label("Your mobile phone number").fill("13912345678")
    page.get_by_role("button", name="Register the rental").click()
    expect(page.get_by_role("status").filter(has_text="Your rental is registered.")).to_be_visible()


def choose_without_javascript(page, chain: list[tuple[str, str]]) -> None:
    """Down the place chooser one list at a time, each with "Show the next list" (a form post, no script)."""
    for label, name in chain:
        page.get_by_label(label, exact=True).select_option(label=name)
        page.get_by_role("button", name="Show the next list").click()


def test_a_resident_reports_where_she_lives_without_javascript(live_server, new_context, authenticator, sign_up):
    """The migrant's main journey (details, report, permit questions, check, send) on a phone with scripts off:
    only the passkey itself needs JavaScript, so she signs up first and then turns them off."""
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703",)))
        db.session.remove()
    signed_up = new_context().new_page()
    authenticator(signed_up)
    sign_up(signed_up, "王芳")
    page = new_context(storage_state=signed_up.context.storage_state(), java_script_enabled=False).new_page()

    page.goto("/reports/new")
    expect(heading(page)).to_have_text("Your details")
    page.get_by_label("Full name").fill("王芳")
    page.get_by_role("radio", name="Female").check()
    page.get_by_label("Ethnic group").select_option(label="Han")
    page.get_by_label("Date of birth").fill("1995-05-17")
    page.get_by_label("Resident ID number").fill(valid_id_number())
    page.get_by_label("Mobile phone number").fill("13800138000")
    choose_without_javascript(page, [("Province", "河南省"), ("City", "信阳市")])
    page.get_by_label("County or district", exact=True).select_option(label="固始县")
    expect(page.get_by_label("Full name")).to_have_value("王芳")  # the next list kept what she typed
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your details are saved.")).to_be_visible()

    expect(heading(page)).to_have_text("Report where you live")
    choose_without_javascript(
        page, [("City", "淄博市"), ("County or district", "张店区"), ("Township or street", "车站街道")]
    )
    page.get_by_label("Village or community", exact=True).select_option(label="新华社区居委会")
    page.get_by_label("Road, street or lane").fill("人民路")
    page.get_by_label("Number or residential compound").fill("18号")
    page.get_by_role("radio", name="I rent it").check()
    page.get_by_label("Your landlord's rental code or mobile number").fill("138 0000 1111")
    page.get_by_label("Your landlord's name (if they are not on Xinju)").fill("张三")
    page.get_by_label("When did you arrive at this address?").fill(clock.today().isoformat())
    page.get_by_label("I have no date to leave, or I do not know yet").check()
    page.get_by_role("radio", name="Work", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("A few questions for the residence permit")
    page.get_by_role("radio", name="A written labour contract").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check your answers")
    expect(summary_row(page, "Address")).to_contain_text("人民路 18号")
    page.get_by_role("button", name="Send the report").click()

    expect(heading(page)).to_have_text(re.compile(r"^Residence report "))
    expect(page.get_by_role("status").filter(has_text="Your residence report has been sent.")).to_be_visible()

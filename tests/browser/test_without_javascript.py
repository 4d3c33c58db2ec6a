"""Pages work without JavaScript; a browser without WebAuthn is told about the assisted way."""

import pytest
from playwright.sync_api import expect

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

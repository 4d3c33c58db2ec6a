"""Passkeys in a real browser: Chromium's virtual authenticator plays the phone's screen lock."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status").filter(has_text="You have signed out.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def is_signed_in(page: Page) -> bool:
    """Ask the server, not the page: /account sends a signed-out person to the sign-in page."""
    response = page.request.get("/account", max_redirects=0)
    return response.status == 200


def test_sign_up_with_a_passkey(page, authenticator, sign_up):
    key = authenticator(page)

    sign_up(page, "Li Wei")

    expect(page.get_by_role("status").filter(has_text="Your account is ready.")).to_be_visible()
    expect(page.locator(".tag")).to_have_text(["New resident"])
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()
    assert is_signed_in(page)
    [credential] = key.credentials()
    assert credential["isResidentCredential"], "the passkey must be discoverable, for sign-in without a user name"
    assert credential["rpId"] == "localhost"


def test_sign_out_then_sign_in_with_the_same_passkey(page, authenticator, sign_up):
    key = authenticator(page)
    sign_up(page, "Li Wei")

    sign_out(page)
    assert not is_signed_in(page)
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    # Usernameless: nothing is typed, the browser offers the passkey it holds for this site.
    page.get_by_role("button", name="Sign in with a passkey").click()

    expect(heading(page)).to_have_text("Hello, Li Wei")
    assert is_signed_in(page)
    [credential] = key.credentials()
    assert credential["signCount"] >= 2, "the same passkey signed up and signed in"


def test_sign_in_is_refused_when_user_verification_fails(page, authenticator, sign_up):
    key = authenticator(page)
    sign_up(page, "Li Wei")
    sign_out(page)
    page.goto("/signin")

    key.set_user_verified(False)  # the fingerprint, face or PIN check fails
    button = page.get_by_role("button", name="Sign in with a passkey")
    button.click()

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("cancelled or timed out")
    expect(button).to_be_enabled()
    expect(heading(page)).to_have_text("Sign in")
    assert page.url.endswith("/signin")
    assert not is_signed_in(page)

    # Once the check passes, the same button works.
    key.set_user_verified(True)
    button.click()
    expect(heading(page)).to_have_text("Hello, Li Wei")


def test_account_page_lists_passkeys_and_adds_another(context, page, authenticator, sign_up):
    authenticator(page)
    sign_up(page, "Li Wei")

    page.get_by_role("banner").get_by_role("link", name="Your account").click()
    expect(heading(page)).to_have_text("Your account")
    passkeys = page.locator(".passkey-list__item")
    expect(passkeys).to_have_count(1)
    expect(passkeys.first).to_contain_text("Linux")  # named after the device (headless Chromium on Linux)
    expect(page.get_by_role("link", name=re.compile(r"^Remove"))).to_have_count(0)
    expect(page.get_by_text("Your only passkey cannot be removed.")).to_be_visible()

    # A second device: another page of the same signed-in browser profile, with its own authenticator.
    other = context.new_page()
    second_key = authenticator(other)
    other.goto("/account")
    other.get_by_role("button", name="Add a passkey").click()

    expect(other.get_by_role("status").filter(has_text="Passkey added.")).to_be_visible()
    expect(other.locator(".passkey-list__item")).to_have_count(2)
    expect(other.get_by_role("link", name=re.compile(r"^Remove"))).to_have_count(2)
    assert len(second_key.credentials()) == 1

    page.reload()
    expect(passkeys).to_have_count(2)
    expect(page.get_by_role("link", name=re.compile(r"^Remove"))).to_have_count(2)

    # Removing one leaves the other, which can no longer be removed. (The new one: removing the passkey this session
    # signed in with would end the session too, see tests/accounts/test_sessions.py.)
    page.get_by_role("link", name=re.compile(r"^Remove")).last.click()
    expect(heading(page)).to_contain_text("Remove the passkey")  # asked first, on a page of its own
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status").filter(has_text="Passkey removed.")).to_be_visible()
    expect(passkeys).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^Remove"))).to_have_count(0)


def test_adding_a_passkey_the_account_already_has_is_refused(page, authenticator, sign_up):
    authenticator(page)
    sign_up(page, "Li Wei")
    page.goto("/account")

    # The same authenticator already holds a passkey for this account (it is in excludeCredentials).
    page.get_by_role("button", name="Add a passkey").click()

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    # passkeys.js shows data-i18n-already-registered for the browser's InvalidStateError, when the template
    # provides it; never the "check your connection" message, which sends the person the wrong way.
    already = page.locator('[data-module="passkey"]').get_attribute("data-i18n-already-registered")
    if already:
        expect(alert).to_have_text(already)
    expect(page.locator(".passkey-list__item")).to_have_count(1)
    page.reload()
    expect(page.locator(".passkey-list__item")).to_have_count(1)


def test_adding_a_passkey_after_a_while_asks_to_confirm_with_the_passkey_first(
    page, authenticator, sign_up, live_server
):
    """Re-verification (issue 13, point 3): a fresh assertion with user verification before a sensitive action."""
    from sqlalchemy import update

    from webapp.accounts.models import AccountSession
    from webapp.extensions import db

    key = authenticator(page)
    sign_up(page, "Li Wei")
    with live_server.app.app_context():  # as if the sign-in was long ago: no fresh passkey check in this session
        db.session.execute(update(AccountSession).values(verified_at=None))
        db.session.commit()
        db.session.remove()

    page.goto("/account")
    expect(page.get_by_role("button", name="Add a passkey")).to_have_count(0)
    page.get_by_role("link", name="Add a passkey").click()
    expect(heading(page)).to_have_text("Confirm it is you")

    key.set_user_verified(False)  # the fingerprint, face or PIN check fails: nothing is confirmed
    button = page.get_by_role("button", name="Confirm with my passkey")
    button.click()
    expect(page.get_by_role("alert")).to_contain_text("cancelled or timed out")
    expect(heading(page)).to_have_text("Confirm it is you")

    key.set_user_verified(True)
    button.click()
    expect(heading(page)).to_have_text("Your account")  # back where the person was going
    expect(page.get_by_role("button", name="Add a passkey")).to_be_visible()

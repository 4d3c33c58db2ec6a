"""In Chromium, with a real passkey: a resident fills her profile, her session ends on the server meanwhile (an idle
timeout, "Sign out everywhere" on another device), she presses Save: the sign-in page says why, she signs in with
her passkey and finds the form as she typed it, with a notice; nothing was saved before she sends it again."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_field_session import end_sessions_on_the_server
from webapp.extensions import db
from webapp.people.models import Person

pytestmark = pytest.mark.browser


def test_the_profile_typed_when_the_session_ended_is_back_after_signing_in(live_server, page, authenticator, sign_up):
    authenticator(page)
    sign_up(page, "王芳")
    page.goto("/me/profile")
    page.get_by_label("Full name").fill("王芳芳")
    page.get_by_label("Female").check()
    end_sessions_on_the_server(live_server.app, "王芳")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_contain_text("You were signed out because Xinju had not been used")

    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("status").first).to_contain_text("What you typed before you were signed out is back")
    expect(page.get_by_label("Full name")).to_have_value("王芳芳")
    expect(page.get_by_label("Female")).to_be_checked()
    with live_server.app.app_context():
        assert db.session.scalar(db.select(Person)) is None  # nothing saved before she sends it again
        db.session.remove()

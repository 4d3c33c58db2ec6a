"""This session's staff pages on a 320 px phone, axe-core checking each (`new_context`): the officer's decided
applications, the administrator's invitations not used yet (cancelled by keyboard) and the audit log's filter with
an error next to its field. Nothing scrolls sideways; every control is named."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_corrections_and_deletion import make_police_officer
from tests.browser.test_field import load_community
from tests.browser.test_new_pages_qa_a11y import fits, signed_up
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.enrolment import links
from webapp.extensions import db
from webapp.places.models import Place

pytestmark = pytest.mark.browser


def test_the_officers_decided_applications(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    page = signed_up(new_context, authenticator, sign_up, "孙伟")
    make_police_officer(live_server.app, "孙伟")
    page.goto("/officer/permits")
    page.get_by_role("link", name="Decided applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decided applications")
    expect(page.get_by_text("No application has been decided yet.")).to_be_visible()
    fits(page)


def test_the_administrators_invitations_and_audit_filter(live_server, new_context, authenticator, sign_up):
    app = live_server.app
    load_community(app)
    page = signed_up(new_context, authenticator, sign_up, "刘洋")
    with app.app_context():
        admin = db.session.scalar(select(Account).where(Account.display_name == "刘洋"))
        city = db.session.scalar(select(Place).where(Place.code == "3703"))
        community = db.session.scalar(select(Place).where(Place.code == "370303001001"))
        db.session.add(RoleGrant(account=admin, role="admin", place=city))
        db.session.commit()
        links.create_enrolment(
            issuer=admin, role=Role.COORDINATOR, place=community, department=None, display_name="周敏", hours=72
        )
        db.session.remove()

    page.goto("/staff/invitations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff invitations not used yet")
    fits(page)
    cancel = page.get_by_role("button", name="Cancel the invitation for 周敏")
    cancel.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("The invitation for 周敏 is cancelled")
    expect(page.get_by_text("No invitation is waiting to be used.")).to_be_visible()

    page.goto("/admin/audit")
    page.get_by_label("From (day)").fill("2026-07-14")
    page.get_by_label("To (day)").fill("2026-07-13")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#until-error")).to_contain_text("The last day must be on or after the first day")
    expect(page.get_by_label("To (day)")).to_have_attribute("aria-invalid", "true")
    fits(page)
    page.get_by_label("What").select_option(label="Cancelled a staff invitation")
    page.get_by_label("From (day)").fill("")
    page.get_by_label("To (day)").fill("")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("周敏")
    fits(page)

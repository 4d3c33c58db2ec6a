"""An officer handling a service request in a phone-sized Chromium: "Update the request" with no status chosen says
so (it reloaded without a word before), the phone number is shown on request, the residence report opens, and the
home page offers only the links of the officer's department (issue 11, points 5 and 6)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import create_reports, load_community
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.models import Place
from webapp.services.models import ServiceRequest

pytestmark = pytest.mark.browser

OFFICER = "人社孙"


def make_hrss_officer_with_a_request(app) -> str:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == OFFICER))
        county = db.session.scalar(select(Place).where(Place.code == "370303"))
        db.session.add(RoleGrant(account=account, role="officer", place=county, department="hrss"))
        person = db.session.scalar(select(Person).where(Person.name == "王芳"))
        found = ServiceRequest(
            person=person,
            service_code="job_referral",
            department="hrss",
            county=county,
            details="想找电子厂的工作",
            target_date=clock.today(),
        )
        db.session.add(found)
        db.session.commit()
        return found.reference


def test_an_officer_handles_a_request(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    create_reports(live_server.app, ("王芳",))
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(page)
    sign_up(page, OFFICER)
    reference = make_hrss_officer_with_a_request(live_server.app)

    page.goto("/")
    expect(page.get_by_role("link", name="Service requests")).to_be_visible()
    expect(page.get_by_role("link", name="Residence permit applications")).to_have_count(0)

    page.goto("/officer/requests")
    page.get_by_role("main").get_by_role("link", name="Job referral").click()  # the footer links the jobs board
    expect(page).to_have_url(re.compile(f"/officer/requests/{reference}$"))
    page.get_by_role("button", name="Update the request").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Select what happens now")).to_be_visible()
    expect(page.locator("#handle-status-error")).to_contain_text("Select what happens now")

    expect(page.get_by_text("13800138000")).to_have_count(0)
    page.get_by_role("button", name="Show phone number").click()
    expect(page.get_by_role("link", name="13800138000")).to_be_visible()

    page.locator("a[href^='/reports/']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("王芳's residence report")  # staff read it by name

"""An organisation's colleagues and an officer's handover in a phone-sized Chromium: they fit 320 px, axe finds
nothing (every page these tests visit is checked), and a colleague's link is made and shown with its QR code."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import COMMUNITY, load_community
from webapp.accounts.models import Account, RoleGrant
from webapp.employers.models import Employer, EmployerMember
from webapp.extensions import db
from webapp.places.models import Place

pytestmark = pytest.mark.browser

NAME = "陈静"
USCC = "91110000600037341L"


def set_up(app) -> None:
    """The signed-up account answers for an organisation of the community, and is the county's job-services officer."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == NAME))
        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        county = db.session.scalar(select(Place).where(Place.code == COMMUNITY[:6]))
        account.grants += [
            RoleGrant(role="employer"),
            RoleGrant(role="officer", place=county, department="hrss"),
        ]
        employer = Employer(name="淄博纺织有限公司", uscc=USCC, place=community)
        employer.members.append(EmployerMember(account=account))
        db.session.add(employer)
        db.session.commit()


def fits(page, path: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width} px wide on a 320 px screen"


def test_colleagues_and_handover_pages_on_a_phone(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(page)
    sign_up(page, NAME)
    set_up(live_server.app)

    page.goto("/employer/colleagues")
    fits(page, "/employer/colleagues")
    page.get_by_role("button", name="Make a link").click()  # no name: the error beside the field
    expect(page.locator("#display_name-error")).to_contain_text("Enter your colleague's name")
    page.get_by_label("Your colleague's name").fill("刘洋")
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link for your colleague")
    assert page.locator("#link-url").input_value().startswith(f"{live_server.url}/colleague/")
    expect(page.locator(".qr svg")).to_be_visible()
    fits(page, "link made")

    page.goto("/officer/organisations")
    fits(page, "/officer/organisations")
    page.get_by_label("Unified social credit code").fill(USCC)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=2, name="淄博纺织有限公司")).to_be_visible()
    expect(page.get_by_role("checkbox", name=NAME)).to_be_visible()
    fits(page, "/officer/organisations?code=…")

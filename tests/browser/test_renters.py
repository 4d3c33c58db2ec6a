"""Renters as people meet Xinju, in real browsers with passkeys: a tenant whose landlord is not on Xinju reports
anyway and shows the landlord a join link, and the landlord joins and confirms; a new tenant who scans the door
poster while signed out is taken through sign-up and the profile to the report, with one scan."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_registration import (
    RENTAL_CODE,
    choose_places,
    heading,
    sign_up_as_landlord,
    summary_row,
    valid_id_number,
)
from webapp import clock
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions

pytestmark = pytest.mark.browser

COMMUNITY = [
    ("City", "淄博市"),
    ("County or district", "张店区"),
    ("Township or street", "车站街道"),
    ("Village or community", "新华社区居委会"),
]


@pytest.fixture
def zibo(live_server):
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703",)))
        db.session.remove()


def fill_profile(page: Page) -> None:
    expect(heading(page)).to_have_text("Your details")
    page.get_by_label("Full name").fill("王芳")
    page.get_by_role("radio", name="Female").check()
    page.get_by_label("Ethnic group").select_option(label="Han")
    page.get_by_label("Date of birth").fill("1995-05-17")
    page.get_by_label("Resident ID number").fill(valid_id_number())
    page.get_by_label("Mobile phone number").fill("13800138000")
    choose_places(page, [("Province", "河南省"), ("City", "信阳市"), ("County or district", "固始县")])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your details are saved.")).to_be_visible()


def register_rental(page: Page, phone: str, rooms: str = "") -> None:
    expect(heading(page)).to_have_text("Register a rental")
    choose_places(page, COMMUNITY)
    page.get_by_label("Road, street or lane").fill("人民路")
    page.get_by_label("Number or residential compound").fill("18号")
    page.get_by_label("Rooms you let (optional)").fill(rooms)
    page.get_by_label("Your mobile phone number").fill(phone)
    page.get_by_role("button", name="Register the rental").click()
    expect(page.get_by_role("status").filter(has_text="Your rental is registered.")).to_be_visible()


def test_a_renter_whose_landlord_is_not_on_xinju_reports_and_the_landlord_joins_to_confirm(
    zibo, new_context, authenticator, sign_up
):
    tenant = new_context().new_page()
    authenticator(tenant)
    sign_up(tenant, "王芳")
    tenant.goto("/reports/new")
    fill_profile(tenant)
    expect(heading(tenant)).to_have_text("Report where you live")  # the profile led back to the report

    choose_places(tenant, COMMUNITY)
    tenant.get_by_label("Road, street or lane").fill("人民路")
    tenant.get_by_label("Number or residential compound").fill("18号")
    tenant.get_by_label("Room (optional)").fill("302")
    tenant.get_by_role("radio", name="I rent it").check()
    tenant.get_by_label("Your landlord's rental code or mobile number").fill("138 0000 1111")
    tenant.get_by_label("When did you arrive at this address?").fill(clock.today().isoformat())
    tenant.get_by_label("I have no date to leave, or I do not know yet").check()
    tenant.get_by_role("radio", name="Work", exact=True).check()
    tenant.get_by_label("Employer (optional)").fill("鲁中建材")
    tenant.get_by_role("button", name="Continue").click()

    # The landlord has no rental on Xinju: she is asked for the landlord's name, and nothing she typed is lost.
    name = tenant.get_by_label("Your landlord's name (if they are not on Xinju)")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(tenant.locator("#landlord_name-error")).to_contain_text("Your landlord is not on Xinju yet")
    expect(tenant.get_by_role("alert")).to_contain_text("enter their name")  # the error summary
    expect(tenant.get_by_label("Road, street or lane")).to_have_value("人民路")
    expect(tenant.get_by_label("Room (optional)")).to_have_value("302")
    expect(tenant.get_by_label("Your landlord's rental code or mobile number")).to_have_value("138 0000 1111")
    expect(tenant.get_by_label("Employer (optional)")).to_have_value("鲁中建材")
    expect(tenant.get_by_role("radio", name="I rent it")).to_be_checked()
    expect(tenant.get_by_label("Village or community", exact=True)).to_have_value("370303001001")
    name.fill("张三")
    tenant.get_by_role("button", name="Continue").click()

    # Page two: a rental its landlord has not registered is not a stable home, so the permit asks about work.
    expect(heading(tenant)).to_have_text("A few questions for the residence permit")
    tenant.get_by_role("radio", name="A written labour contract").check()
    tenant.get_by_role("button", name="Continue").click()
    expect(heading(tenant)).to_have_text("Check your answers")
    expect(summary_row(tenant, "Landlord")).to_contain_text("张三 · 13800001111 · not on Xinju yet")
    tenant.get_by_role("button", name="Send the report").click()

    expect(heading(tenant)).to_have_text(re.compile(r"^Residence report "))
    expect(tenant.get_by_role("status").filter(has_text="Your residence report has been sent.")).to_be_visible()
    address = tenant.get_by_role("row").filter(has=tenant.get_by_role("rowheader", name="Address"))
    expect(address.get_by_role("cell").nth(1)).to_have_text("Not on Xinju yet")
    expect(tenant.get_by_text("Landlord not on Xinju yet (张三)")).to_be_visible()
    join = tenant.get_by_role("region", name="Show your landlord how to join")
    expect(join.locator(".qr svg title")).to_have_text("QR code for landlords to join Xinju")
    join_url = join.get_by_role("link").get_attribute("href")
    assert join_url.endswith("/landlord/join"), join_url
    receipt_url = tenant.url

    # The landlord scans the tenant's code, joins, and registers the rental with the number the tenant gave.
    landlord = new_context().new_page()
    authenticator(landlord)
    landlord.goto(join_url)
    expect(heading(landlord)).to_have_text("Your tenant is waiting for you on Xinju")
    landlord.get_by_role("link", name="Create an account").click()
    landlord.get_by_label("Your name").fill("张三")
    expect(landlord.get_by_label("Landlord")).to_be_checked()
    landlord.get_by_label("New resident").uncheck()
    landlord.get_by_role("button", name="Continue").click()
    landlord.get_by_role("button", name="Create passkey").click()
    register_rental(landlord, "13800001111", rooms="301, 302")
    asked = landlord.get_by_role("status").filter(has_text="1 tenant named your mobile number before you joined")
    expect(asked).to_be_visible()
    expect(landlord.get_by_role("link", name="王芳")).to_have_count(0)  # nothing of the tenant before they agree

    # Nobody checked the number: the tenant is asked whether this is their landlord.
    tenant.goto("/me")
    tenant.get_by_role("link", name="Is this your landlord?").click()
    expect(heading(tenant)).to_have_text("Is this your landlord?")
    tenant.get_by_role("radio", name="Yes, it is").check()
    tenant.get_by_role("button", name="Send the answer").click()
    expect(tenant.get_by_role("status").filter(has_text="They will now be asked to confirm")).to_be_visible()

    landlord.goto("/landlord")
    landlord.get_by_role("link", name="王芳").click()
    expect(heading(landlord)).to_have_text("Tenant: 王芳")
    landlord.get_by_role("radio", name="Yes, this is right").check()
    landlord.get_by_role("button", name="Send the answer").click()
    expect(landlord.get_by_role("status").filter(has_text="Your answer has been recorded.")).to_be_visible()

    tenant.goto(receipt_url)
    expect(summary_row(tenant, "Status")).to_contain_text("Confirmed by landlord or employer")
    expect(address.get_by_role("cell").nth(1)).to_contain_text("Confirmed")
    expect(tenant.get_by_role("region", name="Show your landlord how to join")).to_have_count(0)


def test_a_new_tenant_scans_the_poster_once(zibo, new_context, authenticator):
    landlord = new_context().new_page()
    authenticator(landlord)
    sign_up_as_landlord(landlord, "李明")
    landlord.goto("/landlord/properties/new")
    register_rental(landlord, "13912345678", rooms="101, 102")
    code = landlord.locator(".code").inner_text().strip()
    assert RENTAL_CODE.match(code), code

    # Signed out, the tenant scans the poster: what it is for, "Create an account", her passkey, her details, the
    # report.
    tenant = new_context().new_page()
    authenticator(tenant)
    tenant.goto(f"/rentals/join/{code.replace('-', '')}")
    expect(heading(tenant)).to_have_text("Report that you live here")
    expect(tenant.locator("main")).to_contain_text("人民路 18号")
    tenant.get_by_role("link", name="Create an account").click()
    expect(heading(tenant)).to_have_text("Create an account")
    tenant.get_by_label("Your name").fill("王芳")
    tenant.get_by_role("button", name="Continue").click()
    tenant.get_by_role("button", name="Create passkey").click()
    fill_profile(tenant)

    expect(heading(tenant)).to_have_text("Report where you live")
    expect(tenant.locator(".card").filter(has_text="Your landlord's rental")).to_contain_text("人民路 18号")
    expect(tenant.get_by_label("Road, street or lane")).to_have_count(0)
    tenant.get_by_label("Your room").select_option(label="101")
    tenant.get_by_label("When did you arrive at this address?").fill(clock.today().isoformat())
    tenant.get_by_label("I have no date to leave, or I do not know yet").check()
    tenant.get_by_role("radio", name="Work", exact=True).check()
    tenant.get_by_role("button", name="Continue").click()
    if heading(tenant).inner_text() == "A few questions for the residence permit":
        tenant.get_by_role("button", name="Continue").click()
    expect(heading(tenant)).to_have_text("Check your answers")
    expect(summary_row(tenant, "Kind of place")).to_contain_text(f"rental code {code}")
    tenant.get_by_role("button", name="Send the report").click()
    expect(tenant.get_by_role("status").filter(has_text="Your residence report has been sent.")).to_be_visible()

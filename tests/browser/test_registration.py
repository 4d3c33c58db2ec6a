"""A residence report from end to end, in two real browsers: a landlord registers a rental and prints its QR poster;
a tenant scans it, gives her details, reports where she lives; the landlord confirms her; the tenant sees it."""

import re

import pytest
from playwright.sync_api import Page, expect
from stdnum.cn import ric

from webapp import clock
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions

pytestmark = pytest.mark.browser

RENTAL_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def choose_places(page: Page, chain: list[tuple[str, str]]) -> None:
    """Down the place chooser: pick each level by its label; the next list fills in place (JavaScript)."""
    for level, (label, name) in enumerate(chain):
        page.get_by_label(label, exact=True).select_option(label=name)
        if level < len(chain) - 1:
            expect(page.get_by_label(chain[level + 1][0], exact=True)).to_be_visible()


def sign_up_as_landlord(page: Page, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(heading(page)).to_have_text("Create an account")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("New resident").uncheck()
    page.get_by_label("Landlord").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Create your passkey")
    page.get_by_role("button", name="Create passkey").click()
    expect(heading(page)).to_have_text(f"Hello, {name}")
    expect(page.locator(".tag")).to_have_text(["Landlord"])


def valid_id_number() -> str:
    body = "411525" + "19950517" + "124"  # 固始县, born 17 May 1995, a woman (the 17th digit is even)
    return body + ric.calc_check_digit(body + "0")


def summary_row(page: Page, term: str):
    return page.locator(".summary__row").filter(has=page.get_by_role("term").filter(has_text=re.compile(f"^{term}$")))


def test_tenant_reports_through_the_landlords_qr_poster_and_the_landlord_confirms(
    live_server, new_context, authenticator, sign_up
):
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703",)))  # 淄博市, down to its communities
        db.session.remove()

    # The landlord registers a rental with two rooms.
    landlord = new_context().new_page()
    authenticator(landlord)
    sign_up_as_landlord(landlord, "李明")
    landlord.get_by_role("link", name="Your rentals").click()
    expect(heading(landlord)).to_have_text("Your rentals")
    landlord.get_by_role("link", name="Register a rental").click()
    expect(heading(landlord)).to_have_text("Register a rental")
    choose_places(
        landlord,
        [
            ("City", "淄博市"),
            ("County or district", "张店区"),
            ("Township or street", "车站街道"),
            ("Village or community", "新华社区居委会"),
        ],
    )
    landlord.get_by_label("Road, street or lane").fill("人民路")
    landlord.get_by_label("Number or residential compound").fill("18号")
    landlord.get_by_label("Rooms you let (optional)").fill("101, 102")
    landlord.get_by_label("Your mobile phone number").fill("13912345678")
    landlord.get_by_role("button", name="Register the rental").click()

    expect(heading(landlord)).to_have_text("人民路 18号")
    expect(landlord.get_by_role("status").filter(has_text="Your rental is registered.")).to_be_visible()
    code = landlord.locator(".code").inner_text().strip()
    assert RENTAL_CODE.match(code), code
    expect(landlord.get_by_text("101 and 102")).to_be_visible()  # as English lists them

    landlord.get_by_role("link", name="Print the QR poster").click()
    expect(heading(landlord)).to_have_text("Register your residence here")
    qr = landlord.locator(".qr svg")
    expect(qr).to_be_visible()
    expect(qr.locator("title")).to_have_text("QR code to register at this address")
    expect(landlord.locator("strong.code")).to_have_text(code)
    expect(landlord.locator("span.code")).to_have_text(re.compile(r"/rentals/join/" + code.replace("-", "") + "$"))
    # The QR code holds the join link: a phone's camera would open it; the tenant's browser goes there directly.
    join_url = f"/rentals/join/{code.replace('-', '')}"

    # The tenant scans the poster; without a profile she is asked for her details first.
    tenant = new_context().new_page()
    authenticator(tenant)
    sign_up(tenant, "王芳")
    tenant.goto(join_url)
    expect(heading(tenant)).to_have_text("Your details")
    tenant.get_by_label("Full name").fill("王芳")
    tenant.get_by_role("radio", name="Female").check()
    tenant.get_by_label("Ethnic group").select_option(label="Han")
    tenant.get_by_label("Date of birth").fill("1995-05-17")
    tenant.get_by_label("Resident ID number").fill(valid_id_number())
    tenant.get_by_label("Mobile phone number").fill("13800138000")
    choose_places(tenant, [("Province", "河南省"), ("City", "信阳市"), ("County or district", "固始县")])
    # Choosing the places kept what she typed.
    expect(tenant.get_by_label("Full name")).to_have_value("王芳")
    expect(tenant.get_by_label("Mobile phone number")).to_have_value("13800138000")
    tenant.get_by_role("button", name="Save").click()
    expect(tenant.get_by_role("status").filter(has_text="Your details are saved.")).to_be_visible()

    # Scanning again: the report form already knows the landlord's address, and asks only for her room.
    tenant.goto(join_url)
    expect(heading(tenant)).to_have_text("Report where you live")
    expect(tenant.locator(".card").filter(has_text="Your landlord's rental")).to_contain_text("人民路 18号")
    expect(tenant.get_by_label("Road, street or lane")).to_have_count(0)
    tenant.get_by_label("Your room").select_option(label="102")
    tenant.get_by_label("When did you arrive at this address?").fill(clock.today().isoformat())
    tenant.get_by_label("I have no date to leave, or I do not know yet").check()
    tenant.get_by_role("radio", name="Work", exact=True).check()
    tenant.get_by_role("button", name="Continue").click()

    # Page two asks only what the permit rules count for her: since when she has lived in the city.
    expect(heading(tenant)).to_have_text("A few questions for the residence permit")
    expect(tenant.get_by_label("Since when have you lived in this city? (optional)")).to_be_visible()
    expect(tenant.get_by_text("labour contract")).to_have_count(0)  # a registered rental is a stable home
    tenant.get_by_role("button", name="Continue").click()

    expect(heading(tenant)).to_have_text("Check your answers")
    expect(summary_row(tenant, "Address")).to_contain_text("人民路 18号, Room 102")
    expect(summary_row(tenant, "Kind of place")).to_contain_text(f"rental code {code}")
    decisions = tenant.get_by_role("region", name="What this means for you")
    expect(decisions).to_be_visible()
    expect(decisions.get_by_role("listitem").first).to_be_visible()
    tenant.get_by_role("button", name="Send the report").click()

    expect(heading(tenant)).to_have_text(re.compile(r"^Residence report "))
    expect(tenant.get_by_role("status").filter(has_text="Your residence report has been sent.")).to_be_visible()
    expect(summary_row(tenant, "Status")).to_contain_text("Submitted")
    receipt_url = tenant.url

    # The landlord sees the new tenant waiting, and confirms her.
    landlord.goto("/landlord")
    expect(heading(landlord)).to_have_text("Your rentals")
    tenant_item = landlord.get_by_role("listitem").filter(has=landlord.get_by_role("link", name="王芳"))
    expect(tenant_item).to_contain_text("room 102")
    expect(tenant_item).to_contain_text("Waiting for an answer")
    tenant_item.get_by_role("link", name="王芳").click()
    expect(heading(landlord)).to_have_text("Tenant: 王芳")
    landlord.get_by_role("radio", name="Yes, this is right").check()
    landlord.get_by_role("button", name="Send the answer").click()
    expect(heading(landlord)).to_have_text("Your rentals")
    expect(landlord.get_by_role("status").filter(has_text="Your answer has been recorded.")).to_be_visible()
    expect(tenant_item).to_contain_text("Confirmed")
    expect(tenant_item).not_to_contain_text("Waiting for an answer")

    # The tenant's receipt now shows the landlord's word, item by item.
    tenant.reload()
    assert tenant.url == receipt_url
    expect(summary_row(tenant, "Status")).to_contain_text("Confirmed by landlord or employer")
    table = tenant.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Item", "Reported", "Landlord", "Employer", "Coordinator"])
    address = table.get_by_role("row").filter(has=tenant.get_by_role("rowheader", name="Address"))
    landlord_cell = address.get_by_role("cell").nth(1)  # cells after the row header: Reported, Landlord, …
    expect(landlord_cell).to_contain_text("Confirmed")

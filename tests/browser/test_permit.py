"""A residence permit from end to end, in three real browsers: a migrant reports where she lives and applies with
photos of her documents; a public security officer approves; her phone shows the digital card; a checker who is
not signed in opens the card's check link and sees only what a checker needs."""

import re

import pytest
import segno
from dateutil.relativedelta import relativedelta
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select
from stdnum.cn import ric

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.people.reference import mask_id_number
from webapp.permits.models import Permit
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place

pytestmark = pytest.mark.browser

ID_NUMBER_BODY = "411525" + "19950517" + "124"  # 固始县, born 17 May 1995, a woman (the 17th digit is even)
ID_NUMBER = ID_NUMBER_BODY + ric.calc_check_digit(ID_NUMBER_BODY + "0")
SEGNO_PATH = re.compile(r'\bd="([^"]+)"')


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def status(page: Page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def choose_places(page: Page, chain: list[tuple[str, str]]) -> None:
    """Down the place chooser: pick each level by its label; the next list fills in place (JavaScript)."""
    for level, (label, name) in enumerate(chain):
        page.get_by_label(label, exact=True).select_option(label=name)
        if level < len(chain) - 1:
            expect(page.get_by_label(chain[level + 1][0], exact=True)).to_be_visible()


def make_jpeg(path, colour: tuple[int, int, int]) -> str:
    Image.new("RGB", (120, 150), colour).save(path, format="JPEG")
    return str(path)


def qr_path(url: str) -> str:
    """The drawing of the QR code for that URL, as the card draws it (segno is deterministic)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
    return SEGNO_PATH.search(svg).group(1)


def give_details_and_report(page: Page) -> None:
    """From the dashboard: her details, then a residence report for her own home in 张店区, sent."""
    page.get_by_role("link", name="Your residence").click()
    expect(heading(page)).to_have_text("Register where you live")
    page.get_by_role("link", name="Start").click()
    expect(heading(page)).to_have_text("Your details")
    page.get_by_label("Full name").fill("王芳")
    page.get_by_role("radio", name="Female").check()
    page.get_by_label("Ethnic group").select_option(label="Han")
    page.get_by_label("Date of birth").fill("1995-05-17")
    page.get_by_label("Resident ID number").fill(ID_NUMBER)
    page.get_by_label("Mobile phone number").fill("13800138000")
    choose_places(page, [("Province", "河南省"), ("City", "信阳市"), ("County or district", "固始县")])
    page.get_by_role("button", name="Save").click()
    expect(status(page, "Your details are saved.")).to_be_visible()

    expect(heading(page)).to_have_text("Your residence")
    page.get_by_role("link", name="Report where you live").click()
    expect(heading(page)).to_have_text("Report where you live")
    choose_places(
        page,
        [
            ("City", "淄博市"),
            ("County or district", "张店区"),
            ("Township or street", "车站街道"),
            ("Village or community", "新华社区居委会"),
        ],
    )
    page.get_by_label("Road, street or lane").fill("人民路")
    page.get_by_label("Number or residential compound").fill("18号")
    page.get_by_role("radio", name="My own home").check()
    # Seven months ago: the national rules (Zibo since 2018) give a permit after six months with a stable home.
    page.get_by_label("When did you arrive at this address?").fill(
        (clock.today() - relativedelta(months=7)).isoformat()
    )
    page.get_by_label("I have no date to leave, or I do not know yet").check()
    page.get_by_role("radio", name="Work", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("Check your answers")
    page.get_by_role("button", name="Send the report").click()
    expect(heading(page)).to_have_text(re.compile(r"^Residence report "))
    expect(status(page, "Your residence report has been sent.")).to_be_visible()


def test_apply_approve_carry_and_check_a_residence_permit(
    live_server, new_context, authenticator, sign_up, tmp_path, monkeypatch
):
    # The signing keys go to this test's own directory, not the project's instance folder.
    monkeypatch.setitem(live_server.app.config, "PERMIT_KEYS_DIR", str(tmp_path / "permit-keys"))
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703",)))  # 淄博市, down to its communities
        db.session.remove()

    # The migrant signs up, gives her details and reports where she lives.
    migrant = new_context().new_page()
    authenticator(migrant)
    sign_up(migrant, "王芳")
    give_details_and_report(migrant)

    # She applies for a permit, with a photo of herself and of her documents.
    migrant.goto("/")
    migrant.get_by_role("link", name="Residence permit", exact=True).click()
    expect(heading(migrant)).to_have_text("Residence permit")
    migrant.get_by_role("link", name="Apply for a residence permit").click()
    expect(heading(migrant)).to_have_text("Apply for a residence permit")
    migrant.get_by_label("Your photo").set_input_files(make_jpeg(tmp_path / "photo.jpg", (200, 160, 140)))
    migrant.get_by_label("Proof of where you live").set_input_files(make_jpeg(tmp_path / "lease.jpg", (240, 240, 230)))
    migrant.get_by_label("Proof of your work").set_input_files(make_jpeg(tmp_path / "contract.jpg", (230, 235, 250)))
    migrant.get_by_role("button", name="Send the application").click()
    expect(heading(migrant)).to_have_text("Residence permit")
    expect(status(migrant, "Your application has been sent.")).to_be_visible()
    expect(migrant.get_by_text("Your application was sent on")).to_be_visible()

    # A public security officer of 张店区 signs up; the county gives the account its officer role.
    officer = new_context().new_page()
    authenticator(officer)
    sign_up(officer, "赵警官")
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == "赵警官"))
        county = db.session.scalar(select(Place).where(Place.code == "370303"))
        db.session.add(RoleGrant(account=account, role="officer", place=county, department="public_security"))
        db.session.commit()
        db.session.remove()

    officer.reload()
    officer.get_by_role("link", name="Residence permit applications").click()
    expect(heading(officer)).to_have_text("Residence permit applications")
    officer.get_by_role("row").filter(has_text="Waiting for review").get_by_role("link", name="王芳").click()
    expect(heading(officer)).to_have_text("Application: 王芳")
    for label in ("Photo of the applicant", "Proof of residence", "Proof of employment"):  # staff wording
        # Each image is named by its caption (the figure's), not by an alt text that would repeat it.
        document = officer.get_by_role("figure", name=label).locator("img")
        document.scroll_into_view_if_needed()  # they load lazily
        expect(document).to_have_js_property("complete", True)
        assert document.evaluate("img => img.naturalWidth") > 0, label
    officer.get_by_role("radio", name="Approve and issue the permit").check()
    officer.get_by_role("button", name="Send the decision").click()
    expect(heading(officer)).to_have_text("Residence permit applications")
    issued = status(officer, "Permit ")
    expect(issued).to_have_text(re.compile(r"Permit \S+ issued\."))
    with live_server.app.app_context():
        number = db.session.scalar(select(Permit.number))
        db.session.remove()
    expect(issued).to_contain_text(f"Permit {number} issued.")
    expect(officer.get_by_text("No applications waiting.")).to_be_visible()

    # Her phone now shows the card: her name, the masked ID number, the permit number and the QR code.
    migrant.reload()
    expect(heading(migrant)).to_have_text("Your residence permit")
    card = migrant.locator("article.permit-card")
    expect(card.get_by_role("heading", name="王芳")).to_be_visible()
    expect(card).to_contain_text(mask_id_number(ID_NUMBER))
    expect(card).not_to_contain_text(ID_NUMBER)
    expect(card.locator(".code")).to_have_text(number)
    expect(card.get_by_text("Valid", exact=True)).to_be_visible()
    qr = migrant.locator(".qr svg")
    expect(qr).to_be_visible()
    expect(qr.locator("title")).to_have_text("QR code to check this permit")
    check_url = migrant.get_by_role("link", name="Open the check page on this phone").get_attribute("href")
    assert check_url.startswith(f"{live_server.url}/verify/XJ1."), check_url
    # The QR code holds exactly that link: it is drawn as the code for it.
    assert qr.locator("path").get_attribute("d") == qr_path(check_url)

    # A checker, not signed in, opens the link the QR code holds.
    checker = new_context().new_page()
    checker.goto(check_url)
    expect(heading(checker)).to_have_text("Residence permit check")
    result = checker.locator(".permit-check")
    expect(result.locator(".permit-check__status")).to_have_text("Valid")
    expect(result).to_contain_text("王*")  # a masked name: the photo is what the checker compares
    assert "王芳" not in result.inner_text()
    photo = result.get_by_role("img", name="Photo of the permit holder")
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0
    page_text = checker.content()
    assert ID_NUMBER not in page_text and mask_id_number(ID_NUMBER) not in page_text

    # A code changed by a single character is not a permit.
    last = check_url[-1]
    checker.goto(check_url[:-1] + ("A" if last != "A" else "Q"))
    expect(heading(checker)).to_have_text("Residence permit check")
    expect(status(checker, "This code is not a valid residence permit.")).to_be_visible()
    expect(checker.locator(".permit-check")).to_have_count(0)
    expect(checker.get_by_text("王芳")).to_have_count(0)

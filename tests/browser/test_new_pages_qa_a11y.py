"""Pages added lately, on a 320 px phone with axe-core checking each one (`new_context`): the head of a household's
"did your family move with you?" after a move, a member's report read by the head, the delete page refused to a
landlord and employer with people to answer for, the landlord's rental with "Add rooms", the employer's home and
a worker's page, and the officer's permit review with "Where the person lives" after the applicant moved. Nothing
scrolls sideways; the forms work by keyboard alone (labels, focus always seen, the error summary takes the focus)
and with JavaScript off."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from tests.browser.test_corrections_and_deletion import make_police_officer
from tests.browser.test_field import COMMUNITY, load_community
from tests.support.factories import PERMIT_DOCUMENTS, create_employer, create_person, create_rental, jpeg
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.documents.models import Document
from webapp.documents.processing import clean_image
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.permits.models import PermitApplication
from webapp.places.models import Place
from webapp.registrations import service
from webapp.registrations.service import ReportAnswers

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
HEAD, OFFICER = "王芳", "孙伟"
USCC = "91110000600037341L"

FOCUSED = """() => {
    const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
    return {
        tag: el.tagName, id: el.id, text: (el.textContent || el.value || "").trim().slice(0, 40),
        seen: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
        inside: box.bottom > 0 && box.top < innerHeight && box.left >= 0 && box.right <= innerWidth + 1,
    };
}"""

#: Every form control has a name a screen reader says: a label, or a legend for its group.
UNLABELLED = """() => [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
    .map((el) => el.name || el.id)"""


def world(app, head_account: str) -> dict:
    """The head's household (a child and a husband) registered at their old home, then the head's move to a rental
    whose landlord is not on Xinju; a permit application made before the move; the head also lets a rental to a
    tenant and answers for an organisation with a worker waiting. Ids and receipts by name."""
    today = clock.today()
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == head_account))
        db.session.add_all([RoleGrant(account=account, role="landlord"), RoleGrant(account=account, role="employer")])
        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        head = create_person(account, name=HEAD)
        child = create_person(name="王小明", birth=date(2016, 3, 1), household_of=head, relation="child")
        spouse = create_person(name="李伟", birth=date(1990, 2, 2), household_of=head, relation="spouse")

        def answers(**changes) -> ReportAnswers:
            base = dict(
                place=community,
                road="人民路",
                number="20号",
                building="",
                unit="",
                room="",
                housing_type="own_home",
                arrival_date=today - timedelta(days=100),
                reason="work",
                commuter=False,
            )
            return ReportAnswers(**{**base, **changes})

        home = service.submit(head, answers(), actor=account, today=today)
        for member in (child, spouse):
            service.submit(
                member, service.member_answers(home, arrival_date=home.arrival_date), actor=account, today=today
            )
        documents = {}
        for kind in PERMIT_DOCUMENTS:  # as the apply form stores them
            document = Document.from_clean(clean_image(jpeg()), person=head, kind=kind, uploaded_by=account)
            db.session.add(document)
            db.session.flush()
            documents[kind] = document.id
        application = PermitApplication(
            person=head,
            documents=documents,
            report=home,
            county=community.parent.parent,
            permit_type="standard",
            profile_id=home.profile_id,
            target_date=today + timedelta(days=10),
        )
        db.session.add(application)
        db.session.commit()
        moved_on = today - timedelta(days=2)
        moved = service.carried_over(
            home,
            road="新华路",
            number="7号",
            housing_type="rental",
            landlord_name="张三",
            landlord_phone="13800001111",
            arrival_date=moved_on,
            keep_tenancy=None,
        )
        new_home = service.submit(
            head, moved, actor=account, today=today, kind="move", previous=home, changed_on=moved_on
        )

        rental = create_rental(account, community, rooms=("101", "102"))
        tenant = create_person(name="张伟", birth=date(1992, 4, 4))
        service.submit(
            tenant, answers(housing_type="rental", rental=rental, rental_room=rental.rooms[0]), actor=None, today=today
        )
        create_employer(account, name="鲁中建材有限公司", uscc=USCC)
        worker = create_person(name="刘强", birth=date(1993, 5, 5))
        service.submit(worker, answers(employer_name="鲁中建材有限公司", employer_uscc=USCC), actor=None, today=today)
        found = {
            "move": new_home.receipt,
            "child": service.current_report(child).receipt,
            "application": application.id,
            "rental": rental.id,
            "employment": db.session.scalar(select(Employment.id).where(Employment.person_id == worker.id)),
        }
        db.session.remove()
    return found


def signed_up(new_context, authenticator, sign_up, name: str) -> Page:
    page = new_context(viewport=NARROW).new_page()
    authenticator(page)
    sign_up(page, name)
    return page


def without_javascript(new_context, page: Page) -> Page:
    """The same person, signed in, in a browser with scripts off."""
    return new_context(
        viewport=NARROW, storage_state=page.context.storage_state(), java_script_enabled=False
    ).new_page()


def fits(page: Page) -> None:
    """No sideways scrolling at 320 px, and every control named."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px screen"
    assert page.evaluate(UNLABELLED) == [], page.url


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Tab until `target` has the focus; every stop on the way shows its focus, on the screen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now["tag"] != "BODY":
            assert now["seen"] and now["inside"], now
        if target.evaluate("(el) => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def send_empty_and_follow_the_summary(page: Page, button: str, error: str) -> Locator:
    """Send the form with nothing chosen, by keyboard: the summary takes the focus and its link the field's."""
    tab_to(page, page.get_by_role("button", name=button))
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=error)
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    field = page.locator(link.get_attribute("href"))
    expect(field).to_be_focused()
    assert page.evaluate(FOCUSED)["seen"]
    fits(page)
    return field


def test_the_heads_pages_at_320_px_by_keyboard(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    page = signed_up(new_context, authenticator, sign_up, HEAD)
    made = world(live_server.app, HEAD)

    # After the move: who came too. Nothing ticked is refused; a tick by the space bar, sent by Enter.
    page.goto(f"/reports/{made['move']}/family")
    expect(page.get_by_role("heading", level=1)).to_have_text("Did your family move with you?")
    fits(page)
    first = send_empty_and_follow_the_summary(page, "Report their move", "Tick who moved with you, or choose “Not now”")
    expect(page.get_by_role("group", name="Who moved with you?")).to_have_accessible_description(
        "Tick each one who now lives with you at the new address. Error: Tick who moved with you, or choose “Not now”"
    )
    expect(first).to_have_accessible_name("李伟")  # the household in order of birth
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Report their move"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your household")
    expect(page.get_by_role("status").filter(has_text="李伟's move has been reported too.")).to_be_focused()
    fits(page)

    # The husband's new report, read by the head: about him, with the join code for the new landlord.
    page.get_by_role("link", name=re.compile(r"^Registered at your address\s*: 李伟$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("李伟's residence report")
    expect(page.get_by_role("region", name="Show your landlord how to join")).to_contain_text("李伟's report is in.")
    fits(page)
    # The child's, still at the old address: the child's changes are reported from it.
    page.goto(f"/reports/{made['child']}")
    expect(page.get_by_role("link", name="王小明 moved to a new address")).to_be_visible()
    fits(page)

    # Deleting the account: refused, each reason said, with the way to settle the landlord's and employer's.
    page.goto("/account/delete")
    expect(page.get_by_text("You cannot delete your account yet, because:")).to_be_visible()
    expect(page.get_by_role("button", name="Delete my account")).to_have_count(0)
    for where in ("Colleagues", "Your rentals", "Your residence", "Your household"):
        expect(page.get_by_role("main").get_by_role("link", name=where, exact=True)).to_be_visible()
    fits(page)
    tab_to(page, page.get_by_role("link", name="Your rentals"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your rentals")

    # The rental: rooms added by keyboard, after an empty send.
    page.goto(f"/landlord/properties/{made['rental']}")
    fits(page)
    rooms = send_empty_and_follow_the_summary(page, "Add the rooms", "Enter the rooms to add")
    expect(rooms).to_have_accessible_name("Rooms to add")
    page.keyboard.type("103, 104")
    page.keyboard.press("Enter")
    expect(page.get_by_text("101, 102, 103, and 104")).to_be_visible()
    fits(page)

    # The employer's home and the worker waiting for an answer.
    page.goto("/employer")
    expect(page.get_by_role("heading", level=1)).to_have_text("鲁中建材有限公司")
    fits(page)
    tab_to(page, page.get_by_role("link", name="刘强"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Worker: 刘强")
    fits(page)
    yes = send_empty_and_follow_the_summary(page, "Send the answer", "Select yes or no")
    expect(yes).to_have_accessible_name("Yes, this is right")
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Send the answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Your answer has been recorded.")).to_be_visible()
    fits(page)


def test_the_officers_review_after_a_move_at_320_px_by_keyboard(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    signed_up(new_context, authenticator, sign_up, HEAD)
    made = world(live_server.app, HEAD)
    page = signed_up(new_context, authenticator, sign_up, OFFICER)
    make_police_officer(live_server.app, OFFICER)

    page.goto(f"/officer/permits/{made['application']}")
    expect(page.get_by_role("heading", name="Where the person lives")).to_be_visible()
    expect(page.locator("#moved")).to_contain_text("moved to another address in this county on")
    expect(page.locator(".summary").nth(1)).to_contain_text("新华路 7号")
    expect(page.locator(".summary").nth(1)).to_contain_text("人民路 20号")  # where they applied
    expect(page.get_by_role("figure")).to_have_count(3)  # the documents, each named by its caption
    fits(page)
    approve = send_empty_and_follow_the_summary(page, "Send the decision", "Select a decision")
    expect(approve).to_have_accessible_name("Approve and issue the permit")
    page.keyboard.press("ArrowDown")  # a radio group moves by arrows
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Refuse")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send the decision"))
    page.keyboard.press("Enter")
    expect(page.locator("#reason-error")).to_contain_text("Give the reason for refusing")
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_focused()
    fits(page)


def test_the_forms_work_without_javascript(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    head = signed_up(new_context, authenticator, sign_up, HEAD)
    made = world(live_server.app, HEAD)
    page = without_javascript(new_context, head)

    page.goto(f"/reports/{made['move']}/family")
    page.get_by_role("button", name="Report their move").click()
    expect(page.locator("#moved-error")).to_contain_text("Tick who moved with you")
    page.get_by_label("王小明").check()
    page.get_by_label("李伟").check()
    page.get_by_role("button", name="Report their move").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your household")
    expect(page.get_by_text("李伟's move has been reported too.")).to_be_visible()

    page.goto(f"/landlord/properties/{made['rental']}")
    page.get_by_role("button", name="Add the rooms").click()
    expect(page.locator("#rooms-error")).to_contain_text("Enter the rooms to add")
    page.get_by_label("Rooms to add").fill("201")
    page.get_by_role("button", name="Add the rooms").click()
    expect(page.get_by_text("101, 102, and 201")).to_be_visible()

    page.goto(f"/employer/employments/{made['employment']}")
    page.get_by_role("radio", name="No, this is not right").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator("#answer-reason-error")).to_contain_text("Say what is wrong")
    page.get_by_label("If not, what is wrong?").fill("不是我们的员工")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer has been recorded.")).to_be_visible()

    officer = signed_up(new_context, authenticator, sign_up, OFFICER)
    make_police_officer(live_server.app, OFFICER)
    page = without_javascript(new_context, officer)
    page.goto(f"/officer/permits/{made['application']}")
    page.get_by_role("radio", name="Ask for documents").check()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Send the decision").click()
    expect(page.get_by_text("The person has been asked for the documents.")).to_be_visible()

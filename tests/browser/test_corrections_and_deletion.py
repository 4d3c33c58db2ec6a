"""A resident asks to correct their name, public security answers, the answer is in the inbox; a resident deletes
their account: refused with the reason while a duty is left, done (and signed out) once none is. On a 320 px phone,
with axe-core checking every page (issue 14, point 3)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import create_reports, load_community
from tests.browser.test_who_looked import link_person
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport

pytestmark = pytest.mark.browser

RESIDENT = "王芳"
OFFICER = "孙伟"
PHONE = {"width": 320, "height": 640}


def make_police_officer(app, name: str) -> None:
    """The account signed up in the browser becomes a public-security officer of 张店区."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == name))
        county = db.session.scalar(select(Place).where(Place.code == "370303"))
        db.session.add(RoleGrant(account=account, role="officer", place=county, department="public_security"))
        db.session.commit()
        db.session.remove()


def test_a_name_corrected_by_public_security_with_the_answer_in_the_inbox(
    live_server, new_context, authenticator, sign_up
):
    load_community(live_server.app)
    receipt = create_reports(live_server.app, (RESIDENT,))[RESIDENT]
    resident = new_context(viewport=PHONE).new_page()
    authenticator(resident)
    sign_up(resident, RESIDENT)
    link_person(live_server.app, RESIDENT)

    resident.goto(f"/reports/{receipt}")
    resident.get_by_role("link", name="Something here is wrong? Ask to correct it").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Ask to correct your details")
    expect(resident.get_by_text("goes to public security (the police) of your county")).to_be_visible()
    resident.get_by_role("button", name="Send the request").click()
    expect(resident.get_by_role("alert").first).to_contain_text("Select the detail that is wrong")
    resident.get_by_label("Your full name").check()
    resident.get_by_label("What should it say?").fill("王芳芳")
    resident.get_by_label("Anything the office should know (optional)").fill("身份证上是王芳芳")
    resident.get_by_role("button", name="Send the request").click()
    expect(resident.get_by_role("status").first).to_contain_text("Sent to public security (the police)")
    assert resident.evaluate("document.documentElement.scrollWidth") <= 320

    officer = new_context(viewport=PHONE).new_page()
    authenticator(officer)
    sign_up(officer, OFFICER)
    make_police_officer(live_server.app, OFFICER)
    officer.goto("/")
    officer.get_by_role("link", name="Corrections asked for").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Corrections asked for")
    officer.get_by_role("link", name=re.compile(r"Full name$")).click()
    expect(officer.locator("dl")).to_contain_text("王芳芳")
    expect(officer.get_by_text("Check the person's identity card")).to_be_visible()
    officer.get_by_label("Correct the record as asked").check()
    officer.get_by_label("Note for the person (needed when not correcting)").fill("已核对身份证")
    officer.get_by_role("button", name="Send the answer").click()
    expect(officer.get_by_role("status").first).to_contain_text("Answered. The person has been told.")
    expect(officer.get_by_text("No corrections are waiting.")).to_be_visible()
    assert officer.evaluate("document.documentElement.scrollWidth") <= 320

    resident.goto("/me/inbox")
    expect(resident.get_by_text("Your details were corrected as you asked. 已核对身份证")).to_be_visible()
    resident.goto(f"/reports/{receipt}/correction")
    expect(resident.get_by_role("list").filter(has_text="王芳芳")).to_contain_text("Corrected")
    with live_server.app.app_context():
        assert db.session.scalar(select(Person.name).where(Person.id_number.is_not(None))) == "王芳芳"
        db.session.remove()

    # The profile shows the corrected name, read-only now that a report holds it, with the way to ask again.
    resident.goto("/me/profile")
    identity = resident.get_by_role("region", name="As on your identity card")
    expect(identity).to_contain_text("王芳芳")
    expect(identity).to_contain_text("so you can no longer change them here")
    expect(resident.get_by_label("Full name")).to_have_count(0)
    assert resident.evaluate("document.documentElement.scrollWidth") <= 320
    identity.get_by_role("link", name="Ask public security to correct your name, date of birth or ID number").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Ask to correct your details")


def test_deleting_an_account_is_refused_while_a_duty_is_left_then_done(
    live_server, new_context, authenticator, sign_up
):
    load_community(live_server.app)
    create_reports(live_server.app, (RESIDENT,))
    page = new_context(viewport=PHONE).new_page()
    authenticator(page)
    sign_up(page, RESIDENT)
    link_person(live_server.app, RESIDENT)

    page.goto("/account")
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_text("You cannot delete your account yet, because:")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Report that you have left it first.")).to_be_visible()
    expect(page.get_by_role("button", name="Delete my account")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    with live_server.app.app_context():  # she moved away and said so: no duty is left
        report = db.session.scalar(select(ResidenceReport))
        report.ended_on, report.status = clock.today(), "ended"
        db.session.commit()
        db.session.remove()
    page.reload()
    expect(page.get_by_role("heading", name="What happens")).to_be_visible()
    expect(page.get_by_text("records the law asks us to keep")).to_be_visible()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tick the box to say you understand")
    page.get_by_label("I understand: my account is deleted and I cannot sign in again with it").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status").first).to_contain_text("Your account has been deleted.")
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()  # signed out
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Your account")
    with live_server.app.app_context():
        account = db.session.scalar(select(Account).where(Account.deactivated_at.is_not(None)))
        assert account is not None and account.display_name == ""
        db.session.remove()

"""Who has looked at my information, as people do it on phones: a coordinator opens the caseload, downloads it for
field mode and opens the visit form (which says the resident will read the note); the resident then reads each of
those looks in words on their account page, in English and in Chinese, on a 320 px screen."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import create_reports, load_community, make_coordinator
from webapp.accounts.models import Account
from webapp.extensions import db
from webapp.people.models import Person

pytestmark = pytest.mark.browser

COORDINATOR = "赵敏"
RESIDENT = "王芳"


def link_person(app, name: str) -> None:
    """The person registered in the community takes over their record with the account signed up in the browser."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == name))
        person = db.session.scalar(select(Person).where(Person.name == name))
        person.account_id = account.id
        db.session.commit()


def test_the_resident_reads_who_looked_at_their_report(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    receipt = create_reports(live_server.app, (RESIDENT, "李娜"))[RESIDENT]

    coordinator = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(coordinator)
    sign_up(coordinator, COORDINATOR)
    make_coordinator(live_server.app, COORDINATOR)
    coordinator.goto("/coordinator")
    expect(coordinator.get_by_role("link", name=RESIDENT)).to_be_visible()
    assert coordinator.request.get("/coordinator/caseload.json").ok  # what field mode's download button fetches
    coordinator.get_by_role("link", name=RESIDENT).click()
    notes = coordinator.get_by_label("Notes (optional)")
    expect(notes).to_have_accessible_description(
        "The resident will see this note on their report. Write only what you would say to them."
    )

    resident = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(resident)
    sign_up(resident, RESIDENT)
    link_person(live_server.app, RESIDENT)
    resident.goto("/account")
    looks = resident.get_by_role("table", name="Who has looked at your information").get_by_role("row")
    expect(looks).to_have_count(4)  # the header and three looks
    for words in (
        "Coordinator 赵敏 looked at your residence report. Reason: a visit to your home",
        "Coordinator 赵敏 looked at your residence report. Reason: they downloaded their list of homes to visit",
        "Coordinator 赵敏 looked at your residence report. Reason: you are on their list of homes to visit",
    ):
        expect(looks.filter(has_text=words)).to_have_count(1)
    assert resident.evaluate("document.documentElement.scrollWidth") <= 320

    resident.get_by_role("button", name="中文").click()
    looks = resident.get_by_role("table", name="谁查看过您的信息").get_by_role("row")
    expect(looks.filter(has_text="协管员赵敏查看了您的居住登记申报。原因：上门走访")).to_have_count(1)
    expect(looks.filter(has_text="原因：您在他们上门走访的工作清单上")).to_have_count(1)
    assert receipt not in resident.content()  # the list says what, never a code or a number
    assert "李娜" not in resident.content()  # nor anything about anyone else

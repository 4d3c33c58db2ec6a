"""An employer's "Send the answer" about a worker's claim, sent with no choice made, says what is missing in the
error summary and next to the question (it reloaded without a word before: issue 11, point 5)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import COMMUNITY, create_reports, load_community
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.models import Place

pytestmark = pytest.mark.browser

BOSS = "陈静"


def make_employer_with_a_claim(app) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == BOSS))
        db.session.add(RoleGrant(account=account, role="employer"))
        place = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        employer = Employer(name="温州鞋业有限公司", uscc="91110000600037341L", place=place)
        employer.members.append(EmployerMember(account=account))
        person = db.session.scalar(select(Person).where(Person.name == "王芳"))
        db.session.add(
            Employment(
                person=person,
                employer=employer,
                employer_name=employer.name,
                employer_uscc=employer.uscc,
                started_on=clock.today(),
                source="worker",
            )
        )
        db.session.commit()


def test_an_answer_sent_without_a_choice_says_so(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    create_reports(live_server.app, ("王芳",))
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(page)
    sign_up(page, BOSS)
    make_employer_with_a_claim(live_server.app)

    page.goto("/employer")
    page.get_by_role("link", name="王芳").first.click()
    page.get_by_role("button", name="Send the answer").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Select yes or no")).to_be_visible()
    expect(page.locator("#answer-answer-error")).to_contain_text("Select yes or no")
    summary.get_by_role("link", name="Select yes or no").click()
    expect(page.locator("#answer-answer-0")).to_be_focused()

    page.get_by_label("No, this is not right").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator("#answer-reason-error")).to_contain_text("Say what is wrong")

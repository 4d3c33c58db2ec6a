"""The jobs board end to end in phone-sized Chromium (issue 16, point 1): an employer posts a job (a requirement the
law forbids is refused next to its field), the county's job-services officer approves it, a visitor who is not
signed in filters the board and finds it, a migrant asks for a free referral and shares their details, and the
employer sees them. axe-core checks every page shown."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import COMMUNITY, create_reports, load_community
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.employers.models import Employer, EmployerMember
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.models import Place

pytestmark = pytest.mark.browser


def grant(app, name: str, role: str, **scope) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == name))
        if role == "employer":
            community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
            employer = Employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF", place=community)
            employer.members.append(EmployerMember(account=account))
            db.session.add(employer)
        if "county" in scope:
            scope = {"place": db.session.scalar(select(Place).where(Place.code == scope.pop("county"))), **scope}
        db.session.add(RoleGrant(account=account, role=role, **scope))
        db.session.commit()
        db.session.remove()


def own_record(app, name: str) -> None:
    """The person registered in the community (create_reports) is this account's own."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == name))
        db.session.scalar(select(Person).where(Person.name == name)).account_id = account.id
        db.session.commit()
        db.session.remove()


def signed_up(new_context, authenticator, sign_up, name):
    page = new_context().new_page()
    authenticator(page)
    sign_up(page, name)
    return page


def test_post_approve_find_ask_and_see_the_applicant(live_server, new_context, authenticator, sign_up):
    app = live_server.app
    load_community(app)
    create_reports(app, ("王芳",))

    employer = signed_up(new_context, authenticator, sign_up, "陈静")
    grant(app, "陈静", "employer")
    employer.goto("/")
    employer.get_by_role("link", name="Your job postings").click()
    employer.get_by_role("link", name="Post a job").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Post a job")
    employer.get_by_label("Job title").fill("缝纫工")
    employer.get_by_label("Kind of work").select_option(label="Factory and manufacturing")
    expect(employer.get_by_label("Village or community")).to_have_value(COMMUNITY)  # the organisation's own
    employer.get_by_label("Lowest monthly wage (yuan)").fill("4500")
    employer.get_by_label("Highest monthly wage (yuan)").fill("6500")
    employer.get_by_label("Working hours").fill("每天8小时，每周6天")
    employer.get_by_role("group", name="Do you offer housing?").get_by_label("Yes").check()
    employer.get_by_label("What the work needs (optional)").fill("仅限男性，35岁以下")
    employer.get_by_label("How to apply").fill("到厂门口人事部，或打电话0533-2188000")
    employer.get_by_label("Closing date").fill((clock.today() + timedelta(days=30)).isoformat())
    employer.get_by_role("button", name="Send for review").click()
    expect(employer.locator("#requirements-error")).to_contain_text("same right to work as men")
    expect(employer.get_by_role("alert")).to_contain_text("There is a problem")
    employer.get_by_label("What the work needs (optional)").fill("会用缝纫机，男女不限")
    employer.get_by_role("button", name="Send for review").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("缝纫工")
    expect(employer.get_by_text("Waiting for review")).to_be_visible()
    posting_url = employer.url

    officer = signed_up(new_context, authenticator, sign_up, "吴刚")
    grant(app, "吴刚", "officer", county="370303", department="hrss")
    officer.goto("/")
    officer.get_by_role("link", name="Job postings to review").click()
    officer.get_by_role("link", name="缝纫工").click()
    officer.get_by_label("Show it on the jobs board").check()
    officer.get_by_role("button", name="Save the decision").click()
    expect(officer.get_by_text("The posting is on the jobs board.")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name=re.compile("Looking for work")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Jobs board")
    visitor.get_by_label("County or district").select_option(value="370303")
    visitor.get_by_label("Kind of work").select_option(label="Factory and manufacturing")
    visitor.get_by_label("Paying at least (yuan a month)").fill("4000")
    visitor.get_by_role("button", name="Show jobs").click()
    expect(visitor).to_have_url(re.compile(r"/jobs\?county=370303&kind=manufacturing&wage=4000"))
    visitor.get_by_role("link", name="缝纫工").click()
    expect(visitor.get_by_text("0533-2188000")).to_be_visible()
    detail_url = visitor.url

    migrant = signed_up(new_context, authenticator, sign_up, "王芳")
    own_record(app, "王芳")
    migrant.goto(detail_url)
    migrant.get_by_role("link", name="Ask for a free referral").click()
    expect(migrant.get_by_role("heading", level=1)).to_have_text("Ask for a free referral")
    expect(migrant.get_by_label("A free referral to this job")).to_be_checked()
    migrant.get_by_label("Yes, the employer may see them").check()
    migrant.get_by_label("Anything the office should know (optional)").fill("下周可以上班")
    migrant.get_by_role("button", name="Send the request").click()
    expect(migrant).to_have_url(re.compile(r"/me/requests/\w+$"))
    expect(migrant.get_by_text("Your request has been sent to the job-services office")).to_be_visible()

    employer.goto(posting_url)
    applicants = employer.get_by_role("table", name="People who shared their details with you")
    expect(applicants.get_by_role("cell", name="王芳")).to_be_visible()
    expect(applicants.get_by_role("cell", name="下周可以上班")).to_be_visible()


def test_the_board_without_javascript_in_chinese(live_server, new_context):
    """The board's filters are a plain GET form: they work with JavaScript off, and the page reads in Chinese."""
    app = live_server.app
    load_community(app)
    with app.app_context():
        from tests.support.factories import create_vacancy

        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        employer = Employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF", place=community)
        db.session.add(employer)
        db.session.commit()
        create_vacancy(employer, community, title="缝纫工", wage_min=4500)
        create_vacancy(employer, community, title="快递员", kind="logistics", wage_min=5000)
        db.session.remove()
    page = new_context(java_script_enabled=False, locale="zh-CN").new_page()
    page.goto("/jobs")
    expect(page.get_by_role("heading", level=1)).to_have_text("招聘信息")
    expect(page.get_by_role("link", name="缝纫工")).to_be_visible()
    page.get_by_label("工作类别").select_option(label="快递物流和仓储")
    page.get_by_role("button", name="查看岗位").click()
    expect(page.get_by_role("link", name="快递员")).to_be_visible()
    expect(page.get_by_role("link", name="缝纫工")).to_have_count(0)
    page.get_by_role("link", name="快递员").click()
    expect(page.get_by_role("link", name="申请免费职业介绍")).to_be_visible()


def test_a_migrant_who_asked_for_a_referral_stops_sharing(live_server, new_context, authenticator, sign_up):
    """The privacy notice says sharing with an employer can be withdrawn on the request's page; a migrant who shared
    their name and number on a referral does so there, on a 320 px phone, and the page says the employer no longer
    sees them (the employer's list follows: tests/vacancies/test_sharing.py)."""
    app = live_server.app
    load_community(app)
    create_reports(app, ("王芳",))
    with app.app_context():
        from tests.support.factories import create_vacancy

        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        employer = Employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF", place=community)
        db.session.add(employer)
        db.session.commit()
        vacancy_id = create_vacancy(employer, community, title="缝纫工").id
        db.session.remove()

    migrant = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(migrant)
    sign_up(migrant, "王芳")
    own_record(app, "王芳")
    migrant.goto(f"/jobs/{vacancy_id}")
    migrant.get_by_role("link", name="Ask for a free referral").click()
    migrant.get_by_label("Yes, the employer may see them").check()
    migrant.get_by_role("button", name="Send the request").click()
    expect(migrant).to_have_url(re.compile(r"/me/requests/\w+$"))
    request_url = migrant.url
    details = migrant.get_by_role("region", name="Your details and the employer")
    expect(details).to_contain_text("淄博新居纺织有限公司 can see your name and mobile number")

    migrant.goto("/privacy")
    expect(migrant.get_by_role("region", name=re.compile("when you share them with an employer"))).to_contain_text(
        "You can stop sharing them at any time, on the request's page"
    )

    migrant.goto(request_url)
    details.get_by_label("No, only the job-services office").check()
    details.get_by_role("button", name="Save my choice").click()
    expect(migrant.get_by_text("The employer no longer sees your name and mobile number.")).to_be_visible()
    expect(details).to_contain_text("淄博新居纺织有限公司 cannot see your name or mobile number")
    expect(details.get_by_label("No, only the job-services office")).to_be_checked()
    assert migrant.evaluate("document.scrollingElement.scrollWidth") <= 320

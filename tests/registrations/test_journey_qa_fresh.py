"""A new migrant's first week, as found from a fresh clone: a household that moves, an employer's answer after a move,
and the words a resident reads in Chinese on the household and answer pages."""

from datetime import timedelta

import pytest

from tests.people.test_household_qa_household import member
from tests.support.forms import browser_data, errors_shown
from webapp import clock
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport

USCC = "91110000600037341L"


def days_ago(days: int) -> str:
    return (clock.today() - timedelta(days=days)).isoformat()


def current_report_of(db, person) -> ResidenceReport | None:
    return db.session.scalar(
        db.select(ResidenceReport).where(ResidenceReport.person_id == person.id, ResidenceReport.ended_on.is_(None))
    )


@pytest.fixture
def head_with_child(db, migrant, sign_in, post_form, report_data, submit_report):
    """王芳 reported her home, added her son 王小明 and registered him at it."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(20)))
    assert post_form("/me/household/new", member()).status_code == 302
    child = db.session.scalar(db.select(Person).where(Person.name == "王小明"))
    registered = post_form(f"/me/household/{child.id}/register", {"arrival_date": days_ago(20), "confirm": "y"})
    assert registered.status_code == 302
    return child


def test_the_head_reports_a_household_members_move_from_the_members_page(
    client, db, migrant, head_with_child, post_form, report_data
):
    child = head_with_child
    childs = current_report_of(db, child)
    page = client.get(f"/reports/{childs.receipt}").get_data(as_text=True)
    # The member page is where the member's changes are made (as the page to register them says): not a dead end.
    assert f'href="/reports/{childs.receipt}/move"' in page and "王小明 moved to a new address" in page
    assert f'href="/reports/{childs.receipt}/leave"' in page
    client.set_cookie("lang", "zh")
    assert "王小明搬到了新地址" in client.get(f"/reports/{childs.receipt}").get_data(as_text=True)

    moved = post_form(
        f"/reports/{childs.receipt}/move", {**report_data(road="新华路", number="7号"), "moved_on": days_ago(1)}
    )
    assert moved.status_code == 302
    db.session.expire_all()
    now = current_report_of(db, child)
    assert (now.kind, now.road, now.previous_id) == ("move", "新华路", childs.id)
    # An ended report offers no changes any more.
    assert f"/reports/{childs.receipt}/move" not in client.get(f"/reports/{childs.receipt}").get_data(as_text=True)


def test_the_heads_own_report_page_offers_no_member_change_links(client, db, migrant, head_with_child):
    own = current_report_of(db, db.session.scalar(db.select(Person).where(Person.account_id == migrant.id)))
    page = client.get(f"/reports/{own.receipt}").get_data(as_text=True)
    assert "moved to a new address" not in page  # the head's own changes are on "Your residence"


def test_registering_a_member_labels_the_row_household_member(
    client, db, migrant, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    assert post_form("/me/household/new", member()).status_code == 302
    child = db.session.scalar(db.select(Person).where(Person.name == "王小明"))
    client.set_cookie("lang", "zh")
    html = client.get(f"/me/household/{child.id}/register").get_data(as_text=True)
    assert "<dt>家庭成员</dt>" in html and "操作人" not in html  # "who did it" is the audit log's word, not this one


def test_an_employers_answer_after_a_move_is_told_once(
    client, db, migrant, create_account, create_employer, sign_in, post_form, report_data, submit_report
):
    boss = create_account("employer", display_name="陈静")
    create_employer(boss)
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(20), employer_name="鞋业", employer_uscc=USCC))
    first = db.session.scalar(db.select(ResidenceReport))
    moved = post_form(
        f"/reports/{first.receipt}/move", {**report_data(road="新华路", number="7号"), "moved_on": days_ago(2)}
    )
    assert moved.status_code == 302
    job = db.session.scalar(db.select(Employment))
    db.session.expire_all()
    assert (
        db.session.scalar(db.select(db.func.count(ResidenceReport.id)).where(ResidenceReport.employment_id == job.id))
        == 2
    )

    sign_in(boss)
    assert post_form(f"/employer/employments/{job.id}", {"answer-answer": "confirm"}).status_code == 302
    db.session.expire_all()
    told = db.session.scalars(
        db.select(Notification).where(Notification.account_id == migrant.id, Notification.kind == "report.confirmed")
    ).all()
    newest = current_report_of(db, db.session.scalar(db.select(Person).where(Person.account_id == migrant.id)))
    assert [notification.link for notification in told] == [f"/reports/{newest.receipt}"]
    # Both reports still keep the employer's word.
    for report in db.session.scalars(db.select(ResidenceReport)):
        assert report.employment.status == "confirmed"


def test_an_answer_sent_without_a_choice_asks_in_words_that_fit_the_choices(
    client, db, migrant, create_account, create_employer, sign_in, post_form, report_data, submit_report
):
    boss = create_account("employer", display_name="陈静")
    create_employer(boss)
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋业", employer_uscc=USCC))
    job = db.session.scalar(db.select(Employment))
    sign_in(boss)
    client.set_cookie("lang", "zh")
    page = f"/employer/employments/{job.id}"
    html = client.post(page, data=browser_data(client.get(page).get_data(as_text=True), "提交答复")).get_data(
        as_text=True
    )
    # The choices read 对，信息属实 / 不对，信息有误 here, 是 / 不是 on a tenant's "is this your landlord?": one message
    # serves both, so it names neither.
    assert errors_shown(html, "answer-answer-0", "请选择一项答复")
    db.session.refresh(job)
    assert job.status == "pending"


def test_an_employer_that_joined_later_is_called_what_the_report_form_calls_it(
    client, db, migrant, create_account, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋厂", employer_uscc=USCC))
    boss = create_account("employer", display_name="陈静")
    sign_in(boss)
    where = {"city": "3703", "county": "370303", "township": "370303001", "community": "370303001001"}
    assert post_form("/employer/setup", {"name": "鞋厂", "uscc": USCC, **where}).status_code == 302
    job = db.session.scalar(db.select(Employment))
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    # The report form asks for the 用人单位: the question about the organisation that joined uses the same word.
    for page in ("/me", "/me/inbox", f"/me/employer-offers/{job.id}"):
        html = client.get(page).get_data(as_text=True)
        assert "用人单位" in html and "雇主" not in html, page
    assert "鞋厂是您的用人单位吗？" in client.get(f"/me/employer-offers/{job.id}").get_data(as_text=True)

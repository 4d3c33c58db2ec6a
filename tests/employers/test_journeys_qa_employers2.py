"""QA of the employer's journeys, as its HR people and its workers live them: an organisation set up, a worker who
names it, an answer, a departure, a hire it reports; who may see and do what, by address; the pages in Chinese."""

import re
from datetime import date

import pytest

from tests.conftest import token_from
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport

#: The claim's start, deadline and departure are counted from the suite's day (also under `make test-dates`).
pytestmark = pytest.mark.usefixtures("test_day")

WHERE = {"city": "3703", "county": "370303", "township": "370303001", "community": "370303001001"}
CODE = "91110000600037341L"


def words(html: str) -> str:
    """The text of the page's main part, as read."""
    main = re.search(r"<main.*?</main>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0) if main else html))


@pytest.fixture
def hr(create_account):
    return create_account("employer", display_name="陈静", locale="zh")


def test_a_worker_names_the_organisation_it_answers_and_records_her_departure_in_chinese(
    client, db, community, migrant, hr, sign_in, post_form, report_data, submit_report
):
    sign_in(hr)
    home = post_form("/employer/setup", {"name": "淄博纺织有限公司", "uscc": CODE, **WHERE}, follow_redirects=True)
    text = words(home.get_data(as_text=True))
    assert "贵单位已设置好。" in text and "目前没有员工在等您答复。" in text and "有0位" not in text

    sign_in(migrant)
    submit_report(report_data(employer_name="纺织厂", employer_uscc=CODE.lower()))  # by its code
    claim = db.session.scalar(db.select(Employment))
    assert (claim.status, claim.employer_name, claim.answer_due) == ("pending", "淄博纺织有限公司", date(2026, 7, 17))

    sign_in(hr)
    text = words(client.get("/employer").get_data(as_text=True))
    assert "有1位员工正在等您答复。" in text
    assert "王芳" in text and "2026年7月13日起" in text and "请最迟于2026年7月17日答复" in text  # China's dates
    page = f"/employer/employments/{claim.id}"
    assert "此人在您单位工作吗？" in words(client.get(page).get_data(as_text=True))
    post_form(page, {"answer-answer": "confirm"})
    post_form(page, {"left-left_on": "2026-07-14"})
    db.session.expire_all()
    assert (claim.status, claim.ended_on) == ("confirmed", date(2026, 7, 14))
    assert "王芳" not in words(client.get("/employer").get_data(as_text=True))  # no longer a current worker
    left = words(client.get(page).get_data(as_text=True))
    assert "离开日期 2026年7月14日" in left and "这位员工离职了吗" not in left  # recorded once, no form again

    sign_in(migrant)
    inbox = words(client.get("/me/inbox?lang=zh").get_data(as_text=True))
    assert "您的用人单位已确认您的居住登记申报。" in inbox
    assert CODE not in inbox and "confirmed" not in inbox  # words, no codes


def claim_employer(db) -> int:
    return db.session.scalar(db.select(Employer.id).where(Employer.name == "淄博纺织有限公司"))


def test_a_worker_who_names_it_only_by_name_is_denied_with_a_reason_she_reads(
    client, db, community, migrant, hr, create_employer, sign_in, post_form, report_data, submit_report
):
    create_employer(hr, name="淄博纺织有限公司").place = community
    db.session.commit()
    sign_in(migrant)
    submit_report(report_data(employer_name="淄博纺织有限公司"))
    claim = db.session.scalar(db.select(Employment))
    # A name is no proof (anyone can set up an organisation under any name): offered to her first.
    assert (claim.status, claim.employer_id, claim.offered_employer_id) == ("unlinked", None, claim_employer(db))
    sign_in(hr)
    assert client.get(f"/employer/employments/{claim.id}").status_code == 404
    sign_in(migrant)
    assert post_form(f"/me/employer-offers/{claim.id}", {"answer": "accept"}).status_code == 302
    db.session.refresh(claim)
    assert claim.status == "pending"
    sign_in(hr)
    post_form(f"/employer/employments/{claim.id}", {"answer-answer": "deny", "answer-reason": "查无此人"})
    db.session.expire_all()
    assert (claim.status, claim.answer_reason) == ("denied", "查无此人")
    assert db.session.scalar(db.select(ResidenceReport)).employment == claim
    sign_in(migrant)
    assert "您的用人单位认为您的居住登记申报有误：查无此人" in words(
        client.get("/me/inbox?lang=zh").get_data(as_text=True)
    )
    # A departure is not offered for someone the employer says never worked there, and is refused if sent.
    sign_in(hr)
    page = f"/employer/employments/{claim.id}"
    assert "left-left_on" not in client.get(page).get_data(as_text=True)
    assert post_form(page, {"left-left_on": "2026-07-14"}).status_code == 400
    db.session.refresh(claim)
    assert claim.ended_on is None


def test_a_hire_it_reported_is_shown_waiting_for_the_worker_not_for_it(
    client, db, community, migrant, hr, create_employer, sign_in, post_form
):
    create_employer(hr, name="淄博纺织有限公司").place = community
    db.session.commit()
    sign_in(hr)
    number = migrant_person(db, migrant).id_number
    post_form("/employer/hires/new", {"name": "王小芳", "id_number": number, "started_on": "2026-07-01"})
    text = words(client.get("/employer").get_data(as_text=True))
    assert "王小芳" in text and "等待员工本人确认" in text and "目前没有员工在等您答复。" in text
    assert "Waiting for the worker to confirm" in client.get("/employer?lang=en").get_data(as_text=True)
    sign_in(migrant)
    inbox = words(client.get("/me/inbox?lang=zh").get_data(as_text=True))
    assert "2026年7月1日" in inbox and "2026-07-01" not in inbox
    claim = db.session.scalar(db.select(Employment))
    post_form(f"/me/jobs/{claim.id}", {"answer": "confirm"})
    sign_in(hr)
    assert "已确认" in words(client.get("/employer").get_data(as_text=True))


@pytest.fixture
def world(db, community, migrant, hr, create_account, create_employer):
    """Our organisation with a worker's claim and a second member; another organisation with its own member."""
    ours = create_employer(hr, name="淄博纺织有限公司")
    ours.place = community
    colleague = create_account("employer", display_name="刘洋")
    ours.members.append(EmployerMember(account=colleague))
    theirs_hr = create_account("employer", display_name="别家")
    create_employer(theirs_hr, name="别家公司", uscc="91350100M000100Y43").place = community
    claim = Employment(
        person=migrant_person(db, migrant),
        employer=ours,
        employer_name=ours.name,
        started_on=date(2026, 7, 1),
        source="migrant",
        status="pending",
    )
    db.session.add(claim)
    db.session.commit()
    member = next(m for m in ours.members if m.account_id == colleague.id)
    return {"ours": ours, "claim": claim, "member": member, "theirs": theirs_hr}


def migrant_person(db, account):
    return db.session.scalar(db.select(Person).where(Person.account_id == account.id))


@pytest.mark.parametrize("who", ["other_organisation", "the_worker", "coordinator", "officer", "admin", "landlord"])
def test_nobody_else_sees_or_acts_on_an_employment_or_the_organisations_pages(
    client, db, community, migrant, world, create_account, sign_in, who
):
    account = {
        "other_organisation": world["theirs"],
        "the_worker": migrant,
        "coordinator": create_account("coordinator", place=community),
        "officer": create_account("officer", place=community.parent.parent, department="hrss"),
        "admin": create_account("admin", place=community.parent.parent),
        "landlord": create_account("landlord"),
    }[who]
    sign_in(account)
    claim, member = world["claim"], world["member"]
    token = token_from(client.get("/").get_data(as_text=True))
    refused = {403, 404}
    page = f"/employer/employments/{claim.id}"
    assert client.get(page).status_code in refused
    for data in ({"answer-answer": "confirm"}, {"left-left_on": "2026-07-10"}):
        assert client.post(page, data={"csrf_token": token, **data}).status_code in refused
    remove = client.post(f"/employer/colleagues/{member.id}/remove", data={"csrf_token": token})
    assert remove.status_code in refused
    if who != "other_organisation":  # their own organisation's pages are theirs: the others are refused them all
        for path in ("/employer", "/employer/place", "/employer/hires/new", "/employer/colleagues", "/employer/setup"):
            assert client.get(path).status_code == 403, path
        hire = {"csrf_token": token, "name": "张三", "id_number": "x", "started_on": "2026-07-01"}
        assert client.post("/employer/hires/new", data=hire).status_code == 403
    else:
        own = words(client.get("/employer").get_data(as_text=True))
        assert "别家公司" in own and "王芳" not in own and "淄博纺织有限公司" not in own
        assert "刘洋" not in words(client.get("/employer/colleagues").get_data(as_text=True))
    db.session.expire_all()
    assert (claim.status, claim.ended_on) == ("pending", None)
    assert {m.account.display_name for m in world["ours"].members} == {"陈静", "刘洋"}


def test_a_removed_colleague_keeps_nothing_of_the_organisation(client, db, world, sign_in, post_form, hr):
    colleague, member_id = world["member"].account, world["member"].id
    sign_in(colleague)
    token = token_from(client.get(f"/employer/employments/{world['claim'].id}").get_data(as_text=True))  # a page open
    sign_in(hr)
    post_form(f"/employer/colleagues/{member_id}/remove", page="/employer/colleagues")
    db.session.expire_all()
    assert db.session.scalar(db.select(EmployerMember).filter_by(account_id=colleague.id)) is None
    sign_in(colleague)
    sent = client.post(
        f"/employer/employments/{world['claim'].id}", data={"csrf_token": token, "answer-answer": "deny"}
    )
    assert sent.status_code == 404
    assert client.get("/employer").location.endswith("/employer/setup")  # their own organisation to set up, if any
    db.session.refresh(world["claim"])
    assert world["claim"].status == "pending"
    # The same removal sent again (a double click) finds nobody to remove: refused, never a 500.
    sign_in(hr)
    assert post_form(f"/employer/colleagues/{member_id}/remove", page="/employer/colleagues").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/employer", "/employer/place", "/employer/hires/new", "/employer/colleagues", "/employer/employments/{claim}"],
)
def test_the_employer_pages_read_in_chinese_only(client, db, world, hr, sign_in, path):
    sign_in(hr)
    html = client.get(path.format(claim=world["claim"].id)).get_data(as_text=True)
    text = words(html)
    leftovers = [w for w in re.findall(r"[A-Za-z][A-Za-z' ]{2,}", text) if w.strip() not in {"Xinju"}]
    assert leftovers == [], leftovers
    for label in re.findall(r'<label[^>]*for="([^"]+)"', html):  # every label names a field of the page
        assert f'id="{label}"' in html


def test_the_setup_page_in_chinese_only(client, db, community, hr, sign_in, post_form):
    sign_in(hr)
    for response in (
        client.get("/employer/setup"),
        post_form("/employer/setup", {"name": "", "uscc": "x", "city": "3703"}),
    ):
        text = words(response.get_data(as_text=True))
        assert re.findall(r"[A-Za-z][A-Za-z' ]{2,}", text) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Employer)) == 0

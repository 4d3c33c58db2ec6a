"""QA of the employer's and the landlord's pages: long lists paged, the duty counted over all of them, words in
Chinese that fit the page."""

from datetime import date, timedelta

import pytest

from webapp import clock
from webapp.employers.models import Employment
from webapp.employers.views import WORKERS_PAGE_SIZE
from webapp.rentals.models import Tenancy
from webapp.rentals.views import TENANTS_PAGE_SIZE


@pytest.fixture
def employer_account(create_account, create_employer, community, db):
    account = create_account("employer", display_name="陈静")
    create_employer(account).place = community
    db.session.commit()
    return account


def add_workers(db, employer, create_person, n, *, pending=0):
    """n current workers (the last `pending` of them waiting for the employer's answer, one of them overdue)."""
    for i in range(n):
        waiting = i >= n - pending
        db.session.add(
            Employment(
                person=create_person(name=f"工人{i:03d}"),
                employer=employer,
                employer_name=employer.name,
                started_on=date(2026, 1, 5),
                source="worker",
                status="pending" if waiting else "confirmed",
                answer_due=clock.today() - timedelta(days=1) if waiting and i == n - 1 else clock.today(),
            )
        )
    db.session.commit()


def test_a_large_employer_sees_its_workers_a_page_at_a_time(client, db, employer_account, create_person, sign_in):
    from webapp.employers.rules import employer_of

    add_workers(db, employer_of(employer_account), create_person, WORKERS_PAGE_SIZE + 3, pending=2)
    sign_in(employer_account)
    first = client.get("/employer").get_data(as_text=True)
    assert first.count('href="/employer/employments/') == WORKERS_PAGE_SIZE
    assert "工人000" in first and f"工人{WORKERS_PAGE_SIZE:03d}" not in first
    assert 'rel="next"' in first and "/employer?page=2" in first
    # The duty counts every worker waiting, those on the next page too.
    assert "2 workers are waiting for your answer." in first and "1 is overdue." in first
    last = client.get("/employer?page=2").get_data(as_text=True)
    assert last.count('href="/employer/employments/') == 3 and f"工人{WORKERS_PAGE_SIZE + 2:03d}" in last
    assert client.get("/employer?page=99999999999999999999").status_code == 200
    assert "员工名单分页" in client.get("/employer?lang=zh").get_data(as_text=True)


def test_a_landlord_of_many_tenants_sees_them_a_page_at_a_time(
    client, db, landlord, community, create_rental, create_person, sign_in
):
    rental = create_rental(landlord, community, rooms=("101",))
    n = TENANTS_PAGE_SIZE + 2
    for i in range(n):
        db.session.add(
            Tenancy(
                person=create_person(name=f"租客{i:03d}"),
                property=rental,
                started_on=date(2026, 1, 5),
                status="pending" if i == n - 1 else "confirmed",
                answer_due=clock.today() - timedelta(days=1),
            )
        )
    db.session.commit()
    sign_in(landlord)
    first = client.get("/landlord").get_data(as_text=True)
    assert first.count('href="/landlord/tenancies/') == TENANTS_PAGE_SIZE and "租客000" in first
    assert "1 tenant is waiting for your answer." in first and "1 is overdue." in first
    last = client.get("/landlord?page=2").get_data(as_text=True)
    assert last.count('href="/landlord/tenancies/') == 2 and f"租客{n - 1:03d}" in last
    assert "租客名单分页" in client.get("/landlord?lang=zh").get_data(as_text=True)


def test_the_duty_and_the_place_chooser_read_as_chinese(client, db, employer_account, landlord, sign_in):
    """A full-width colon after 您的义务; the employer's place chooser does not ask where the 'house' is."""
    sign_in(employer_account)
    home = client.get("/employer?lang=zh").get_data(as_text=True)
    assert "您的义务：</strong>" in home and "您的义务:" not in home
    place = client.get("/employer/place?lang=zh").get_data(as_text=True)
    assert "房屋在哪里" not in place and "在哪里？" in place
    sign_in(landlord)
    assert "您的义务：</strong>" in client.get("/landlord?lang=zh").get_data(as_text=True)
    assert "Your duty: </strong>" in client.get("/landlord?lang=en").get_data(as_text=True)


def test_an_answer_sent_again_from_an_old_page_does_not_change_it(
    client, db, landlord, community, create_rental, create_person, sign_in, post_form
):
    """The page offers the answer only while the tenancy waits for it; a second answer (a page left open in another
    tab, a double submission) is not recorded over the first, and the landlord is told why."""
    from webapp.notifications.models import Notification

    rental = create_rental(landlord, community, rooms=("101",))
    tenancy = Tenancy(person=create_person(name="租客甲"), property=rental, started_on=date(2026, 1, 5))
    db.session.add(tenancy)
    db.session.commit()
    sign_in(landlord)
    page = f"/landlord/tenancies/{tenancy.id}"
    from tests.conftest import token_from

    stale = token_from(client.get(page).get_data(as_text=True))
    assert post_form(page, {"answer-answer": "confirm"}).status_code == 302
    again = client.post(
        page, data={"csrf_token": stale, "answer-answer": "deny", "answer-reason": "不认识"}, follow_redirects=True
    )
    db.session.refresh(tenancy)
    assert (tenancy.status, tenancy.answer_reason) == ("confirmed", "")
    assert "answered already" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Notification.id))) <= 1


def test_a_departure_sent_again_does_not_move_the_date(client, db, employer_account, create_person, sign_in, post_form):
    from tests.conftest import token_from
    from webapp.employers.rules import employer_of

    employer = employer_of(employer_account)
    job = Employment(
        person=create_person(name="工人甲"),
        employer=employer,
        employer_name=employer.name,
        started_on=date(2026, 1, 5),
        source="worker",
        status="confirmed",
    )
    db.session.add(job)
    db.session.commit()
    sign_in(employer_account)
    page = f"/employer/employments/{job.id}"
    stale = token_from(client.get(page).get_data(as_text=True))
    assert post_form(page, {"left-left_on": "2026-07-01"}).status_code == 302
    again = client.post(page, data={"csrf_token": stale, "left-left_on": "2026-03-01"}, follow_redirects=True)
    db.session.refresh(job)
    assert job.ended_on == date(2026, 7, 1)
    assert "recorded already" in again.get_data(as_text=True)
    zh = client.post(page + "?lang=zh", data={"csrf_token": stale, "left-left_on": "2026-03-01"}, follow_redirects=True)
    assert "离开的情况已经申报过了" in zh.get_data(as_text=True)


@pytest.mark.parametrize(
    ("birth", "started_on", "refused"),
    [
        (date(2012, 3, 4), "2026-07-01", True),  # 14 on the first day
        (date(2010, 7, 2), "2026-07-01", True),  # 16 the day after
        (date(2010, 7, 1), "2026-07-01", False),  # 16 that day
        (date(1990, 3, 4), "2026-07-01", False),
    ],
)
def test_a_hire_of_someone_under_16_is_refused_next_to_the_id_number(
    client, db, employer_account, sign_in, post_form, birth, started_on, refused
):
    """The labour law forbids hiring anyone under 16 (the postings say so); a hire report whose ID number says so is
    refused, in the employer's language, and nothing is saved."""
    from tests.support.factories import id_number
    from tests.support.forms import errors_shown

    sign_in(employer_account)
    data = {"name": "张小", "id_number": id_number(birth, "411525", 77), "started_on": started_on}
    response = post_form("/employer/hires/new?lang=zh", data)
    stored = db.session.scalar(db.select(db.func.count(Employment.id)))
    if refused:
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and stored == 0
        assert errors_shown(html, "id_number", "不满16周岁")
    else:
        assert response.status_code == 302 and stored == 1

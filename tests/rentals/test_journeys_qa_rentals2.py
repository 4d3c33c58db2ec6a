"""QA (rentals, 2): a landlord's journeys through the test client, in both languages and in China's dates: a rental
registered with its rooms, its poster, a tenant who names it, the answer (yes or no), the tenant who leaves or whom
the landlord says left, and rooms added later."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.rentals.conftest import NEW_RENTAL
from webapp import clock
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy

#: Every date here (the tenancy's start, its deadline, a departure) is counted from the suite's day; the pin is set up
#: before the fixtures that report the tenancy, so they too run on that day (also under `make test-dates`).
pytestmark = pytest.mark.usefixtures("test_day")

ZH = {"Accept-Language": "zh"}
NEW_RENTAL = NEW_RENTAL | {"rooms": "101，102、201"}  # rooms as a Chinese keyboard separates them


def words(html: str) -> str:
    """The page's main text, as a person reads it."""
    main = html.split('id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def registered(client, db, landlord, community, sign_in, post_form):
    """The landlord registers a rental through the form: (its detail page, the rental)."""
    sign_in(landlord)
    page = post_form("/landlord/properties/new", NEW_RENTAL, follow_redirects=True)
    return page.get_data(as_text=True), db.session.scalar(db.select(RentalProperty))


@pytest.fixture
def tenancy(client, db, migrant, landlord, registered, sign_in, report_data, submit_report):
    """The migrant scans the poster and reports living in room 102; the landlord is signed in again."""
    _page, rental = registered
    sign_in(migrant)
    assert client.get(f"/rentals/join/{rental.code_display}").status_code == 302
    submit_report(report_data(housing_type="rental", room="102"))
    sign_in(landlord)
    return db.session.scalar(db.select(Tenancy))


def test_the_rental_is_registered_with_its_rooms_and_its_code(registered, landlord):
    page, rental = registered
    assert (rental.landlord_id, rental.road, rental.building, rental.landlord_phone) == (
        landlord.id,
        "人民路",
        "3栋",
        "13912345678",
    )
    assert [room.name for room in rental.rooms] == ["101", "102", "201"]  # full-width comma and 、 split too
    text = words(page)
    assert "Your rental is registered. Print its poster and put it by the door." in text
    assert f"Rental code: {rental.code_display}" in text and "101, 102, and 201" in text


def test_the_poster_has_the_qr_code_the_address_and_the_code(client, registered):
    _page, rental = registered
    page = client.get(f"/landlord/properties/{rental.id}/poster").get_data(as_text=True)
    assert "<svg" in page and f"/rentals/join/{rental.code}" in page
    assert rental.code_display in page and "淄博市 张店区 车站街道 和平社区 人民路 18号" in page
    zh = words(client.get(f"/landlord/properties/{rental.id}/poster", headers=ZH).get_data(as_text=True))
    assert "在这里办理居住登记" in zh and f"出租码： {rental.code_display}" in zh


def test_a_tenant_who_scans_the_poster_waits_for_the_landlord_with_a_deadline_in_working_days(
    client, db, tenancy, test_day
):
    assert (tenancy.status, tenancy.room.name, tenancy.started_on) == ("pending", "102", date(2026, 7, 13))
    assert tenancy.answer_due == date(2026, 7, 17)  # reported Tuesday 14 July: 3 working days, to Friday
    home = words(client.get("/landlord").get_data(as_text=True))
    assert "1 tenant is waiting for your answer." in home and "overdue" not in home
    assert "王芳" in home and "room 102" in home and "since Jul 13, 2026" in home
    assert "answer by Jul 17, 2026" in home
    zh = words(client.get("/landlord", headers=ZH).get_data(as_text=True))
    assert "有1位租户正在等您答复。" in zh and "2026年7月13日起" in zh and "请最迟于2026年7月17日答复" in zh


def test_past_the_deadline_the_landlord_is_told_it_is_overdue(client, landlord, tenancy, sign_in, test_day):
    with clock.pinned_at(datetime(2026, 7, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        sign_in(landlord)  # a new day, a new sign-in
        page = client.get("/landlord").get_data(as_text=True)
    assert "notice--error" in page and "1 is overdue." in words(page)


def test_the_landlord_confirms_then_says_the_tenant_left(client, db, migrant, landlord, tenancy, sign_in, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    page = words(client.get(url).get_data(as_text=True))
    assert "Tenant: 王芳" in page and "Room 102" in page and "Since July 13, 2026" in page
    confirmed = post_form(url, {"answer-answer": "confirm"}, follow_redirects=True)
    assert "Thank you. Your answer has been recorded." in words(confirmed.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).status == "confirmed"

    left = post_form(url, {"left-left_on": "2026-07-14"}, follow_redirects=True)
    assert "Thank you. We have recorded that the tenant left." in words(left.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).ended_on == date(2026, 7, 14)
    assert "王芳" not in words(client.get("/landlord").get_data(as_text=True))  # no longer a current tenant
    assert "Left July 14, 2026" in words(client.get(url).get_data(as_text=True))

    sign_in(migrant)
    home = words(client.get("/me").get_data(as_text=True))
    assert "Your landlord says you left this address on July 14, 2026" in home


def test_the_landlord_says_no_with_a_reason_the_tenant_reads(client, db, migrant, tenancy, sign_in, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    assert post_form(url, {"answer-answer": "deny", "answer-reason": "没有这个租户"}).status_code == 302
    db.session.expire_all()
    assert (db.session.get(Tenancy, tenancy.id).status, db.session.get(Tenancy, tenancy.id).answer_reason) == (
        "denied",
        "没有这个租户",
    )
    assert "王芳" not in words(client.get("/landlord").get_data(as_text=True))
    sign_in(migrant)
    report = db.session.scalar(db.select(ResidenceReport))
    assert "没有这个租户" in client.get(f"/reports/{report.receipt}").get_data(as_text=True)


def test_a_tenant_who_leaves_is_no_longer_the_landlords_current_tenant(
    client, db, migrant, landlord, tenancy, sign_in, post_form
):
    sign_in(migrant)
    report = db.session.scalar(db.select(ResidenceReport))
    left = post_form(f"/reports/{report.receipt}/leave", {"left_on": "2026-07-14", "confirm": "y"})
    assert left.status_code == 302
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).ended_on == date(2026, 7, 14)
    sign_in(landlord)
    home = words(client.get("/landlord").get_data(as_text=True))
    assert "王芳" not in home and "No tenant is waiting for your answer." in home
    assert "No current tenants." in home  # not "No tenants yet": the landlord had one
    past = words(client.get("/landlord/tenants/past").get_data(as_text=True))
    assert "王芳" in past and "room 102" in past and "Left Jul 14, 2026" in past
    zh = words(client.get("/landlord/tenants/past", headers=ZH).get_data(as_text=True))
    assert "以前的租户" in zh and "2026年7月14日搬走" in zh
    again = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": "2026-07-14"}, follow_redirects=True)
    assert "The departure has been recorded already." in words(again.get_data(as_text=True))


def test_a_denied_tenant_is_among_the_former_ones_with_the_reason(client, db, tenancy, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    assert post_form(url, {"answer-answer": "deny", "answer-reason": "没有这个租户"}).status_code == 302
    past = words(client.get("/landlord/tenants/past").get_data(as_text=True))
    assert "王芳" in past and "Denied" in past and "没有这个租户" in past
    assert "王芳" not in words(client.get("/landlord").get_data(as_text=True))


def test_another_landlords_former_tenants_are_not_shown(client, db, tenancy, create_account, sign_in, post_form):
    post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny", "answer-reason": "不认识"})
    sign_in(create_account("landlord", display_name="别的房东"))
    past = words(client.get("/landlord/tenants/past").get_data(as_text=True))
    assert "王芳" not in past and "No former tenants." in past


def test_just_after_midnight_in_china_today_is_china_s_day(client, db, landlord, tenancy, sign_in, post_form):
    """16:30 UTC on the 14th is 00:30 on the 15th in China: "today" for the landlord is the 15th, not the future."""
    with clock.pinned_at(datetime(2026, 7, 14, 16, 30, tzinfo=ZoneInfo("UTC"))):
        sign_in(landlord)
        left = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": "2026-07-15"})
        assert left.status_code == 302
        tomorrow = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": "2026-07-16"})
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).ended_on == date(2026, 7, 15)
    assert tomorrow.status_code == 302  # already recorded: the first answer stands


def test_rooms_added_later_can_be_named_by_a_new_tenant(
    client, db, landlord, registered, create_account, create_person, sign_in, post_form, report_data, submit_report
):
    _page, rental = registered
    url = f"/landlord/properties/{rental.id}"
    added = post_form(f"{url}/rooms", {"rooms": "３０１, 302, 101"}, page=url, follow_redirects=True)
    assert "2 rooms added." in words(added.get_data(as_text=True))
    db.session.expire_all()
    assert [r.name for r in db.session.get(RentalProperty, rental.id).rooms] == ["101", "102", "201", "301", "302"]
    twice = post_form(f"{url}/rooms", {"rooms": "301, 302"}, page=url, follow_redirects=True)
    assert "These rooms were listed already." in words(twice.get_data(as_text=True))
    assert len(db.session.get(RentalProperty, rental.id).rooms) == 5

    tenant = create_account("migrant", display_name="何俊")
    create_person(tenant, name="何俊")
    sign_in(tenant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="301"))
    assert db.session.scalar(db.select(Tenancy)).room.name == "301"


def test_the_same_rental_sent_twice_is_registered_once(client, db, registered, post_form):
    _page, rental = registered
    again = post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": "101, 202"}, follow_redirects=True)
    text = words(again.get_data(as_text=True))
    assert "You have registered this rental already" in text and rental.code_display in text
    assert db.session.scalar(db.select(db.func.count(RentalProperty.id))) == 1
    assert [r.name for r in db.session.get(RentalProperty, rental.id).rooms] == ["101", "102", "201", "202"]
    other = post_form("/landlord/properties/new", NEW_RENTAL | {"unit": "3单元"})
    assert other.status_code == 302  # another flat of the same building is another rental
    assert db.session.scalar(db.select(db.func.count(RentalProperty.id))) == 2


def test_the_tenancy_page_says_by_when_and_that_the_answer_is_final(client, tenancy, post_form):
    url = f"/landlord/tenancies/{tenancy.id}"
    page = words(client.get(url).get_data(as_text=True))
    assert "Answer by July 17, 2026." in page and "Your answer cannot be changed here afterwards." in page
    zh = words(client.get(url, headers=ZH).get_data(as_text=True))
    assert "请最迟于2026年7月17日答复。" in zh and "答复后不能在这里修改。" in zh
    post_form(url, {"answer-answer": "deny", "answer-reason": "没有这个租户"})
    after = words(client.get(url).get_data(as_text=True))
    assert "Answered by mistake? Tell your community's service station" in after

"""A landlord's journey as a landlord lives it: a tenant who left is told on their own page, the day they left reads
as a date, a landlord of rentals in two cities sees which rental each tenant is in, and sees no more of a tenant
than the tenancy needs."""

from datetime import date, timedelta

from tests.support.factories import bare_person
from webapp import clock
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def rented(client, db, migrant, rental, sign_in, report_data, submit_report) -> Tenancy:
    """The migrant reports living in the rental's room 102 (the landlord's poster, then the form)."""
    sign_in(migrant)
    client.get(f"/rentals/join/{rental.code}")
    submit_report(report_data(housing_type="rental", landlord="", room="102"))
    return db.session.scalar(db.select(Tenancy))


def landlord_says_left(client, post_form, sign_in, landlord, tenancy, on: date):
    sign_in(landlord)
    response = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": on.isoformat()})
    assert response.status_code == 302


def test_the_tenant_is_told_on_their_page_when_the_landlord_says_they_left(
    test_day, client, db, migrant, landlord, rental, sign_in, post_form, report_data, submit_report
):
    tenancy = rented(client, db, migrant, rental, sign_in, report_data, submit_report)
    landlord_says_left(client, post_form, sign_in, landlord, tenancy, clock.today())
    sign_in(migrant)
    home = client.get("/me").get_data(as_text=True)
    # 10 days for a change (national rules, Zibo today): from Tuesday 14 July, the last day is Friday 24 July.
    assert "Your landlord says you left this address on July 14, 2026" in home
    assert "report your new address by July 24, 2026" in home
    client.set_cookie("lang", "zh")
    home = client.get("/me").get_data(as_text=True)
    assert "您的房东说您已于2026年7月14日搬离这个地址" in home and "请最迟于2026年7月24日申报新地址" in home


def test_a_departure_past_its_deadline_says_the_change_is_late(
    test_day, client, db, migrant, landlord, rental, sign_in, post_form, report_data, submit_report
):
    tenancy = rented(client, db, migrant, rental, sign_in, report_data, submit_report)
    tenancy.started_on = date(2026, 6, 1)  # the tenant had lived there since June
    db.session.commit()
    # Left on 1 July: 10 days end on Saturday 11 July, so on Monday 13 July; today is the 14th.
    landlord_says_left(client, post_form, sign_in, landlord, tenancy, date(2026, 7, 1))
    sign_in(migrant)
    home = client.get("/me").get_data(as_text=True)
    assert "The change was due by July 13, 2026" in home and "marked as late" in home


def test_the_notice_goes_once_the_tenant_reported_their_move(
    client, db, migrant, landlord, rental, sign_in, post_form, report_data, submit_report
):
    tenancy = rented(client, db, migrant, rental, sign_in, report_data, submit_report)
    landlord_says_left(client, post_form, sign_in, landlord, tenancy, clock.today())
    sign_in(migrant)
    report = db.session.scalar(db.select(ResidenceReport))
    moved = post_form(
        f"/reports/{report.receipt}/move",
        {**report_data(road="解放路", number="9号"), "moved_on": clock.today().isoformat()},
    )
    assert moved.status_code == 302, moved.get_data(as_text=True)[-2000:]
    assert "data-landlord-left" not in client.get("/me").get_data(as_text=True)


def test_who_said_what_shows_the_day_the_tenant_left_as_a_date(
    test_day, client, db, migrant, landlord, rental, sign_in, post_form, report_data, submit_report
):
    tenancy = rented(client, db, migrant, rental, sign_in, report_data, submit_report)
    landlord_says_left(client, post_form, sign_in, landlord, tenancy, clock.today())
    receipt = db.session.scalar(db.select(ResidenceReport)).receipt
    sign_in(migrant)
    html = client.get(f"/reports/{receipt}").get_data(as_text=True)
    assert "Says the tenant left: July 14, 2026" in html and "2026-07-14<" not in html
    client.set_cookie("lang", "zh")
    assert "2026年7月14日" in client.get(f"/reports/{receipt}").get_data(as_text=True)


def test_a_landlord_with_rentals_in_two_cities_sees_which_rental_each_tenant_is_in(
    client, db, landlord, community, other_community, create_rental, sign_in
):
    zibo = create_rental(landlord, community, rooms=("101",))
    wenzhou = create_rental(landlord, other_community, rooms=("1",), phone="13912345679")  # the same road and number
    for i in range(60):
        db.session.add(
            Tenancy(
                person=bare_person(f"租客{i:02d}"),
                property=zibo if i < 45 else wenzhou,
                started_on=clock.today() - timedelta(days=i),
                status="pending" if i % 2 else "confirmed",
                answer_due=clock.today() - timedelta(days=1),
            )
        )
    db.session.commit()
    sign_in(landlord)
    first = client.get("/landlord").get_data(as_text=True)
    assert "30 tenants are waiting for your answer" in first and "30 are overdue" in first
    # Which rental, on each tenant's line: the community, not only the road and number both rentals share.
    assert '<span class="hint">和平社区 人民路 18号, Building 3, Unit 2' in first
    second = client.get("/landlord?page=2").get_data(as_text=True)
    assert second.count('href="/landlord/tenancies/') == 10
    assert '<span class="hint">墨池社区 人民路 18号, Building 3, Unit 2' in second
    assert "30 tenants are waiting for your answer" in second  # the duty counts every page


def test_a_landlord_sees_no_more_of_a_tenant_than_the_tenancy(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report
):
    tenancy = rented(client, db, migrant, rental, sign_in, report_data, submit_report)
    person = tenancy.person
    sign_in(landlord)
    receipt = db.session.scalar(db.select(ResidenceReport)).receipt
    for page in ("/landlord", f"/landlord/tenancies/{tenancy.id}", f"/reports/{receipt}"):
        html = client.get(page).get_data(as_text=True)
        assert person.name in html
        assert person.masked_id not in html and person.id_number not in html and person.phone not in html
        assert "What this means for you" not in html  # the person's rules and decisions are theirs


def test_the_rooms_are_listed_as_the_readers_language_lists_them(client, landlord, community, create_rental, sign_in):
    rental = create_rental(landlord, community, rooms=("101", "102", "201"))
    sign_in(landlord)
    assert "101, 102, and 201" in client.get(f"/landlord/properties/{rental.id}").get_data(as_text=True)
    client.set_cookie("lang", "zh")
    assert "101、102和201" in client.get(f"/landlord/properties/{rental.id}").get_data(as_text=True)

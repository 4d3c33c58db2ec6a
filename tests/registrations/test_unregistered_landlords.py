"""A renter whose landlord is not on Xinju names the landlord (name and mobile): the report goes in, waits for that
landlord to join with that number, and meanwhile goes to the coordinator's caseload as a rental to register."""

import re

import pytest

from webapp.registrations import rules
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy

PHONE = "13800001111"


@pytest.fixture
def renter_data(report_data):
    def _data(**changes):
        renter = {
            "housing_type": "rental",
            "landlord": "138 0000 1111",
            "landlord_name": "张三",
            "building": "5栋",
            "unit": "1单元",
            "room": "302",
        }
        return report_data(**(renter | changes))

    return _data


@pytest.fixture
def waiting_report(db, migrant, sign_in, renter_data, submit_report):
    sign_in(migrant)
    receipt = submit_report(renter_data())
    assert receipt.status_code == 200
    return db.session.scalar(db.select(ResidenceReport))


def new_property(post_form, phone=PHONE, **changes):
    data = {
        "city": "3703",
        "county": "370303",
        "township": "370303001",
        "community": "370303001001",
        "road": "人民路",
        "number": "18号",
        "building": "5栋",
        "unit": "1单元",
        "rooms": "301, 302",
        "landlord_phone": phone,
    }
    return post_form("/landlord/properties/new", data | changes, follow_redirects=True)


def test_the_report_goes_in_and_says_the_landlord_is_not_on_xinju(client, db, waiting_report):
    tenancy = waiting_report.tenancy
    assert (tenancy.status, tenancy.property_id, tenancy.landlord_name, tenancy.landlord_phone) == (
        "unlinked",
        None,
        "张三",
        PHONE,
    )
    assert waiting_report.status == "submitted" and waiting_report.room == "302"
    html = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "Landlord not on Xinju yet (张三)" in html
    assert html.count("Not on Xinju yet") == 3  # the landlord's column: address, room, kind of place
    assert "/landlord/join" in html and "<svg" in html  # the link and QR code to show the landlord
    assert PHONE in html  # the tenant sees the number they gave, to check it


def test_a_rental_its_landlord_has_not_registered_is_not_a_stable_home(waiting_report):
    facts = rules.stay_facts(waiting_report)
    assert (facts.filed_rental, facts.stable_residence) == (False, False)


def test_check_your_answers_names_the_landlord(client, migrant, sign_in, renter_data, post_form):
    sign_in(migrant)
    response = post_form("/reports/new", renter_data())
    if response.location.endswith("/more"):
        post_form("/reports/new/more", {"insurance_months": "0", "work_proof": "none"})
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "张三 · 13800001111 · not on Xinju yet" in html


def test_a_mobile_without_a_name_asks_for_the_name_and_keeps_every_answer(db, migrant, sign_in, renter_data, post_form):
    sign_in(migrant)
    response = post_form("/reports/new", renter_data(landlord_name="", road="幸福路", employer_name="鲁中建材"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="landlord_name-error"' in html
    assert "enter their name" in html
    for typed in ('value="138 0000 1111"', 'value="幸福路"', 'value="5栋"', 'value="302"', 'value="鲁中建材"'):
        assert typed in html
    assert db.session.scalar(db.select(ResidenceReport)) is None


@pytest.mark.parametrize(
    ("landlord", "message"),
    [("12345", "11 digits"), ("ZZZZ-ZZZZ", "Check it on the poster"), ("", "rental code or mobile")],
)
def test_what_is_not_a_code_or_a_mobile_is_explained(db, migrant, sign_in, renter_data, post_form, landlord, message):
    sign_in(migrant)
    html = post_form("/reports/new", renter_data(landlord=landlord)).get_data(as_text=True)
    assert 'id="landlord-error"' in html and message in html
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_a_landlord_with_two_rentals_here_is_asked_for_by_code(
    db, migrant, landlord, community, create_rental, sign_in, renter_data, post_form
):
    create_rental(landlord, community, phone=PHONE)
    create_rental(landlord, community, phone=PHONE)
    sign_in(migrant)
    html = post_form("/reports/new", renter_data()).get_data(as_text=True)
    assert "more than one rental here" in html


def test_the_landlord_joins_with_that_number_and_the_tenant_says_it_is_them(
    client, db, migrant, waiting_report, create_account, sign_in, post_form
):
    """Nobody checks a landlord's mobile number: the rental registered with it is offered to the tenant, and the
    landlord sees nothing of them until the tenant says it is their landlord."""
    landlord = sign_in(create_account("landlord", display_name="张三"))
    page = new_property(post_form).get_data(as_text=True)
    assert "1 tenant named your mobile number before you joined Xinju" in page and "王芳" not in page
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    rental = db.session.scalar(db.select(RentalProperty))
    assert (tenancy.status, tenancy.property_id, tenancy.offered_property_id) == ("unlinked", None, rental.id)
    assert "王芳" not in client.get("/landlord").get_data(as_text=True)
    assert client.get(f"/landlord/tenancies/{tenancy.id}").status_code == 404
    assert client.get(f"/reports/{waiting_report.receipt}").status_code == 404
    assert client.get(f"/me/landlord-offers/{tenancy.id}").status_code in (403, 404)  # the tenant's to answer

    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "A landlord joined Xinju with the mobile number you gave for yours" in inbox
    home = client.get("/me").get_data(as_text=True)
    assert "张三 joined Xinju as a landlord with the mobile number you gave for yours" in home
    assert f"/me/landlord-offers/{tenancy.id}" in home
    offer = client.get(f"/me/landlord-offers/{tenancy.id}").get_data(as_text=True)
    assert "Is this your landlord?" in offer and "张三" in offer
    unanswered = post_form(f"/me/landlord-offers/{tenancy.id}", {}).get_data(as_text=True)
    assert "Select yes or no" in unanswered
    assert post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "accept"}).status_code == 302
    db.session.expire_all()
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    assert (tenancy.status, tenancy.property_id, tenancy.offered_property_id) == ("pending", rental.id, None)
    assert tenancy.room.name == "302" and tenancy.answer_due is not None
    assert client.get(f"/me/landlord-offers/{tenancy.id}").status_code == 404  # answered

    sign_in(landlord)
    assert "1 tenant is waiting" in client.get("/landlord").get_data(as_text=True)
    response = post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "confirm"})
    assert response.status_code == 302
    db.session.refresh(waiting_report)
    assert waiting_report.status == "confirmed"
    assert rules.stay_facts(waiting_report).filed_rental  # now the landlord has registered it
    assert landlord.id == rental.landlord_id


def test_a_tenant_who_says_no_is_offered_the_real_landlords_rental(
    client, db, migrant, waiting_report, create_account, sign_in, post_form
):
    """Someone who registers a rental with another person's number first gets nothing: the tenant says no, and the
    rental of the real landlord (registered with the same number) is offered instead."""
    sign_in(create_account("landlord", display_name="冒名者"))
    new_property(post_form)
    sign_in(create_account("landlord", display_name="张三"))
    new_property(post_form, number="18号")
    impostor, real = db.session.scalars(db.select(RentalProperty).order_by(RentalProperty.id)).all()
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    assert tenancy.offered_property_id == impostor.id  # the first one stays offered until answered
    sign_in(migrant)
    assert "冒名者" in client.get(f"/me/landlord-offers/{tenancy.id}").get_data(as_text=True)
    post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "decline"})
    db.session.expire_all()
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    assert (tenancy.status, tenancy.property_id, tenancy.offered_property_id) == ("unlinked", None, real.id)
    post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "accept"})
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).property_id == real.id


def test_another_migrant_cannot_answer_a_tenants_offer(client, db, waiting_report, create_account, sign_in, post_form):
    sign_in(create_account("landlord"))
    new_property(post_form)
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    sign_in(create_account("migrant"))
    assert client.get(f"/me/landlord-offers/{tenancy.id}").status_code == 404
    assert post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "accept"}, page="/me").status_code == 404
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).property_id is None


def test_a_landlord_cannot_answer_a_claim_for_another_landlords_phone(
    client, db, waiting_report, create_account, sign_in, post_form
):
    sign_in(create_account("landlord"))
    new_property(post_form, phone="13700002222")
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    assert (tenancy.status, tenancy.property_id) == ("unlinked", None)
    assert client.get(f"/landlord/tenancies/{tenancy.id}").status_code == 404
    token_page = client.get("/landlord").get_data(as_text=True)
    assert "王芳" not in token_page
    answer = post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "confirm"}, page="/landlord")
    assert answer.status_code == 404
    assert client.get(f"/reports/{waiting_report.receipt}").status_code == 404
    db.session.refresh(tenancy)
    assert tenancy.status == "unlinked"


def test_the_same_number_in_another_community_does_not_link(
    db, waiting_report, other_community, create_account, sign_in, post_form
):
    sign_in(create_account("landlord"))
    new_property(post_form, city="3303", county="330302", township="330302001", community="330302001001", road="解放路")
    assert db.session.get(Tenancy, waiting_report.tenancy_id).status == "unlinked"


def test_a_tenancys_landlord_phone_is_never_shown_to_other_people(
    client, db, waiting_report, community, create_account, sign_in
):
    coordinator = sign_in(create_account("coordinator", place=community))
    caseload = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/coordinator/rentals"' in caseload and "Landlord not on Xinju: register the rental" in caseload
    rentals = client.get("/coordinator/rentals").get_data(as_text=True)
    assert "和平社区 人民路 18号, Building 5, Unit 1 · landlord: 张三 · 1 tenant" in rentals
    receipt = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "Landlord not on Xinju yet (张三)" in receipt and "/landlord/join" not in receipt
    field = client.get("/coordinator/caseload.json")
    assert field.status_code == 200 and "rental" in field.get_json()["items"][0]["why"]
    for page in (caseload, rentals, receipt, field.get_data(as_text=True)):
        assert PHONE not in page and "138 0000 1111" not in page
    assert coordinator is not None

    sign_in(create_account("landlord"))
    assert PHONE not in client.get("/landlord").get_data(as_text=True)


def test_a_coordinator_of_another_community_does_not_see_the_rental(
    client, waiting_report, other_community, create_account, sign_in
):
    sign_in(create_account("coordinator", place=other_community))
    for page in ("/coordinator", "/coordinator/rentals"):
        assert "张三" not in client.get(page).get_data(as_text=True)
    assert "No tenant in your communities is waiting" in client.get("/coordinator/rentals").get_data(as_text=True)


def test_the_join_page_leads_a_landlord_to_register_the_rental(client, create_account, sign_in):
    page = client.get("/landlord/join")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "/signup?next=/landlord/properties/new&amp;role=landlord" in html
    assert "/signin?next=/landlord/properties/new" in html
    signup = client.get("/signup?next=/landlord/properties/new&role=landlord").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="landlord"', signup), "the landlord role is ticked"
    sign_in(create_account("migrant"))
    assert "You can use this account as a landlord too" in client.get("/landlord/join").get_data(as_text=True)
    sign_in(create_account("landlord"))
    response = client.get("/landlord/join")
    assert response.status_code == 302 and response.location.endswith("/landlord/properties/new")


def test_a_move_to_a_rental_whose_landlord_is_not_on_xinju(db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data())
    first = db.session.scalar(db.select(ResidenceReport))
    data = report_data(housing_type="rental", road="新华路", landlord="13800001111", landlord_name="张三")
    response = post_form(f"/reports/{first.receipt}/move", {**data, "moved_on": first.arrival_date.isoformat()})
    assert response.status_code == 302
    moved = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.kind == "move"))
    assert (moved.tenancy.status, moved.tenancy.landlord_name, moved.road) == ("unlinked", "张三", "新华路")
    assert not rules.stay_facts(moved).filed_rental

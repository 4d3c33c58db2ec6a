"""QA (rentals, 2): a landlord who deleted their account (allowed once no tenant lives at their rentals) leaves
their rentals on the register, for the tenancies of the past. A new tenant who names one by its code (the poster is
still on the door) or by the landlord's mobile number is treated as for a landlord who never joined Xinju: a code is
as unknown as a mistyped one, a number asks for the landlord's name, and nothing says that an account existed."""

import pytest

from tests.support.forms import without_csrf_token
from webapp.accounts.models import Account
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy

PHONE = "13912345678"  # the factory's landlord mobile
UNKNOWN_CODE = "We cannot find a rental with this code"


@pytest.fixture
def deleted_landlord(client, db, landlord, rental, sign_in, post_form):
    """The landlord of `rental` (no tenant ever) deletes their account through the page, as a person would."""
    sign_in(landlord)
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    client.get("/")  # "Your account has been deleted." shown
    db.session.expire_all()
    assert db.session.get(Account, landlord.id).deactivated_at is not None
    return landlord


def renter(report_data, **changes):
    return report_data(housing_type="rental", building="3栋", unit="2单元", room="101", **changes)


def test_the_rental_code_of_a_deleted_landlord_is_as_unknown_as_a_mistyped_one(
    client, db, migrant, rental, deleted_landlord, sign_in, post_form, report_data
):
    sign_in(migrant)
    deleted = post_form("/reports/new", renter(report_data, landlord=rental.code_display)).get_data(as_text=True)
    mistyped = post_form("/reports/new", renter(report_data, landlord="ZZZZ-ZZZZ")).get_data(as_text=True)
    assert 'id="landlord-error"' in deleted and UNKNOWN_CODE in deleted
    error = deleted.split('id="landlord-error"', 1)[1].split("</p>", 1)[0]
    assert error == mistyped.split('id="landlord-error"', 1)[1].split("</p>", 1)[0]
    assert "李强" not in deleted and "deleted" not in deleted.lower()
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_the_poster_of_a_deleted_landlord_leads_where_an_unknown_code_does(
    client, db, migrant, rental, deleted_landlord, sign_in
):
    sign_in(migrant)
    scanned = client.get(f"/rentals/join/{rental.code}")
    unknown = client.get("/rentals/join/ZZZZZZZZ")
    assert scanned.status_code == unknown.status_code == 404
    same_page = scanned.get_data(as_text=True).replace(rental.code, "ZZZZZZZZ")  # the address in its language switch
    assert without_csrf_token(same_page) == without_csrf_token(unknown.get_data(as_text=True))
    form = client.get("/reports/new").get_data(as_text=True)
    assert "Your landlord's rental</strong>" not in form and 'name="landlord"' in form  # the ordinary form


def test_by_the_mobile_number_the_tenant_names_the_landlord_as_one_not_on_xinju(
    client, db, migrant, rental, deleted_landlord, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    asked = post_form("/reports/new", renter(report_data, landlord="139 1234 5678")).get_data(as_text=True)
    assert 'id="landlord_name-error"' in asked and "Your landlord is not on Xinju yet" in asked
    assert "李强" not in asked

    receipt = submit_report(renter(report_data, landlord="139 1234 5678", landlord_name="李强"))
    assert receipt.status_code == 200
    tenancy = db.session.scalar(db.select(Tenancy))
    assert (tenancy.status, tenancy.property_id, tenancy.landlord_name, tenancy.landlord_phone) == (
        "unlinked",
        None,
        "李强",
        PHONE,
    )
    assert tenancy.answer_due is None  # nobody on Xinju owes an answer
    assert "Landlord not on Xinju yet (李强)" in receipt.get_data(as_text=True)


def test_a_poster_scanned_before_the_landlord_deleted_the_account_no_longer_fills_the_form(
    client, db, migrant, landlord, rental, sign_in, post_form, report_data
):
    sign_in(migrant)
    assert client.get(f"/rentals/join/{rental.code}").status_code == 302
    assert "Your landlord's rental</strong>" in client.get("/reports/new").get_data(as_text=True)
    landlord.deactivated_at = db.func.now()
    db.session.commit()
    form = client.get("/reports/new").get_data(as_text=True)
    assert "Your landlord's rental</strong>" not in form and 'name="landlord"' in form
    sent = post_form("/reports/new", renter(report_data, landlord=rental.code))
    assert sent.status_code == 200 and UNKNOWN_CODE in sent.get_data(as_text=True)
    assert db.session.scalar(db.select(Tenancy)) is None


def test_the_same_landlord_back_with_a_new_account_is_found_by_the_same_number(
    client,
    db,
    migrant,
    community,
    rental,
    deleted_landlord,
    create_account,
    create_rental,
    sign_in,
    post_form,
    report_data,
    submit_report,
):
    """Not "more than one rental here": the deleted account's rental does not count."""
    again = create_account("landlord", display_name="李强")
    new_rental = create_rental(again, community, phone=PHONE)
    sign_in(migrant)
    submit_report(renter(report_data, landlord=PHONE))
    tenancy = db.session.scalar(db.select(Tenancy))
    assert (tenancy.status, tenancy.property_id) == ("pending", new_rental.id)


def test_an_offer_of_a_rental_whose_landlord_left_since_is_not_shown(
    client, db, migrant, landlord, rental, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(renter(report_data, landlord="138 0000 1111", landlord_name="李强"))
    tenancy = db.session.scalar(db.select(Tenancy))
    tenancy.offered_property = rental  # the landlord had joined with that number (as claims links it)
    db.session.commit()
    assert f"/me/landlord-offers/{tenancy.id}" in client.get("/me").get_data(as_text=True)
    landlord.deactivated_at = db.func.now()
    db.session.commit()
    assert f"/me/landlord-offers/{tenancy.id}" not in client.get("/me").get_data(as_text=True)


def test_in_chinese_the_code_is_unknown_and_the_number_asks_for_the_name(
    client, db, migrant, rental, deleted_landlord, sign_in, post_form, report_data
):
    sign_in(migrant)
    zh = {"Accept-Language": "zh"}
    code = post_form("/reports/new", renter(report_data, landlord=rental.code), headers=zh).get_data(as_text=True)
    assert 'id="landlord-error"' in code and "We cannot" not in code
    number = post_form("/reports/new", renter(report_data, landlord=PHONE), headers=zh).get_data(as_text=True)
    assert 'id="landlord_name-error"' in number and "Your landlord" not in number


def test_the_rentals_stay_on_the_register_for_the_past(db, rental, deleted_landlord):
    assert db.session.get(RentalProperty, rental.id) is not None


def test_deleting_the_account_withdraws_its_rentals_offers_and_declining_never_offers_a_deleted_ones(
    client, db, migrant, landlord, rental, create_account, create_rental, sign_in, post_form, report_data, submit_report
):
    """An offer made before the landlord deleted their account cannot be accepted after (the link is gone); and a
    tenant who declines an offer is not offered a deleted landlord's rental with the same number instead."""
    sign_in(migrant)
    submit_report(renter(report_data, landlord="138 0000 1111", landlord_name="李强"))
    tenancy = db.session.scalar(db.select(Tenancy))
    tenancy.offered_property = rental
    db.session.commit()
    sign_in(landlord)
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).offered_property_id is None
    sign_in(migrant)
    assert client.get(f"/me/landlord-offers/{tenancy.id}").status_code == 404

    # Another landlord with the same number offered, declined: the deleted one's rental is not offered instead.
    other = create_account("landlord", display_name="王五")
    second = create_rental(other, rental.place, phone="13800001111")
    gone = create_rental(landlord, rental.place, phone="13800001111")
    tenancy = db.session.get(Tenancy, tenancy.id)
    tenancy.offered_property = second
    db.session.commit()
    declined = post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "decline"})
    assert declined.status_code == 302
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).offered_property_id != gone.id

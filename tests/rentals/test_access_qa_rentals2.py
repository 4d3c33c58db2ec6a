"""QA (rentals, 2): nobody but the landlord sees or acts on a rental or its tenants by typing an address: another
landlord (404: nothing says the rental exists), a tenant or a coordinator, even of the rental's own community (403:
not a landlord's page), or someone signed out (sent to sign in). Each refusal changes nothing."""

import pytest

from webapp.rentals.models import RentalProperty, Room, Tenancy


def pages(rental, tenancy):
    return [
        f"/landlord/properties/{rental.id}",
        f"/landlord/properties/{rental.id}/poster",
        f"/landlord/tenancies/{tenancy.id}",
    ]


def posts(rental, tenancy):
    return [
        (f"/landlord/properties/{rental.id}/rooms", {"rooms": "999"}),
        (f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "confirm"}),
        (f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny", "answer-reason": "不认识"}),
        (f"/landlord/tenancies/{tenancy.id}", {"left-left_on": "2026-07-14"}),
    ]


def nothing_changed(db, rental, tenancy):
    db.session.expire_all()
    after = db.session.get(Tenancy, tenancy.id)
    assert (after.status, after.ended_on, after.answer_reason) == ("pending", None, "")
    names = db.session.scalars(db.select(Room.name).where(Room.property_id == rental.id)).all()
    assert sorted(names) == ["101", "102"]


def refused(client, post_form, rental, tenancy, status, token_page):
    for url in pages(rental, tenancy):
        assert client.get(url).status_code == status, url
    for url, data in posts(rental, tenancy):
        assert post_form(url, data, page=token_page).status_code == status, url


def test_another_landlord_finds_nothing_there(client, db, rental, tenancy, create_account, sign_in, post_form):
    other = sign_in(create_account("landlord", display_name="张伟"))
    refused(client, post_form, rental, tenancy, 404, "/landlord")
    home = client.get("/landlord").get_data(as_text=True)
    assert "王芳" not in home and rental.code_display not in home
    assert "王芳" not in client.get("/landlord/properties/999999").get_data(as_text=True)
    nothing_changed(db, rental, tenancy)
    assert other.id != rental.landlord_id


def test_another_landlord_with_the_same_mobile_number_finds_nothing_either(
    client, db, community, rental, tenancy, create_account, create_rental, sign_in, post_form
):
    """A mobile number is not checked: registering a rental with someone else's number opens none of theirs."""
    other = sign_in(create_account("landlord"))
    create_rental(other, community, phone=rental.landlord_phone)
    refused(client, post_form, rental, tenancy, 404, "/landlord")
    nothing_changed(db, rental, tenancy)


def test_the_tenant_cannot_answer_for_the_landlord(client, db, migrant, rental, tenancy, sign_in, post_form):
    sign_in(migrant)
    refused(client, post_form, rental, tenancy, 403, "/me")
    assert client.get("/landlord").status_code == 403
    nothing_changed(db, rental, tenancy)


def test_a_tenant_who_is_a_landlord_too_cannot_answer_for_their_own_tenancy(
    client, db, migrant, rental, tenancy, sign_in, post_form
):
    """One account, two roles (the demo's 李强): being a landlord opens only one's own rentals."""
    from webapp.accounts.models import RoleGrant

    migrant.grants.append(RoleGrant(role="landlord"))
    db.session.commit()
    sign_in(migrant)
    refused(client, post_form, rental, tenancy, 404, "/landlord")
    nothing_changed(db, rental, tenancy)


@pytest.mark.parametrize("where", ["other", "same"])
def test_a_coordinator_cannot_act_as_the_landlord(
    client, db, community, create_place, rental, tenancy, create_account, sign_in, post_form, where
):
    place = community if where == "same" else create_place("370303001002", "新华社区")
    sign_in(create_account("coordinator", place=place))
    refused(client, post_form, rental, tenancy, 403, "/")
    nothing_changed(db, rental, tenancy)


def test_signed_out_every_landlord_page_asks_to_sign_in(app, db, rental, tenancy):
    client = app.test_client()  # nobody signed in
    for url in [*pages(rental, tenancy), "/landlord", "/landlord/properties/new"]:
        response = client.get(url)
        assert response.status_code == 302 and "/signin" in response.location, url
    response = client.post(f"/landlord/properties/{rental.id}/rooms", data={"rooms": "999"})
    assert response.status_code in (302, 400)
    nothing_changed(db, rental, tenancy)


def test_a_tenancy_that_only_names_a_mobile_number_is_no_landlord_s(
    client, db, migrant, community, create_account, create_rental, sign_in, report_data, submit_report, post_form
):
    """The tenant named a landlord not on Xinju: whoever registers a rental with that number sees nothing of them
    until the tenant says it is their landlord."""
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord="138 0000 1111", landlord_name="张三"))
    unlinked = db.session.scalar(db.select(Tenancy))
    claimant = sign_in(create_account("landlord"))
    create_rental(claimant, community, phone="13800001111")
    assert client.get(f"/landlord/tenancies/{unlinked.id}").status_code == 404
    answered = post_form(f"/landlord/tenancies/{unlinked.id}", {"answer-answer": "confirm"}, page="/landlord")
    assert answered.status_code == 404
    assert db.session.scalar(db.select(RentalProperty.id).where(RentalProperty.landlord_id == claimant.id))

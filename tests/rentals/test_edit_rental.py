"""A landlord removes a room listed by mistake (never one a tenant named) and changes the rental's mobile number
(tenants who named the new number are asked whether this is their landlord)."""

from webapp.rentals.models import Room, Tenancy


def rooms_of(db, rental) -> list[str]:
    return sorted(db.session.scalars(db.select(Room.name).where(Room.property_id == rental.id)))


def room_id(db, rental, name: str) -> int:
    return db.session.scalar(db.select(Room.id).where(Room.property_id == rental.id, Room.name == name))


def test_a_room_no_tenant_named_is_removed(client, db, landlord, rental, sign_in, post_form):
    sign_in(landlord)
    page = f"/landlord/properties/{rental.id}"
    assert 'name="room"' in client.get(page).get_data(as_text=True)
    answer = post_form(f"{page}/rooms/remove", {"room": room_id(db, rental, "102")}, page=page)
    assert answer.status_code == 302
    assert "Room 102 removed." in client.get(page).get_data(as_text=True)
    assert rooms_of(db, rental) == ["101"]


def test_a_room_a_tenant_named_stays(client, db, landlord, rental, tenancy, sign_in, post_form):
    page = f"/landlord/properties/{rental.id}"
    html = client.get(page).get_data(as_text=True)
    assert f'<option value="{room_id(db, rental, "101")}"' not in html  # not offered
    assert f'<option value="{room_id(db, rental, "102")}"' in html
    answer = post_form(f"{page}/rooms/remove", {"room": room_id(db, rental, "101")}, page=page)
    assert answer.status_code == 400
    assert 'id="room-error"' in answer.get_data(as_text=True)
    assert rooms_of(db, rental) == ["101", "102"]
    assert db.session.scalar(db.select(Tenancy)).room.name == "101"


def test_when_every_room_was_named_there_is_nothing_to_remove(client, db, landlord, rental, tenancy, sign_in):
    db.session.delete(db.session.get(Room, room_id(db, rental, "102")))
    db.session.commit()
    html = client.get(f"/landlord/properties/{rental.id}").get_data(as_text=True)
    assert "Remove the room" not in html


def test_another_landlord_s_rental_is_not_found(client, db, rental, create_account, sign_in, post_form):
    sign_in(create_account("landlord"))
    own = "/landlord"
    room = room_id(db, rental, "102")
    removed = post_form(f"/landlord/properties/{rental.id}/rooms/remove", {"room": room}, page=own)
    changed = post_form(f"/landlord/properties/{rental.id}/phone", {"landlord_phone": "13800001111"}, page=own)
    assert removed.status_code == 404 and changed.status_code == 404
    assert rooms_of(db, rental) == ["101", "102"] and rental.landlord_phone == "13912345678"


def test_a_migrant_cannot(client, db, migrant, rental, sign_in, post_form):
    sign_in(migrant)
    answer = post_form(f"/landlord/properties/{rental.id}/phone", {"landlord_phone": "13800001111"}, page="/")
    assert answer.status_code == 403


def test_the_mobile_number_is_changed_and_shown(client, db, landlord, rental, sign_in, post_form):
    sign_in(landlord)
    page = f"/landlord/properties/{rental.id}"
    assert 'value="13912345678"' in client.get(page).get_data(as_text=True)
    answer = post_form(f"{page}/phone", {"landlord_phone": "+86 138-0000-1111"}, page=page)
    assert answer.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "The rental&#39;s mobile number is changed." in html and 'value="13800001111"' in html
    db.session.refresh(rental)
    assert rental.landlord_phone == "13800001111"


def test_a_number_that_is_not_a_mobile_is_explained_next_to_the_field(client, db, landlord, rental, sign_in, post_form):
    sign_in(landlord)
    page = f"/landlord/properties/{rental.id}"
    for typed, message in (("12345", "Enter a mobile number of 11 digits"), ("", "Enter your mobile phone number")):
        answer = post_form(f"{page}/phone", {"landlord_phone": typed}, page=page)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 400 and 'id="landlord_phone-error"' in html and message in html
    db.session.refresh(rental)
    assert rental.landlord_phone == "13912345678"


def test_in_chinese(client, db, create_account, community, create_rental, sign_in, post_form):
    owner = sign_in(create_account("landlord", locale="zh"))
    rental = create_rental(owner, community)
    page = f"/landlord/properties/{rental.id}"
    html = client.get(page).get_data(as_text=True)
    assert "要删除的房间" in html and "更改号码" in html
    post_form(f"{page}/rooms/remove", {"room": room_id(db, rental, "102")}, page=page)
    assert "已删除房间102。" in client.get(page).get_data(as_text=True)


def test_tenants_who_named_the_new_number_are_asked(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord="138 0000 1111", landlord_name="李强", room="101"))
    waiting = db.session.scalar(db.select(Tenancy))
    assert waiting.status == "unlinked" and waiting.offered_property_id is None
    sign_in(landlord)
    page = f"/landlord/properties/{rental.id}"
    post_form(f"{page}/phone", {"landlord_phone": "13800001111"}, page=page)
    assert "1 tenant named this mobile number." in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Tenancy, waiting.id).offered_property_id == rental.id

"""QA (h3): a landlord's rental is stored once per address, even when the form is sent twice at the same moment (a
double tap, two tabs) and both sends find it not registered yet. The database holds it (a unique index on the
landlord, the community and the address as the register compares it: １８号 is 18号); the second send answers with the
first's rental, never a 500 nor a second code. Migration 0030 merges rentals already stored twice."""

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.rentals.conftest import NEW_RENTAL
from webapp.extensions import db as _db
from webapp.rentals import rules
from webapp.rentals.models import RentalProperty, Room, Tenancy

ALREADY = "You have registered this rental already"


@pytest.fixture
def check_missed_once(monkeypatch):
    """The next "registered already?" check finds nothing, as when it ran before the other send's commit; every
    later one (the service's, after the database refused the second rental) finds what is there."""
    real, missed = rules.registered_already, []

    def check(*args, **kwargs):
        if not missed:
            missed.append(True)
            return None
        return real(*args, **kwargs)

    monkeypatch.setattr(rules, "registered_already", check)
    return missed


def rentals(db) -> list[RentalProperty]:
    db.session.expire_all()
    return db.session.scalars(db.select(RentalProperty).order_by(RentalProperty.id)).all()


def test_the_second_of_two_sends_at_the_same_moment_answers_with_the_first_rental(
    client, db, landlord, community, sign_in, post_form, check_missed_once
):
    sign_in(landlord)
    first = post_form("/landlord/properties/new", NEW_RENTAL)
    assert first.status_code == 302
    [rental] = rentals(db)
    check_missed_once.clear()  # the second send's check misses it: both passed it at the same moment
    second = post_form("/landlord/properties/new", NEW_RENTAL | {"rooms": "101, 102, 201"})
    assert check_missed_once  # the miss was used: the database refused the second rental
    assert second.status_code == 302 and second.location.endswith(f"/landlord/properties/{rental.id}")
    page = client.get(second.location).get_data(as_text=True)
    assert ALREADY in page and rental.code_display in page
    [kept] = rentals(db)
    assert (kept.id, kept.code) == (rental.id, rental.code)
    assert [r.name for r in kept.rooms] == ["101", "102", "201"]  # the second send's new room, added to the first


def test_the_same_race_with_the_address_typed_in_full_width_and_spaces(
    client, db, landlord, community, sign_in, post_form, check_missed_once
):
    sign_in(landlord)
    assert post_form("/landlord/properties/new", NEW_RENTAL).status_code == 302
    check_missed_once.clear()
    again = NEW_RENTAL | {"number": "１８号", "building": "3 栋", "unit": "2单元 "}
    second = post_form("/landlord/properties/new", again, follow_redirects=True)
    assert second.status_code == 200 and ALREADY in second.get_data(as_text=True)
    assert len(rentals(db)) == 1


def test_sent_again_later_in_full_width_it_is_found_by_the_check(client, db, landlord, community, sign_in, post_form):
    sign_in(landlord)
    assert post_form("/landlord/properties/new", NEW_RENTAL).status_code == 302
    again = post_form("/landlord/properties/new", NEW_RENTAL | {"number": "１８号"}, follow_redirects=True)
    assert ALREADY in again.get_data(as_text=True)
    assert len(rentals(db)) == 1


def test_another_address_or_another_landlord_is_another_rental(
    client, db, landlord, community, create_account, sign_in, post_form
):
    sign_in(landlord)
    assert post_form("/landlord/properties/new", NEW_RENTAL).status_code == 302
    assert post_form("/landlord/properties/new", NEW_RENTAL | {"unit": "3单元"}).status_code == 302
    sign_in(create_account("landlord", display_name="王五"))  # a flat let by two owners, one after the other
    assert post_form("/landlord/properties/new", NEW_RENTAL).status_code == 302
    assert len(rentals(db)) == 3


def test_the_database_refuses_a_second_rental_of_the_landlord_at_the_address(db, landlord, community, rental):
    twin = RentalProperty(
        landlord=landlord, place=community, road="人民路", number="１８号", building="3栋", unit="2单元"
    )
    twin.landlord_phone = "13912345678"
    db.session.add(twin)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert len(rentals(db)) == 1


def test_a_moved_address_keeps_its_key(db, rental):
    """The key follows the address whenever the ORM writes it (a rental's address put right)."""
    from webapp.rentals.models import address_key

    rental.unit = "3单元"
    db.session.commit()
    assert db.session.get(RentalProperty, rental.id).address_key == address_key("人民路", "18号", "3栋", "3单元")


def test_the_migration_merges_rentals_stored_twice_into_the_first(app, db, landlord, community, create_person):
    """0030 keeps the oldest of each landlord's rentals at one address; the others' rooms and tenancies move to it."""
    tenant = create_person(name="赵六")
    table, rooms, tenancies = RentalProperty.__table__, Room.__table__, Tenancy.__table__
    downgrade(revision="0029_report_client_id")
    try:
        with _db.engine.begin() as connection:
            address = {"road": "人民路", "building": "3栋", "unit": "2单元", "place_id": community.id}

            def add_rental(number, code):
                return connection.execute(
                    sa.insert(table)
                    .values(
                        landlord_id=landlord.id,
                        code=code,
                        number=number,
                        landlord_phone="13912345678",
                        landlord_phone_index="x",
                        **address,
                    )
                    .returning(table.c.id)
                ).scalar_one()

            first, twice, other = (
                add_rental("18号", "AAAA2222"),
                add_rental("１８号", "BBBB3333"),
                add_rental("19号", "CCCC4444"),
            )
            room_ids = {}
            for property_id, name in ((first, "101"), (twice, "101"), (twice, "202"), (other, "101")):
                room_ids[property_id, name] = connection.execute(
                    sa.insert(rooms).values(property_id=property_id, name=name).returning(rooms.c.id)
                ).scalar_one()
            day = date(2026, 7, 1)
            lived = connection.execute(
                sa.insert(tenancies)
                .values(person_id=tenant.id, property_id=twice, room_id=room_ids[twice, "101"], started_on=day)
                .returning(tenancies.c.id)
            ).scalar_one()
            offered = connection.execute(
                sa.insert(tenancies)
                .values(person_id=tenant.id, status="unlinked", offered_property_id=twice, started_on=day)
                .returning(tenancies.c.id)
            ).scalar_one()
    finally:
        upgrade()
    with _db.engine.connect() as connection:
        kept = connection.execute(sa.select(table.c.id, table.c.code).order_by(table.c.id)).all()
        room_rows = connection.execute(
            sa.select(rooms.c.id, rooms.c.property_id, rooms.c.name).order_by(rooms.c.id)
        ).all()
        moved = {row.id: row for row in connection.execute(sa.select(tenancies))}
    assert [tuple(row) for row in kept] == [(first, "AAAA2222"), (other, "CCCC4444")]
    assert [(r.property_id, r.name) for r in room_rows] == [(first, "101"), (first, "202"), (other, "101")]
    assert (moved[lived].property_id, moved[lived].room_id) == (first, room_ids[first, "101"])
    assert moved[offered].offered_property_id == first
    with pytest.raises(sa.exc.IntegrityError), _db.engine.begin() as connection:
        connection.execute(
            sa.insert(table).values(
                landlord_id=landlord.id,
                code="DDDD5555",
                number="18号",
                address_key=kept_key(connection, first),
                landlord_phone="13912345678",
                **address,
            )
        )


def kept_key(connection, rental_id: int) -> str:
    return connection.execute(
        sa.select(RentalProperty.__table__.c.address_key).where(RentalProperty.__table__.c.id == rental_id)
    ).scalar_one()

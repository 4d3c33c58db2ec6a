"""rentals: one per landlord and address, held by the database; a deleted landlord's rentals keep no mobile number

Revision ID: 0030_rental_unique
Revises: 0029_report_client_id
Create Date: 2026-12-04 11:00:00

A landlord's form sent twice at the same moment (a double tap, two tabs) passed the "registered already?" check
twice and stored the rental twice, each with its own code. rental_property.address_key is the address as the
register compares it (rentals/models.py: address_key, copied below as it reads today: full-width characters as
ordinary ones, any case, no spaces, hashed), and (landlord_id, place_id, address_key) is a unique index, not a
constraint: on SQLite a constraint is made by rebuilding the table (batch mode) at every later change of it.

Rentals stored twice already keep the first (the oldest id): the others' rooms move to it (a room of the same name
becomes the first's room), and so do their tenancies (their rental, room and offered rental); then they are
deleted. Their codes stop working (a poster printed with one reads as an unknown code); the first's code stays.

A landlord who deleted their account (deactivated, no name left: privacy/deletion.py) keeps their rentals on the
register for the tenancies of the past, but not their mobile number, which served only tenants to find them:
rental_property.landlord_phone (and its index) may now be empty, and is emptied for those already deleted.
Downgrading cannot bring those numbers back: an empty number is written as an encrypted empty text.
"""

import hashlib
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0030_rental_unique"
down_revision = "0029_report_client_id"
branch_labels = None
depends_on = None

BATCH = 1000

rental = sa.table(
    "rental_property",
    sa.column("id", sa.Integer),
    sa.column("landlord_id", sa.Integer),
    sa.column("place_id", sa.Integer),
    sa.column("road", sa.String),
    sa.column("number", sa.String),
    sa.column("building", sa.String),
    sa.column("unit", sa.String),
    sa.column("address_key", sa.String),
    sa.column("landlord_phone", sa.String),
    sa.column("landlord_phone_index", sa.String),
)
room = sa.table("room", sa.column("id", sa.Integer), sa.column("property_id", sa.Integer), sa.column("name", sa.String))
tenancy = sa.table(
    "tenancy",
    sa.column("id", sa.Integer),
    sa.column("property_id", sa.Integer),
    sa.column("room_id", sa.Integer),
    sa.column("offered_property_id", sa.Integer),
)
account = sa.table(
    "account",
    sa.column("id", sa.Integer),
    sa.column("display_name", sa.String),
    sa.column("deactivated_at", sa.DateTime),
)


def address_key(road, number, building, unit) -> str:
    """rentals/models.py's address_key as of this revision."""
    parts = (unicodedata.normalize("NFKC", part or "").casefold() for part in (road, number, building, unit))
    joined = "\x1f".join("".join(part.split()) for part in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


def _fill_keys(connection) -> None:
    after = 0
    while True:
        rows = connection.execute(
            sa.select(rental.c.id, rental.c.road, rental.c.number, rental.c.building, rental.c.unit)
            .where(rental.c.id > after)
            .order_by(rental.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            rental.update().where(rental.c.id == sa.bindparam("row_id")).values(address_key=sa.bindparam("key")),
            [{"row_id": row.id, "key": address_key(row.road, row.number, row.building, row.unit)} for row in rows],
        )
        after = rows[-1].id


def _merge(connection, first: int, other: int) -> None:
    """Rental `other` (stored twice) into `first`: its rooms, its tenancies, then it goes."""
    rooms = dict(connection.execute(sa.select(room.c.name, room.c.id).where(room.c.property_id == first)).all())
    for name, room_id in connection.execute(sa.select(room.c.name, room.c.id).where(room.c.property_id == other)):
        if name in rooms:  # the first has a room of that name: tenancies of this one name it instead
            connection.execute(tenancy.update().where(tenancy.c.room_id == room_id).values(room_id=rooms[name]))
            connection.execute(room.delete().where(room.c.id == room_id))
        else:
            connection.execute(room.update().where(room.c.id == room_id).values(property_id=first))
    connection.execute(tenancy.update().where(tenancy.c.property_id == other).values(property_id=first))
    connection.execute(tenancy.update().where(tenancy.c.offered_property_id == other).values(offered_property_id=first))
    connection.execute(rental.delete().where(rental.c.id == other))


def _merge_duplicates(connection) -> None:
    key = (rental.c.landlord_id, rental.c.place_id, rental.c.address_key)
    twice = connection.execute(
        sa.select(*key, sa.func.min(rental.c.id).label("first")).group_by(*key).having(sa.func.count() > 1)
    ).all()
    for landlord_id, place_id, key_value, first in twice:
        others = connection.scalars(
            sa.select(rental.c.id)
            .where(
                rental.c.landlord_id == landlord_id,
                rental.c.place_id == place_id,
                rental.c.address_key == key_value,
                rental.c.id != first,
            )
            .order_by(rental.c.id)
        ).all()
        for other in others:
            _merge(connection, first, other)


def upgrade():
    connection = op.get_bind()
    op.add_column("rental_property", sa.Column("address_key", sa.String(length=32), nullable=True))
    _fill_keys(connection)
    _merge_duplicates(connection)
    with op.batch_alter_table("rental_property", schema=None) as batch_op:
        batch_op.alter_column("address_key", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("landlord_phone", existing_type=sa.String(length=120), nullable=True)
        batch_op.alter_column("landlord_phone_index", existing_type=sa.String(length=32), nullable=True)
    op.create_index(
        "ix_rental_property_address", "rental_property", ["landlord_id", "place_id", "address_key"], unique=True
    )
    deleted = sa.select(account.c.id).where(account.c.deactivated_at.is_not(None), account.c.display_name == "")
    connection.execute(
        rental.update().where(rental.c.landlord_id.in_(deleted)).values(landlord_phone=None, landlord_phone_index=None)
    )


def downgrade():
    from webapp.security.crypto import PHONE, data_keys

    connection = op.get_bind()
    connection.execute(
        rental.update()
        .where(rental.c.landlord_phone.is_(None))
        .values(landlord_phone=data_keys().encrypt(PHONE, ""), landlord_phone_index="")
    )
    op.drop_index("ix_rental_property_address", table_name="rental_property")
    with op.batch_alter_table("rental_property", schema=None) as batch_op:
        batch_op.alter_column("landlord_phone_index", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("landlord_phone", existing_type=sa.String(length=120), nullable=False)
        batch_op.drop_column("address_key")

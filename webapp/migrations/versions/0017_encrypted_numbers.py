"""encrypted at rest: resident ID numbers and mobile numbers, found by a blind index

Revision ID: 0017_encrypted_numbers
Revises: 0016_corrections
Create Date: 2026-12-01 15:10:00

person.id_number, person.phone, rental_property.landlord_phone and tenancy.landlord_phone hold AES-GCM ciphertexts
(webapp/security/crypto.py, with the application's data keys: the migration runs inside the application, as
`flask db upgrade` does); beside each, an HMAC blind index (unique for ID numbers) that look-ups compare. Existing
rows are encrypted in batches. Downgrading decrypts them back.
"""
from alembic import op
import sqlalchemy as sa

from webapp.security.crypto import ID_NUMBER, PHONE, data_keys


revision = '0017_encrypted_numbers'
down_revision = '0016_corrections'
branch_labels = None
depends_on = None

BATCH = 1000
#: (table, column, index column, kind, plain length)
COLUMNS = (
    ('person', 'id_number', 'id_number_index', ID_NUMBER, 18),
    ('person', 'phone', 'phone_index', PHONE, 11),
    ('rental_property', 'landlord_phone', 'landlord_phone_index', PHONE, 11),
    ('tenancy', 'landlord_phone', 'landlord_phone_index', PHONE, 11),
)


def _convert(table_name, column, index_column, change):
    """Rewrite every non-empty value (and its index) with change(value) -> {column: ..., index_column: ...}, in
    batches by id."""
    table = sa.table(table_name, sa.column('id', sa.Integer), sa.column(column, sa.String), sa.column(index_column, sa.String))
    connection = op.get_bind()
    after = 0
    while True:
        rows = connection.execute(
            sa.select(table.c.id, table.c[column])
            .where(table.c[column].is_not(None), table.c.id > after)
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            table.update().where(table.c.id == sa.bindparam('row_id')).values(
                {column: sa.bindparam('new_value'), index_column: sa.bindparam('new_index')}
            ),
            [{'row_id': row_id, **change(value)} for row_id, value in rows],
        )
        after = rows[-1][0]


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_person_id_number'), type_='unique')
        batch_op.alter_column('id_number', existing_type=sa.String(length=18), type_=sa.String(length=120))
        batch_op.alter_column('phone', existing_type=sa.String(length=11), type_=sa.String(length=120))
        batch_op.add_column(sa.Column('id_number_index', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('phone_index', sa.String(length=32), nullable=True))
    for table_name in ('rental_property', 'tenancy'):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table_name}_landlord_phone'))
            batch_op.alter_column(
                'landlord_phone', existing_type=sa.String(length=11), type_=sa.String(length=120)
            )
            batch_op.add_column(sa.Column('landlord_phone_index', sa.String(length=32), nullable=True))

    keys = data_keys()
    for table_name, column, index_column, kind, _length in COLUMNS:
        _convert(
            table_name,
            column,
            index_column,
            lambda value, kind=kind: {'new_value': keys.encrypt(kind, value), 'new_index': keys.index(kind, value)},
        )

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_person_id_number_index'), ['id_number_index'])
        batch_op.create_index(batch_op.f('ix_person_phone_index'), ['phone_index'], unique=False)
    with op.batch_alter_table('rental_property', schema=None) as batch_op:
        batch_op.alter_column('landlord_phone_index', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_index(
            batch_op.f('ix_rental_property_landlord_phone_index'), ['landlord_phone_index'], unique=False
        )
    with op.batch_alter_table('tenancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenancy_landlord_phone_index'), ['landlord_phone_index'], unique=False)


def _plain(keys, kind, stored):
    plain = keys.decrypt(kind, stored)
    return {'new_value': plain, 'new_index': keys.index(kind, plain)}  # the index column goes next


def downgrade():
    keys = data_keys()
    for table_name, column, index_column, kind, _length in COLUMNS:
        _convert(
            table_name,
            column,
            index_column,
            lambda value, kind=kind: _plain(keys, kind, value),
        )
    for table_name in ('rental_property', 'tenancy'):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table_name}_landlord_phone_index'))
            batch_op.drop_column('landlord_phone_index')
            batch_op.alter_column(
                'landlord_phone', existing_type=sa.String(length=120), type_=sa.String(length=11)
            )
            batch_op.create_index(batch_op.f(f'ix_{table_name}_landlord_phone'), ['landlord_phone'], unique=False)
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_phone_index'))
        batch_op.drop_constraint(batch_op.f('uq_person_id_number_index'), type_='unique')
        batch_op.drop_column('phone_index')
        batch_op.drop_column('id_number_index')
        batch_op.alter_column('phone', existing_type=sa.String(length=120), type_=sa.String(length=11))
        batch_op.alter_column('id_number', existing_type=sa.String(length=120), type_=sa.String(length=18))
        batch_op.create_unique_constraint(batch_op.f('uq_person_id_number'), ['id_number'])

"""caseload cursor: a change log of the reports in each community, numbered in commit order, for field mode's updates

Revision ID: 0020_caseload_cursor
Revises: 0019_corrections_identity
Create Date: 2026-12-01 17:30:00

caseload_clock holds one row, the last change number handed out; a transaction that changes a report (or its
person, tenancy or employment) takes the next number by updating that row just before it commits, so the numbers
follow the commits (a row lock on PostgreSQL, the single writer on SQLite). caseload_change lists, under that number,
each (community, receipt) touched and when: a device's cursor asks for the receipts of its communities with a higher
number. The retention sweep deletes changes older than their period and notes the highest number deleted
(caseload_clock.pruned): a cursor older than that gets the whole caseload.
The index on residence_report (place_id, created_at) is the caseload's order within a community.
person.id_number_masked is the ID number as every page shows it (first and last 4, the rest starred), filled here
from the decrypted numbers in batches and by the ORM on every write: a caseload of thousands decrypts none.
"""
from alembic import op
import sqlalchemy as sa

from webapp.people.reference import mask_id_number
from webapp.security.crypto import ID_NUMBER, data_keys

BATCH = 1000


def _fill_masked():
    """person.id_number_masked from each stored (encrypted) ID number, in batches by id."""
    person = sa.table(
        'person', sa.column('id', sa.Integer), sa.column('id_number', sa.String), sa.column('id_number_masked', sa.String)
    )
    connection = op.get_bind()
    keys = data_keys()
    after = 0
    while True:
        rows = connection.execute(
            sa.select(person.c.id, person.c.id_number)
            .where(person.c.id_number.is_not(None), person.c.id > after)
            .order_by(person.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            person.update().where(person.c.id == sa.bindparam('row_id')).values(id_number_masked=sa.bindparam('masked')),
            [{'row_id': row_id, 'masked': mask_id_number(keys.decrypt(ID_NUMBER, stored))} for row_id, stored in rows],
        )
        after = rows[-1][0]


revision = '0020_caseload_cursor'
down_revision = '0019_corrections_identity'
branch_labels = None
depends_on = None


def upgrade():
    clock = op.create_table(
        'caseload_clock',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('pruned', sa.BigInteger(), nullable=False, server_default='0'),
    )
    op.bulk_insert(clock, [{'id': 1, 'seq': 0, 'pruned': 0}])
    op.create_table(
        'caseload_change',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), primary_key=True),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('receipt', sa.String(length=10), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_caseload_change_place_seq', 'caseload_change', ['place_id', 'seq'])
    op.create_index('ix_caseload_change_seq', 'caseload_change', ['seq'])
    op.create_index('ix_residence_report_place_created', 'residence_report', ['place_id', 'created_at', 'id'])
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_number_masked', sa.String(length=18), nullable=True))
    _fill_masked()


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('id_number_masked')
    op.drop_index('ix_residence_report_place_created', table_name='residence_report')
    op.drop_index('ix_caseload_change_seq', table_name='caseload_change')
    op.drop_index('ix_caseload_change_place_seq', table_name='caseload_change')
    op.drop_table('caseload_change')
    op.drop_table('caseload_clock')

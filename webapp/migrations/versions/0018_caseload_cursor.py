"""caseload cursor: a change log of the reports in each community, numbered in commit order, for field mode's updates

Revision ID: 0018_caseload_cursor
Revises: 0017_encrypted_numbers
Create Date: 2026-12-01 17:30:00

caseload_clock holds one row, the last change number handed out; a transaction that changes a report (or its
person, tenancy or employment) takes the next number by updating that row just before it commits, so the numbers
follow the commits (a row lock on PostgreSQL, the single writer on SQLite). caseload_change lists, under that number,
each (community, receipt) touched and when: a device's cursor asks for the receipts of its communities with a higher
number. The retention sweep deletes changes older than their period and notes the highest number deleted
(caseload_clock.pruned): a cursor older than that gets the whole caseload.
The index on residence_report (place_id, created_at) is the caseload's order within a community.
"""
from alembic import op
import sqlalchemy as sa


revision = '0018_caseload_cursor'
down_revision = '0017_encrypted_numbers'
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


def downgrade():
    op.drop_index('ix_residence_report_place_created', table_name='residence_report')
    op.drop_index('ix_caseload_change_seq', table_name='caseload_change')
    op.drop_index('ix_caseload_change_place_seq', table_name='caseload_change')
    op.drop_table('caseload_change')
    op.drop_table('caseload_clock')

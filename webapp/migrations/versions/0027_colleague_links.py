"""colleagues: a one-time link with which someone of an organisation asks a colleague to answer for it too

Revision ID: 0027_colleague_links
Revises: 0026_claim_offers
Create Date: 2026-12-03 07:40:00

An organisation on Xinju was answered for only by the account that set it up: a second HR person of the same
company was told "ask its administrator to add you", and there was no way to. A member now makes a one-time link
(one_time_link.purpose 'colleague', employer_id naming the organisation) that the colleague opens to join.
"""
import sqlalchemy as sa
from alembic import op

revision = '0027_colleague_links'
down_revision = '0026_claim_offers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('one_time_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_one_time_link_employer_id_employer'), 'employer', ['employer_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('one_time_link', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_one_time_link_employer_id_employer'), type_='foreignkey')
        batch_op.drop_column('employer_id')

"""community_stats.backlog_day_sum as a 64-bit integer: the sum of the days (ordinals, about 740,000 each) that a
community's waiting reports were sent passes 2^31 once about 2,900 reports wait in one community (reached by the
busiest community of a synthetic city of 3,000,000 migrants)

Revision ID: 0024_backlog_day_sum_bigint
Revises: 0023_caseload_indexes
Create Date: 2026-12-02 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0024_backlog_day_sum_bigint'
down_revision = '0023_caseload_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('community_stats') as batch:
        batch.alter_column(
            'backlog_day_sum', type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=False
        )


def downgrade():
    with op.batch_alter_table('community_stats') as batch:
        batch.alter_column(
            'backlog_day_sum', type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=False
        )

"""caseload: the tenancies of a community's current reports, indexed (rentals to register read the index, not
every report of the community)

Revision ID: 0025_current_tenancy_index
Revises: 0024_backlog_day_sum_bigint
Create Date: 2026-12-02 05:45:00

The caseload's rentals to register (tenants who named a landlord not on Xinju yet) read every report of the
coordinator's communities, past ones included, from the table: 12 ms of the busiest community's caseload page at
1,000,000 migrants on SQLite. With this index the community's current reports with a tenancy are read from the
index alone, and each tenancy by its key (5 ms).
"""
import sqlalchemy as sa
from alembic import op

revision = '0025_current_tenancy_index'
down_revision = '0024_backlog_day_sum_bigint'
branch_labels = None
depends_on = None

CURRENT_TENANCY_SQL = "ended_on IS NULL AND status NOT IN ('ended', 'rejected') AND tenancy_id IS NOT NULL"


def upgrade():
    op.create_index(
        'ix_residence_report_current_tenancy', 'residence_report', ['place_id', 'tenancy_id'],
        postgresql_where=sa.text(CURRENT_TENANCY_SQL), sqlite_where=sa.text(CURRENT_TENANCY_SQL),
    )


def downgrade():
    op.drop_index('ix_residence_report_current_tenancy', table_name='residence_report')

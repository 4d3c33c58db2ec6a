"""residence reports: written_lease, a tenant's word that they hold a written lease (a stable home for the permit)

Revision ID: 0035_written_lease
Revises: 0034_left_reported
Create Date: 2026-12-04 05:30:00

DOMAIN §1 counts a safe rental with a lease as a stable home. Only a rental its landlord registered on Xinju counted,
so a tenant whose landlord is not on Xinju, lease in hand, was told they could not get a permit. Page two asks
such a tenant whether they have a written lease (the officer sees it with the application). Empty for every report
before: not asked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0035_written_lease"
down_revision = "0034_left_reported"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("residence_report", sa.Column("written_lease", sa.Boolean(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35 and later) drops a column in place. Alembic's batch mode would rebuild the table and create
        # its indexes again in another order, and SQLite's planner, between two indexes as good, takes the first
        # listed: a downgrade and upgrade (as tests do) would leave the caseload's queries planned otherwise.
        op.execute("ALTER TABLE residence_report DROP COLUMN written_lease")
    else:
        op.drop_column("residence_report", "written_lease")

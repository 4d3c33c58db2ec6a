"""report events: what a visit's correction changed, with the old values, so the resident sees what was corrected

Revision ID: 0031_correction_history
Revises: 0030_rental_unique
Create Date: 2026-12-04 12:00:00

A coordinator's correction at a visit wrote the new value over the old one: the resident saw only the new value.
report_event.changes keeps, on the visit's "corrected" event, each detail changed as {"field", "from", "to"}. Empty
(NULL) on every event before this revision and on every other kind of event.
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_correction_history"
down_revision = "0030_rental_unique"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("report_event", sa.Column("changes", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("report_event", "changes")

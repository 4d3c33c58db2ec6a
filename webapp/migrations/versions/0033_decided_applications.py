"""permit applications: an index for the officers' list of decided applications, per county, the latest first

Revision ID: 0033_decided_applications
Revises: 0032_kept_form
Create Date: 2026-12-03 18:00:00

The officers' queue held only the applications waiting; /officer/permits/decided lists those decided in their
counties, newest decision first: (county_id, decided_at) reads one page of them without sorting the county's all.
"""

from alembic import op

revision = "0033_decided_applications"
down_revision = "0032_kept_form"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_permit_application_county_decided", "permit_application", ["county_id", "decided_at"])


def downgrade():
    op.drop_index("ix_permit_application_county_decided", table_name="permit_application")

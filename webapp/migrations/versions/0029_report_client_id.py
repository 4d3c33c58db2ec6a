"""residence reports: the id the member form's page made, so that the same report sent twice is stored once

Revision ID: 0029_report_client_id
Revises: 0028_one_employer_per_account
Create Date: 2026-12-03 12:00:00

The head of a household registers a member at their address; two identical sends at the same moment (a double tap)
both found no current report and both wrote one. The form carries an id made when its page was shown (as a
coordinator's visit does, visit.client_id); residence_report.client_id is unique, so the second send finds the
first's report instead of writing another. Empty for every report sent any other way.
"""

import sqlalchemy as sa
from alembic import op

revision = "0029_report_client_id"
down_revision = "0028_one_employer_per_account"
branch_labels = None
depends_on = None


def upgrade():
    # A column and a unique index, not a constraint: on SQLite a constraint rebuilds the table (batch mode), and the
    # rebuilt table lost the caseload's partial indexes' conditions (ix_residence_report_current and the others).
    op.add_column("residence_report", sa.Column("client_id", sa.String(length=32), nullable=True))
    op.create_index(op.f("ix_residence_report_client_id"), "residence_report", ["client_id"], unique=True)


def downgrade():
    op.drop_index(op.f("ix_residence_report_client_id"), table_name="residence_report")
    op.drop_column("residence_report", "client_id")

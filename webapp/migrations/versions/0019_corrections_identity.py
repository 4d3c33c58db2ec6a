"""corrections of a person's name, date of birth and ID number, answered by public security

Revision ID: 0019_corrections_identity
Revises: 0018_assessment
Create Date: 2026-12-01 17:30:00

correction_request.office says which office answers (the community's coordinators, or the public-security officers
of the county); an ID number asked for is kept encrypted in proposed_id_number (proposed holds it masked).
"""

from alembic import op
import sqlalchemy as sa


revision = "0019_corrections_identity"
down_revision = "0018_assessment"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("correction_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office", sa.String(length=20), nullable=False, server_default="coordinator"))
        batch_op.add_column(sa.Column("proposed_id_number", sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f("ix_correction_request_office"), ["office"], unique=False)


def downgrade():
    op.execute("DELETE FROM correction_request WHERE office != 'coordinator'")
    with op.batch_alter_table("correction_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_request_office"))
        batch_op.drop_column("proposed_id_number")
        batch_op.drop_column("office")

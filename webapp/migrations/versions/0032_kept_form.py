"""kept forms: what a person sent from a form that could not be taken (session ended, form expired), for an hour

Revision ID: 0032_kept_form
Revises: 0031_correction_history
Create Date: 2026-12-03 17:00:00

A form sent after the session had ended (staff after 30 minutes idle) or after its token expired was refused and
what was typed was lost. kept_form holds it, encrypted, for the account that sent it, one per account, until the
form's page is opened again (an hour at most: accounts/kept_forms.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_kept_form"
down_revision = "0031_correction_history"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kept_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("had_files", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_kept_form_account_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_form")),
        sa.UniqueConstraint("account_id", name=op.f("uq_kept_form_account_id")),
    )
    op.create_index(op.f("ix_kept_form_created_at"), "kept_form", ["created_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_kept_form_created_at"), table_name="kept_form")
    op.drop_table("kept_form")

"""employers: an account answers for one organisation, held by the database

Revision ID: 0028_one_employer_per_account
Revises: 0027_colleague_links
Create Date: 2026-12-03 11:00:00

An account's employer pages are one organisation's, and accepting a colleague's link of another organisation is
refused; but two links of different organisations accepted at the same moment both passed that check and joined
the account to both. employer_member.account_id is now unique.

An account already joined to two (only by that race) keeps the one it joined first (the oldest row); its other
memberships are removed before the constraint is added. The revision id stays within alembic_version's 32
characters.
"""

from alembic import op

revision = "0028_one_employer_per_account"
down_revision = "0027_colleague_links"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "DELETE FROM employer_member WHERE id NOT IN "
        "(SELECT first_id FROM (SELECT MIN(id) AS first_id FROM employer_member GROUP BY account_id) AS firsts)"
    )
    with op.batch_alter_table("employer_member", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_employer_member_account_id"), ["account_id"])


def downgrade():
    with op.batch_alter_table("employer_member", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_employer_member_account_id"), type_="unique")

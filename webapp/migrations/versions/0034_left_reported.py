"""residence reports: left_reported, a landlord or employer who says the person left puts the report on the caseload

Revision ID: 0034_left_reported
Revises: 0033_decided_applications
Create Date: 2026-12-03 20:30:00

A landlord saying the tenant moved out (or an employer that the worker left) was recorded on the report, but a report
a coordinator had already verified stayed off the caseload: nobody went to check. The flag keeps such a report on it
until a visit; the caseload's partial index takes it in. Reports where this was said and no visit has verified or
corrected them since are flagged now.
"""

import sqlalchemy as sa
from alembic import op

revision = "0034_left_reported"
down_revision = "0033_decided_applications"
branch_labels = None
depends_on = None

OLD_OPEN_CASE_SQL = "ended_on IS NULL AND status IN ('submitted', 'confirmed', 'corrected')"
OPEN_CASE_SQL = (
    "ended_on IS NULL AND (status IN ('submitted', 'confirmed', 'corrected') OR status = 'verified' "
    "AND left_reported = {true})"
)
ADDRESS = ["place_id", "road", "number", "building", "created_at", "id"]
OLD_COLUMNS = [*ADDRESS, "status", "late", "person_id", "tenancy_id", "employment_id"]
#: left_reported among the columns too: the caseload's buildings are counted from the index alone.
COLUMNS = [*ADDRESS, "status", "late", "left_reported", "person_id", "tenancy_id", "employment_id"]


def _open_index(columns: list[str], sqlite_where: str, postgresql_where: str) -> None:
    op.create_index(
        "ix_residence_report_open",
        "residence_report",
        columns,
        postgresql_where=sa.text(postgresql_where),
        sqlite_where=sa.text(sqlite_where),
    )


def said_to_have_left():
    """The UPDATE that flags the current reports whose landlord or employer said the person left (a 'left' or
    'departed' event) with no visit that verified or corrected them since (its own function: a test runs it)."""
    report = sa.table(
        "residence_report",
        sa.column("id"),
        sa.column("ended_on"),
        sa.column("status"),
        sa.column("left_reported", sa.Boolean),
    )

    def events(name):
        return sa.table("report_event", sa.column("report_id"), sa.column("action"), sa.column("at")).alias(name)

    said, seen = events("said"), events("seen")
    seen_since = sa.exists().where(
        seen.c.report_id == report.c.id, seen.c.action.in_(["verified", "corrected"]), seen.c.at > said.c.at
    )
    return (
        report.update()
        .where(
            report.c.ended_on.is_(None),
            report.c.status.not_in(["ended", "rejected"]),
            sa.exists().where(said.c.report_id == report.c.id, said.c.action.in_(["left", "departed"]), ~seen_since),
        )
        .values(left_reported=True)
    )


def upgrade():
    op.add_column(
        "residence_report", sa.Column("left_reported", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.execute(said_to_have_left())
    op.drop_index("ix_residence_report_open", table_name="residence_report")
    _open_index(COLUMNS, OPEN_CASE_SQL.format(true="1"), OPEN_CASE_SQL.format(true="true"))


def downgrade():
    op.drop_index("ix_residence_report_open", table_name="residence_report")
    _open_index(OLD_COLUMNS, OLD_OPEN_CASE_SQL, OLD_OPEN_CASE_SQL)
    # Not in a batch: on SQLite that rebuilds the table, and its indexes come back in another order, which changes
    # the plans SQLite makes without statistics. SQLite (3.35 and later) drops a column no index names.
    op.drop_column("residence_report", "left_reported")

"""caseload indexes: a community's open reports by building, who lives in a community now, permits in force by holder, a staff member's audit events by time

Revision ID: 0023_caseload_indexes
Revises: 0022_dashboard
Create Date: 2026-12-01 21:45:00

The caseload page read every report of its communities (thousands per community at a million migrants, most of
them verified or ended) to find the few hundred still open; its permits about to lapse joined every past report and
read each permit; recording who it showed read all of the coordinator's audit events.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023_caseload_indexes'
down_revision = '0022_dashboard'
branch_labels = None
depends_on = None

OPEN_CASE_SQL = "ended_on IS NULL AND status IN ('submitted', 'confirmed', 'corrected')"
CURRENT_SQL = "ended_on IS NULL AND status NOT IN ('ended', 'rejected')"


def upgrade():
    op.create_index(
        'ix_residence_report_open', 'residence_report',
        ['place_id', 'road', 'number', 'building', 'created_at', 'id',
         'status', 'late', 'person_id', 'tenancy_id', 'employment_id'],
        postgresql_where=sa.text(OPEN_CASE_SQL), sqlite_where=sa.text(OPEN_CASE_SQL),
    )
    op.create_index(
        'ix_residence_report_current', 'residence_report', ['place_id', 'person_id'],
        postgresql_where=sa.text(CURRENT_SQL), sqlite_where=sa.text(CURRENT_SQL),
    )


    op.create_index(
        'ix_permit_holder_in_force', 'permit', ['person_id', 'issued_on', 'valid_until', 'id'],
        postgresql_where=sa.text('revoked_on IS NULL'), sqlite_where=sa.text('revoked_on IS NULL'),
    )
    # The few denied claims, which keep a report on the caseload (its query asks whether a report's claim is among
    # them, rather than joining every report's tenancy and employment).
    for table in ('tenancy', 'employment'):
        op.create_index(
            f'ix_{table}_denied', table, ['id'],
            postgresql_where=sa.text("status = 'denied'"), sqlite_where=sa.text("status = 'denied'"),
        )
    # A coordinator's events of today (whose views of a list are already recorded), not all their years'.
    op.create_index('ix_audit_event_actor_at', 'audit_event', ['actor_id', 'at'])
    op.drop_index('ix_audit_event_actor_id', table_name='audit_event')


def downgrade():
    op.create_index('ix_audit_event_actor_id', 'audit_event', ['actor_id'])
    op.drop_index('ix_audit_event_actor_at', table_name='audit_event')
    op.drop_index('ix_employment_denied', table_name='employment')
    op.drop_index('ix_tenancy_denied', table_name='tenancy')
    op.drop_index('ix_permit_holder_in_force', table_name='permit')
    op.drop_index('ix_residence_report_current', table_name='residence_report')
    op.drop_index('ix_residence_report_open', table_name='residence_report')

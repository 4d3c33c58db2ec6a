"""county_month: the community months summed per county, so that a city's dashboard reads a dozen counties' months
instead of every community's; indexes of the deactivated accounts and of employers' workers

Revision ID: 0022_dashboard
Revises: 0021_vacancies
Create Date: 2026-12-01 17:30:00

Kept exact at every commit beside community_month (webapp/summaries/counting.py adds each commit's differences);
filled here from community_month as it stands.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022_dashboard'
down_revision = '0021_vacancies'
branch_labels = None
depends_on = None

COUNTED = (
    'arrivals', 'departures', 'changes', 'changes_on_time', 'permits_issued',
    'moves_in_township', 'moves_in_county', 'moves_in_city',
    'moves_out_township', 'moves_out_county', 'moves_out_city',
)


def upgrade():
    # The few deactivated accounts, found without reading every account (dashboards count active coordinators).
    op.create_index(
        'ix_account_deactivated', 'account', ['id'],
        postgresql_where=sa.text('deactivated_at IS NOT NULL'), sqlite_where=sa.text('deactivated_at IS NOT NULL'),
    )
    # The employers over 100 workers (a service station each), without reading every employer.
    op.create_index(op.f('ix_employer_stats_workers'), 'employer_stats', ['workers'])
    op.create_table(
        'county_month',
        sa.Column('code', sa.String(length=6), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default='0') for name in COUNTED),
        sa.PrimaryKeyConstraint('code', 'month', name=op.f('pk_county_month')),
    )
    sums = ', '.join(f'SUM({name})' for name in COUNTED)
    op.execute(
        f"INSERT INTO county_month (code, month, {', '.join(COUNTED)}) "
        f"SELECT SUBSTR(code, 1, 6), month, {sums} FROM community_month GROUP BY SUBSTR(code, 1, 6), month"
    )
    # Service requests per county, status and day (the target date of an open one, the day in China a closed one
    # was closed): the dashboards of cities and counties read these instead of counting the requests.
    op.create_table(
        'county_requests',
        sa.Column('county_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('requests', sa.Integer(), nullable=False, server_default='0'),
        sa.ForeignKeyConstraint(['county_id'], ['place.id'], name=op.f('fk_county_requests_county_id_place')),
        sa.PrimaryKeyConstraint('county_id', 'status', 'day', name=op.f('pk_county_requests')),
    )
    if op.get_bind().dialect.name == 'sqlite':
        closed_on = "DATE(DATETIME(updated_at, '+28800 seconds'))"
    else:
        closed_on = "CAST(timezone('Asia/Shanghai', timezone('UTC', updated_at)) AS DATE)"
    day = f"CASE WHEN status IN ('submitted', 'accepted', 'in_progress') THEN target_date ELSE {closed_on} END"
    op.execute(
        f"INSERT INTO county_requests (county_id, status, day, requests) "
        f"SELECT county_id, status, {day}, COUNT(*) FROM service_request GROUP BY county_id, status, {day}"
    )
    # The coordinators of a node counted from the index alone (the dashboards' one per 500 migrants).
    op.create_index(
        'ix_role_grant_coordinator', 'role_grant', ['place_id', 'account_id'],
        postgresql_where=sa.text("role = 'coordinator'"), sqlite_where=sa.text("role = 'coordinator'"),
    )


def downgrade():
    op.drop_index('ix_role_grant_coordinator', table_name='role_grant')
    op.drop_table('county_requests')
    op.drop_table('county_month')
    op.drop_index('ix_account_deactivated', table_name='account')
    op.drop_index(op.f('ix_employer_stats_workers'), table_name='employer_stats')

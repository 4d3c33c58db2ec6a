"""assessment: monthly snapshots of the communities' figures, service requests closed per county and month, and the coordinators' work record per period

Revision ID: 0018_assessment
Revises: 0017_encrypted_numbers
Create Date: 2026-12-01 17:30:00

Both tables are filled by `flask jobs run` (webapp/assessment/counting.py); nothing else writes them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0018_assessment'
down_revision = '0017_encrypted_numbers'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'area_snapshot',
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('registered', sa.Integer(), nullable=False),
        sa.Column('verified', sa.Integer(), nullable=False),
        sa.Column('coordinators', sa.Integer(), nullable=False),
        sa.Column('permits_valid', sa.Integer(), nullable=False),
        sa.Column('permits_lapsed', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_area_snapshot_place_id_place')),
        sa.PrimaryKeyConstraint('place_id', 'month', name=op.f('pk_area_snapshot')),
    )
    with op.batch_alter_table('area_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_snapshot_code'), ['code'], unique=False)
    op.create_table(
        'request_month',
        sa.Column('county_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('closed', sa.Integer(), nullable=False),
        sa.Column('on_time', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['county_id'], ['place.id'], name=op.f('fk_request_month_county_id_place')),
        sa.PrimaryKeyConstraint('county_id', 'month', name=op.f('pk_request_month')),
    )
    op.create_table(
        'work_record',
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('coordinator_id', sa.Integer(), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('visits_confirmed', sa.Integer(), nullable=False),
        sa.Column('visits_corrected', sa.Integer(), nullable=False),
        sa.Column('visits_not_found', sa.Integer(), nullable=False),
        sa.Column('visits_moved_out', sa.Integer(), nullable=False),
        sa.Column('visits_declined', sa.Integer(), nullable=False),
        sa.Column('reports_verified', sa.Integer(), nullable=False),
        sa.Column('assisted', sa.Integer(), nullable=False),
        sa.Column('community_rentals', sa.Integer(), nullable=False),
        sa.Column('first_visits', sa.Integer(), nullable=False),
        sa.Column('median_days_to_visit', sa.Float(), nullable=True),
        sa.Column('counted_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['coordinator_id'], ['account.id'], name=op.f('fk_work_record_coordinator_id_account')),
        sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_work_record_place_id_place')),
        sa.PrimaryKeyConstraint('period', 'coordinator_id', 'place_id', name=op.f('pk_work_record')),
    )
    with op.batch_alter_table('work_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_record_code'), ['code'], unique=False)


def downgrade():
    with op.batch_alter_table('work_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_record_code'))
    op.drop_table('work_record')
    op.drop_table('request_month')
    with op.batch_alter_table('area_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_snapshot_code'))
    op.drop_table('area_snapshot')

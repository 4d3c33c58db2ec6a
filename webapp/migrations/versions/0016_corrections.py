"""corrections: a person's request to correct a detail of their residence report, answered by its community

Revision ID: 0016_corrections
Revises: 0015_privacy_consent
Create Date: 2026-12-01 15:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_corrections'
down_revision = '0015_privacy_consent'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=8), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('proposed', sa.String(length=120), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['account.id'], name=op.f('fk_correction_request_answered_by_id_account')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_correction_request_person_id_person')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_correction_request_place_id_place')),
    sa.ForeignKeyConstraint(['report_id'], ['residence_report.id'], name=op.f('fk_correction_request_report_id_residence_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_request')),
    sa.UniqueConstraint('reference', name=op.f('uq_correction_request_reference'))
    )
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_request_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_request_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_request_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_request_status'), ['status'], unique=False)


def downgrade():
    op.drop_table('correction_request')

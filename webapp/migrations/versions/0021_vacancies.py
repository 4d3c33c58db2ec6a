"""vacancies: the jobs board (postings reviewed by the county's job-services office) and referrals to them

Revision ID: 0021_vacancies
Revises: 0020_caseload_cursor
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_vacancies'
down_revision = '0020_caseload_cursor'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('county_id', sa.Integer(), nullable=False),
    sa.Column('wage_min', sa.Integer(), nullable=False),
    sa.Column('wage_max', sa.Integer(), nullable=False),
    sa.Column('hours', sa.String(length=100), nullable=False),
    sa.Column('housing', sa.Boolean(), nullable=False),
    sa.Column('requirements', sa.Text(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=False),
    sa.Column('how_to_apply', sa.Text(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['county_id'], ['place.id'], name=op.f('fk_vacancy_county_id_place')),
    sa.ForeignKeyConstraint(['created_by_id'], ['account.id'], name=op.f('fk_vacancy_created_by_id_account')),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_vacancy_employer_id_employer')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_vacancy_place_id_place')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['account.id'], name=op.f('fk_vacancy_reviewed_by_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy'))
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index('ix_vacancy_board', ['status', 'county_id', 'closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_employer_id'), ['employer_id'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_referral_person_id_person')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_referral_request_id_service_request')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_referral_vacancy_id_vacancy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('vacancy_id', 'person_id', 'kind', name='uq_referral')
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_vacancy_id'), ['vacancy_id'], unique=False)


def downgrade():
    op.drop_table('referral')
    op.drop_table('vacancy')

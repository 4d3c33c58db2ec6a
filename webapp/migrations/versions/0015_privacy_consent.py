"""privacy consents: separate, recorded consent to optional sensitive uses (issue 14)

Revision ID: 0015_privacy_consent
Revises: 0014_need_to_know
Create Date: 2026-12-01 15:10:00

One row per consent given: who gave it, about whom (a child on the household list), which use, the notice version
read, when given and when withdrawn. Nothing exists to backfill: nobody has consented yet.
"""

from alembic import op
import sqlalchemy as sa


revision = '0015_privacy_consent'
down_revision = '0014_need_to_know'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'privacy_consent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('item', sa.String(length=20), nullable=False),
        sa.Column('notice_version', sa.String(length=10), nullable=False),
        sa.Column('given_at', sa.DateTime(), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_privacy_consent_account_id_account')),
        sa.ForeignKeyConstraint(
            ['person_id'], ['person.id'], name=op.f('fk_privacy_consent_person_id_person'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_consent')),
    )
    with op.batch_alter_table('privacy_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_consent_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_consent_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('privacy_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_consent_person_id'))
        batch_op.drop_index(batch_op.f('ix_privacy_consent_account_id'))
    op.drop_table('privacy_consent')

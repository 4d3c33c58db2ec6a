"""sessions kept on the server (account_session); a recovered passkey's cooling-off; the recovery notice

Revision ID: 0013_sessions_and_recovery
Revises: 0012_unregistered_landlords
Create Date: 2026-12-01 14:10:00

Sessions signed before this revision carry no server-side token: everyone signs in again once.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_sessions_and_recovery'
down_revision = '0012_unregistered_landlords'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'account_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('passkey_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.Column('verified_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
        sa.ForeignKeyConstraint(['passkey_id'], ['passkey.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_session_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_session_passkey_id'), ['passkey_id'], unique=False)
    with op.batch_alter_table('passkey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_from', sa.DateTime(), nullable=True))
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recovery_notice_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('recovery_notice_at')
    # A passkey still waiting out its cooling-off would sign in at once without the column: remove it.
    op.execute(sa.text("DELETE FROM passkey WHERE active_from IS NOT NULL"))
    with op.batch_alter_table('passkey', schema=None) as batch_op:
        batch_op.drop_column('active_from')
    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_session_passkey_id'))
        batch_op.drop_index(batch_op.f('ix_account_session_account_id'))
    op.drop_table('account_session')

"""need-to-know: documents addressed by a random token; a hire keeps the name the employer typed; identity claims


Revision ID: 0014_need_to_know
Revises: 0013_sessions_and_recovery
Create Date: 2026-12-01 14:10:00

Existing documents get a fresh random token each; addresses by number stop working. A hire reported by an employer
keeps the worker's name as they typed it (`employment.worker_name`): existing hires get the person's name, which their
employer already saw. An identity claim: someone registered with a number on a record someone else entered.
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0014_need_to_know'
down_revision = '0013_sessions_and_recovery'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=32), nullable=True))
    document = sa.table('document', sa.column('id', sa.Integer), sa.column('token', sa.String))
    connection = op.get_bind()
    ids = connection.execute(sa.select(document.c.id)).scalars().all()
    for document_id in ids:
        connection.execute(
            document.update().where(document.c.id == document_id).values(token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_document_token'), ['token'])
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker_name', sa.String(length=100), nullable=False, server_default=''))
    employment = sa.table(
        'employment', sa.column('person_id', sa.Integer), sa.column('source', sa.String),
        sa.column('worker_name', sa.String),
    )
    person = sa.table('person', sa.column('id', sa.Integer), sa.column('name', sa.String))
    name = sa.select(person.c.name).where(person.c.id == employment.c.person_id).scalar_subquery()
    op.execute(employment.update().where(employment.c.source == 'employer').values(worker_name=name))
    op.create_table('identity_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claimant_id', sa.Integer(), nullable=False),
    sa.Column('placeholder_id', sa.Integer(), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claimant_id'], ['person.id'], name=op.f('fk_identity_claim_claimant_id_person')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['account.id'], name=op.f('fk_identity_claim_decided_by_id_account')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_identity_claim_place_id_place')),
    sa.ForeignKeyConstraint(['placeholder_id'], ['person.id'], name=op.f('fk_identity_claim_placeholder_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_claim'))
    )
    with op.batch_alter_table('identity_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_claim_claimant_id'), ['claimant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_claim_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_claim_placeholder_id'), ['placeholder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identity_claim_status'), ['status'], unique=False)


def downgrade():
    op.drop_table('identity_claim')
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.drop_column('worker_name')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_document_token'), type_='unique')
        batch_op.drop_column('token')

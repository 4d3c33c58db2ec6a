"""need-to-know documents: each document gets a random token, its only address (ids are no longer in URLs)

Revision ID: 0013_need_to_know
Revises: 0012_unregistered_landlords
Create Date: 2026-12-01 14:10:00

Existing documents get a fresh random token each; addresses by number stop working.
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0013_need_to_know'
down_revision = '0012_unregistered_landlords'
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


def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_document_token'), type_='unique')
        batch_op.drop_column('token')

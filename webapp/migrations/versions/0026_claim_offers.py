"""claims named before the other side joined: offered to the person before they are linked

Revision ID: 0026_claim_offers
Revises: 0025_current_tenancy_index
Create Date: 2026-12-02 21:00:00

A tenant who named a landlord not on Xinju (by mobile number), or a worker an employer not on Xinju (by its unified
social credit code), was linked to whoever registered a rental with that number or an organisation with that code:
neither is checked, so anybody could take over those tenants and workers and read their names. The match is now an
offer (offered_property_id, offered_employer_id) that the tenant or worker accepts ("is this your landlord?") before
the landlord or employer sees them.
"""
import sqlalchemy as sa
from alembic import op

revision = '0026_claim_offers'
down_revision = '0025_current_tenancy_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tenancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered_property_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tenancy_offered_property_id'), ['offered_property_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_tenancy_offered_property_id_rental_property'),
            'rental_property',
            ['offered_property_id'],
            ['id'],
        )
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offered_employer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_employment_offered_employer_id'), ['offered_employer_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_employment_offered_employer_id_employer'), 'employer', ['offered_employer_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_employment_offered_employer_id_employer'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_employment_offered_employer_id'))
        batch_op.drop_column('offered_employer_id')
    with op.batch_alter_table('tenancy', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tenancy_offered_property_id_rental_property'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tenancy_offered_property_id'))
        batch_op.drop_column('offered_property_id')

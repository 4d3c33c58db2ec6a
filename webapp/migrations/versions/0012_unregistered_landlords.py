"""a renter names a landlord who is not on Xinju yet: a tenancy without a property, with the landlord's name and mobile

Revision ID: 0012_unregistered_landlords
Revises: 0011_stay_facts
Create Date: 2026-12-01 11:50:00

The tenancy waits ("unlinked") until a landlord registers a rental with that mobile number in the same community.
Downgrading removes unlinked tenancies (their reports keep the address and lose the claim).
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_unregistered_landlords'
down_revision = '0011_stay_facts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tenancy', schema=None) as batch_op:
        batch_op.alter_column('property_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('landlord_name', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('landlord_phone', sa.String(length=11), nullable=True))
        batch_op.create_index(batch_op.f('ix_tenancy_landlord_phone'), ['landlord_phone'], unique=False)


def downgrade():
    tenancy = sa.table('tenancy', sa.column('id', sa.Integer), sa.column('property_id', sa.Integer))
    report = sa.table('residence_report', sa.column('tenancy_id', sa.Integer))
    unlinked = sa.select(tenancy.c.id).where(tenancy.c.property_id.is_(None))
    op.execute(report.update().where(report.c.tenancy_id.in_(unlinked)).values(tenancy_id=None))
    op.execute(tenancy.delete().where(tenancy.c.property_id.is_(None)))
    with op.batch_alter_table('tenancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenancy_landlord_phone'))
        batch_op.drop_column('landlord_phone')
        batch_op.drop_column('landlord_name')
        batch_op.alter_column('property_id', existing_type=sa.Integer(), nullable=False)

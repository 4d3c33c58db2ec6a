"""the planned stay as a number with its unit, and the facts the permit rules ask

Revision ID: 0011_stay_facts
Revises: 0010_document_files
Create Date: 2026-12-01 11:20:00

The planned stay was a range ("30 days to 6 months") that the rules counted at its lowest value; it is now what
the person says, a number and its unit. Existing reports keep the value the rules counted: lt3 → 2 days,
d3_29 → 3 days, d30_179 → 30 days, m6_12 → 6 months, y1plus ("more than a year") → no end planned.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_stay_facts'
down_revision = '0010_document_files'
branch_labels = None
depends_on = None

OLD = {"lt3": (2, "days"), "d3_29": (3, "days"), "d30_179": (30, "days"), "m6_12": (6, "months")}


def upgrade():
    with op.batch_alter_table('residence_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stay_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('stay_unit', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('resided_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('work_proof', sa.String(length=20), nullable=False, server_default='none'))
        batch_op.add_column(sa.Column('work_proof_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('insurance_months', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('full_time_study', sa.Boolean(), nullable=True))
    report = sa.table('residence_report', sa.column('intended_stay', sa.String), sa.column('stay_count', sa.Integer),
                      sa.column('stay_unit', sa.String))
    for code, (count, unit) in OLD.items():
        op.execute(report.update().where(report.c.intended_stay == code).values(stay_count=count, stay_unit=unit))
    with op.batch_alter_table('residence_report', schema=None) as batch_op:
        batch_op.drop_column('intended_stay')


def downgrade():
    with op.batch_alter_table('residence_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intended_stay', sa.String(length=10), nullable=False, server_default='y1plus'))
    report = sa.table('residence_report', sa.column('intended_stay', sa.String), sa.column('stay_count', sa.Integer),
                      sa.column('stay_unit', sa.String))
    days = sa.case((report.c.stay_unit == 'months', report.c.stay_count * 30),
                   (report.c.stay_unit == 'years', report.c.stay_count * 365), else_=report.c.stay_count)
    op.execute(report.update().where(report.c.stay_count.is_not(None)).values(
        intended_stay=sa.case((days < 3, 'lt3'), (days < 30, 'd3_29'), (days < 183, 'd30_179'), (days < 366, 'm6_12'),
                              else_='y1plus')))
    with op.batch_alter_table('residence_report', schema=None) as batch_op:
        batch_op.drop_column('full_time_study')
        batch_op.drop_column('insurance_months')
        batch_op.drop_column('work_proof_since')
        batch_op.drop_column('work_proof')
        batch_op.drop_column('resided_since')
        batch_op.drop_column('stay_unit')
        batch_op.drop_column('stay_count')

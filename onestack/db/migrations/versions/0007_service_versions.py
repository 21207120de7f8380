"""services: the RPC API version each service accepts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 17:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('version')

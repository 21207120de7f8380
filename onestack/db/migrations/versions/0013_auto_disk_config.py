"""instances: auto_disk_config, the server's OS-DCF:diskConfig

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00.000000

Servers made before 0013 were shown as MANUAL; they stay MANUAL.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auto_disk_config', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('auto_disk_config')

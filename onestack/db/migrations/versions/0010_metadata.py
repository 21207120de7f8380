"""the metadata service: passwords instances post, integer ids of images for EC2

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mariadb') \
    .with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    op.create_table('instance_passwords',
    sa.Column('instance_uuid', sa.String(length=36), nullable=False),
    sa.Column('password', sa.Text(), nullable=False),
    sa.Column('created_at', DATETIME, nullable=False),
    sa.PrimaryKeyConstraint('instance_uuid')
    )
    op.create_table('ec2_image_ids',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )


def downgrade():
    op.drop_table('ec2_image_ids')
    op.drop_table('instance_passwords')

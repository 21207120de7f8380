"""the networking API's view of nova-network: subnets, drafts, ports, routers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 20:30:00.000000

Each network gets the id of its one subnet (existing ones a new uuid
each); fixed IPs learn whether they are ports made through the API.
"""
import uuid

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mariadb').with_variant(
    mysql.DATETIME(fsp=6), 'mysql')


def _stamps():
    return [sa.Column('created_at', TIME, nullable=False),
            sa.Column('updated_at', TIME, nullable=True)]


def upgrade():
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subnet_uuid', sa.String(length=36),
                                      nullable=True))
        batch_op.add_column(sa.Column('subnet_name', sa.String(length=255),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description', sa.String(length=255),
                                      nullable=False, server_default=''))
    connection = op.get_bind()
    for (network_id,) in connection.execute(sa.text("SELECT id FROM networks")).all():
        connection.execute(sa.text("UPDATE networks SET subnet_uuid = :subnet "
                                   "WHERE id = :id"),
                           {"subnet": str(uuid.uuid4()), "id": network_id})
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.alter_column('subnet_uuid', existing_type=sa.String(length=36),
                              nullable=False)
        batch_op.create_unique_constraint('uq_networks_subnet_uuid', ['subnet_uuid'])
    with op.batch_alter_table('fixed_ips', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preserve_on_delete', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('admin_state_up', sa.Boolean(),
                                      nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('description', sa.String(length=255),
                                      nullable=False, server_default=''))
    op.create_table('network_drafts',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('uuid', sa.String(length=36), nullable=False),
                    sa.Column('name', sa.String(length=255), nullable=False),
                    sa.Column('description', sa.String(length=255), nullable=False),
                    sa.Column('project_id', sa.String(length=255), nullable=True),
                    sa.Column('mtu', sa.Integer(), nullable=True),
                    *_stamps(),
                    sa.PrimaryKeyConstraint('id'), sa.UniqueConstraint('uuid'))
    with op.batch_alter_table('network_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_drafts_project_id'),
                              ['project_id'], unique=False)
    op.create_table('routers',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('uuid', sa.String(length=36), nullable=False),
                    sa.Column('name', sa.String(length=255), nullable=False),
                    sa.Column('description', sa.String(length=255), nullable=False),
                    sa.Column('project_id', sa.String(length=255), nullable=False),
                    sa.Column('admin_state_up', sa.Boolean(), nullable=False),
                    sa.Column('gateway_pool', sa.String(length=255), nullable=True),
                    sa.Column('enable_snat', sa.Boolean(), nullable=False),
                    *_stamps(),
                    sa.PrimaryKeyConstraint('id'), sa.UniqueConstraint('uuid'))
    with op.batch_alter_table('routers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routers_project_id'), ['project_id'],
                              unique=False)
    op.create_table('router_interfaces',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('port_uuid', sa.String(length=36), nullable=False),
                    sa.Column('router_id', sa.Integer(), nullable=False),
                    sa.Column('network_id', sa.Integer(), nullable=False),
                    sa.Column('mac_address', sa.String(length=17), nullable=False),
                    *_stamps(),
                    sa.ForeignKeyConstraint(['network_id'], ['networks.id'],
                                            ondelete='CASCADE'),
                    sa.ForeignKeyConstraint(['router_id'], ['routers.id'],
                                            ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'), sa.UniqueConstraint('network_id'),
                    sa.UniqueConstraint('port_uuid'))
    with op.batch_alter_table('router_interfaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_router_interfaces_router_id'),
                              ['router_id'], unique=False)


def downgrade():
    op.drop_table('router_interfaces')
    op.drop_table('routers')
    op.drop_table('network_drafts')
    with op.batch_alter_table('fixed_ips', schema=None) as batch_op:
        batch_op.drop_column('description')
        batch_op.drop_column('admin_state_up')
        batch_op.drop_column('preserve_on_delete')
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_constraint('uq_networks_subnet_uuid', type_='unique')
        batch_op.drop_column('description')
        batch_op.drop_column('subnet_name')
        batch_op.drop_column('subnet_uuid')

"""networks: dhcp_server, host_routes, allocation_pools; fixed_ips: ports
without an address (on a network that had no subnet when they were made),
binding attributes; router_interfaces: the port an interface was made from;
services: description (the networking API's agents); network_drafts:
external (router:external, the administrator's: its subnet makes a pool)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00.000000

A network's dhcp_server is the network host's address on its bridge when it
is not the gateway (a subnet without a gateway, or whose gateway moved);
NULL: the gateway, as before 0014. A port without an address has no
network_id (a network without a subnet is no nova-network network yet): its
network_uuid names the network.
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('network_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.String(length=255),
                                      nullable=True))
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dhcp_server', sa.String(length=39), nullable=True))
        batch_op.add_column(sa.Column('host_routes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('allocation_pools', sa.Text(), nullable=True))
    with op.batch_alter_table('fixed_ips', schema=None) as batch_op:
        batch_op.alter_column('network_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('address', existing_type=sa.String(length=39),
                              nullable=True)
        batch_op.add_column(sa.Column('network_uuid', sa.String(length=36),
                                      nullable=True))
        batch_op.add_column(sa.Column('binding_host_id', sa.String(length=255),
                                      nullable=True))
        batch_op.add_column(sa.Column('binding_profile', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('binding_vnic_type', sa.String(length=64),
                                      nullable=False, server_default='normal'))
        batch_op.create_index(batch_op.f('ix_fixed_ips_network_uuid'), ['network_uuid'],
                              unique=False)
    with op.batch_alter_table('router_interfaces', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fixed_ip_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_router_interfaces_fixed_ip_id'),
                                          ['fixed_ip_id'])
        batch_op.create_foreign_key(batch_op.f('fk_router_interfaces_fixed_ip_id'),
                                    'fixed_ips', ['fixed_ip_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('router_interfaces', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_router_interfaces_fixed_ip_id'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_router_interfaces_fixed_ip_id'),
                                 type_='unique')
        batch_op.drop_column('fixed_ip_id')
    op.execute("DELETE FROM fixed_ips WHERE address IS NULL")
    with op.batch_alter_table('fixed_ips', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fixed_ips_network_uuid'))
        batch_op.drop_column('binding_vnic_type')
        batch_op.drop_column('binding_profile')
        batch_op.drop_column('binding_host_id')
        batch_op.drop_column('network_uuid')
        batch_op.alter_column('address', existing_type=sa.String(length=39),
                              nullable=False)
        batch_op.alter_column('network_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('description')
    with op.batch_alter_table('network_drafts', schema=None) as batch_op:
        batch_op.drop_column('external')
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_column('allocation_pools')
        batch_op.drop_column('host_routes')
        batch_op.drop_column('dhcp_server')

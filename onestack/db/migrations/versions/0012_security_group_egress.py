"""security groups: Neutron's egress rules on the groups made before them;
floating IPs: a description

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 20:30:00.000000

The network hosts filter egress by the rules of a server's groups, and groups
are now made with Neutron's open egress rules (IPv4 and IPv6). A group made
before has none: it gets them here, so that its servers keep sending what
they sent before; a `default` group also gets its IPv6 rule from its own
members. The rules are ordinary ones that the owner may delete.

A floating IP gets the description the networking API shows and sets.
"""
import datetime
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

rules = sa.table(
    'security_group_rules', sa.column('uuid'), sa.column('group_id'),
    sa.column('direction'), sa.column('ethertype'), sa.column('protocol'),
    sa.column('port_range_min'), sa.column('port_range_max'),
    sa.column('remote_ip_prefix'), sa.column('remote_group_id'),
    sa.column('description'), sa.column('project_id'), sa.column('created_at'))


def _row(group, direction, ethertype, remote_group_id=None):
    return {'uuid': str(uuid.uuid4()), 'group_id': group.id, 'direction': direction,
            'ethertype': ethertype, 'protocol': None, 'port_range_min': None,
            'port_range_max': None, 'remote_ip_prefix': None,
            'remote_group_id': remote_group_id, 'description': '',
            'project_id': group.project_id,
            'created_at': datetime.datetime.now(datetime.timezone.utc)
            .replace(tzinfo=None)}


def upgrade():
    with op.batch_alter_table('floating_ips', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.String(length=255),
                                      nullable=False, server_default=''))
    connection = op.get_bind()
    groups = connection.execute(sa.text(
        "SELECT id, name, project_id FROM security_groups")).all()
    with_egress = set(connection.execute(sa.text(
        "SELECT DISTINCT group_id FROM security_group_rules "
        "WHERE direction = 'egress'")).scalars())
    self_v6 = set(connection.execute(sa.text(
        "SELECT group_id FROM security_group_rules WHERE direction = 'ingress' "
        "AND ethertype = 'IPv6' AND remote_group_id = group_id")).scalars())
    new = []
    for group in groups:
        if group.id not in with_egress:
            new += [_row(group, 'egress', 'IPv4'), _row(group, 'egress', 'IPv6')]
        if group.name == 'default' and group.id not in self_v6:
            new.append(_row(group, 'ingress', 'IPv6', group.id))
    if new:
        op.bulk_insert(rules, new)


def downgrade():
    with op.batch_alter_table('floating_ips', schema=None) as batch_op:
        batch_op.drop_column('description')
    # The rules stay: the schema is the same before 0012, the older code
    # filters by them just the same, and their owners may rely on them now.
    pass

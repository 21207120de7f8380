"""allocations keyed by consumer; per-user quota limits with a user column;
the drivers' capabilities on compute nodes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 17:00:00

Existing instances get the allocations their host's counters already count:
an instance on its node, and a resize or migration waiting for confirmation
keeps its source node under the migration's uuid. User limits kept in
quota_limits under "<project>/<user>" move to project_user_quotas.
"""
import json
import math

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mariadb') \
    .with_variant(mysql.DATETIME(fsp=6), 'mysql')


def upgrade():
    with op.batch_alter_table('compute_nodes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capabilities', sa.Text(), nullable=False,
                                      server_default='{}'))
    op.create_table(
        'allocations',
        sa.Column('consumer_uuid', sa.String(length=36), nullable=False),
        sa.Column('node_id', sa.Integer(), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('disk_gb', sa.Integer(), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.ForeignKeyConstraint(['node_id'], ['compute_nodes.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('consumer_uuid', 'node_id'))
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocations_node_id'), ['node_id'],
                              unique=False)
    op.create_table(
        'project_user_quotas',
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        sa.Column('created_at', DATETIME, nullable=False),
        sa.Column('updated_at', DATETIME, nullable=True),
        sa.PrimaryKeyConstraint('project_id', 'user_id', 'resource'))
    _move_user_limits()
    _allocate_existing_instances()


def _move_user_limits():
    bind = op.get_bind()
    limits = sa.table('quota_limits', sa.column('project_id'), sa.column('resource'),
                      sa.column('hard_limit'), sa.column('created_at'))
    user_limits = sa.table('project_user_quotas', sa.column('project_id'),
                           sa.column('user_id'), sa.column('resource'),
                           sa.column('hard_limit'), sa.column('created_at'))
    rows = bind.execute(sa.select(limits).where(limits.c.project_id.like('%/%'))).all()
    for row in rows:
        project_id, _, user_id = row.project_id.partition('/')
        bind.execute(user_limits.insert().values(
            project_id=project_id, user_id=user_id, resource=row.resource,
            hard_limit=row.hard_limit, created_at=row.created_at))
    bind.execute(limits.delete().where(limits.c.project_id.like('%/%')))


def _resources(flavor_json):
    flavor = json.loads(flavor_json or '{}')
    if not flavor:
        return None
    disk = (int(flavor.get('root_gb') or 0) + int(flavor.get('ephemeral_gb') or 0)
            + math.ceil(int(flavor.get('swap') or 0) / 1024))
    return int(flavor['vcpus']), int(flavor['memory_mb']), disk


def _allocate_existing_instances():
    bind = op.get_bind()
    nodes = {(row.host, row.hypervisor_hostname): row.id for row in bind.execute(
        sa.text('SELECT id, host, hypervisor_hostname FROM compute_nodes'))}
    instances = bind.execute(sa.text(
        'SELECT uuid, host, node, flavor, old_flavor, migration_host, vm_state, '
        'created_at FROM instances WHERE deleted = :false AND host IS NOT NULL'),
        {'false': False}).all()
    allocations = sa.table('allocations', sa.column('consumer_uuid'),
                           sa.column('node_id'), sa.column('vcpus'),
                           sa.column('memory_mb'), sa.column('disk_gb'),
                           sa.column('created_at'))

    def allocate(consumer, node_id, flavor_json, created_at):
        amounts = _resources(flavor_json)
        if node_id is None or amounts is None:
            return
        bind.execute(allocations.insert().values(
            consumer_uuid=consumer, node_id=node_id, vcpus=amounts[0],
            memory_mb=amounts[1], disk_gb=amounts[2], created_at=created_at))

    for row in instances:
        node_id = nodes.get((row.host, row.node)) or next(
            (i for (h, _), i in nodes.items() if h == row.host), None)
        allocate(row.uuid, node_id, row.flavor, row.created_at)
        if row.vm_state == 'resized' and row.migration_host and row.old_flavor:
            migration = bind.execute(sa.text(
                "SELECT uuid FROM migrations WHERE instance_uuid = :uuid AND status "
                "NOT IN ('confirmed', 'reverted', 'completed', 'done', 'error', "
                "'failed', 'cancelled') ORDER BY id DESC"), {'uuid': row.uuid}).first()
            old_node = json.loads(row.old_flavor).get('node')
            source = nodes.get((row.migration_host, old_node)) or next(
                (i for (h, _), i in nodes.items() if h == row.migration_host), None)
            if migration is not None and source is not None:
                allocate(migration.uuid, source, row.old_flavor, row.created_at)


def downgrade():
    op.execute("INSERT INTO quota_limits (project_id, resource, hard_limit, created_at) "
               "SELECT project_id || '/' || user_id, resource, hard_limit, created_at "
               "FROM project_user_quotas" if op.get_bind().dialect.name not in ('mysql', 'mariadb') else
               "INSERT INTO quota_limits (project_id, resource, hard_limit, created_at) "
               "SELECT CONCAT(project_id, '/', user_id), resource, hard_limit, "
               "created_at FROM project_user_quotas")
    op.drop_table('project_user_quotas')
    op.drop_table('allocations')  # with its index, which MySQL's foreign key needs
    with op.batch_alter_table('compute_nodes', schema=None) as batch_op:
        batch_op.drop_column('capabilities')

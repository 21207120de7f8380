"""credentials: the hash of the key that encrypted each blob

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 18:00:00.000000

Existing blobs stay in plain text here (NULL key_hash): a migration cannot
read the credential key repository. `onestack-manage bootstrap` (which
`make run` runs) and `onestack-manage credential migrate` encrypt them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_hash', sa.String(length=64), nullable=True))


def downgrade():
    # A downgrade cannot decrypt the blobs either: it refuses while any is
    # encrypted, rather than leave tokens the older code would hand out.
    connection = op.get_bind()
    encrypted = connection.execute(sa.text(
        "SELECT COUNT(*) FROM credentials WHERE key_hash IS NOT NULL")).scalar()
    if encrypted:
        raise RuntimeError(f"{encrypted} credentials are encrypted; the schema "
                           "before 0008 stores them in plain text.")
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_column('key_hash')

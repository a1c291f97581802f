"""audit log: indexes for its keyset pages, its filters and its filter menus

Every page of the audit log is read newest first on (at, id), whatever the filter: each filter has an
index that ends in (at, id), so a page is a walk down one index, never a scan of the log. The menus of
actions and kinds of object are read one index probe per distinct value (a loose index scan) on the
first column of the same indexes. The round's history (object_type 'Round', object_id) uses the
object index too.

Revision ID: pages_audit_indexes
Revises: 34440586923d
Create Date: 2026-12-03 08:40:00

"""
from alembic import op

revision = 'pages_audit_indexes'
down_revision = '34440586923d'  # after reports_final_reports
branch_labels = None
depends_on = None

INDEXES = {
    'ix_audit_entry_at_id': ['at', 'id'],
    'ix_audit_entry_action_at': ['action', 'at', 'id'],
    'ix_audit_entry_object_at': ['object_type', 'object_id', 'at', 'id'],
    'ix_audit_entry_actor_at': ['actor_id', 'at', 'id'],
}


def upgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_at')
        batch_op.drop_index('ix_audit_entry_actor_id')
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
        batch_op.create_index('ix_audit_entry_actor_id', ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_entry_at', ['at'], unique=False)

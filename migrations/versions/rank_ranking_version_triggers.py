"""focus area: ranking_version becomes a random token kept by triggers on every table the ranking reads;
review_summary kept by triggers on review

Revision ID: rank_ranking_triggers
Revises: pages_audit_indexes
Create Date: 2026-12-03 08:45:00

"""
import sqlalchemy as sa
from alembic import op

from potten.decisions import ranking_version
from potten.review import summary

# revision identifiers, used by Alembic.
revision = 'rank_ranking_triggers'
down_revision = 'letters_every_outcome'  # last: its triggers are made on the tables as the others leave them
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.alter_column('ranking_version', existing_type=sa.Integer(), server_default=None,
                              existing_nullable=False)
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.alter_column('ranking_version', existing_type=sa.Integer(), type_=sa.String(length=36),
                              server_default='', existing_nullable=False,
                              postgresql_using="gen_random_uuid()::text")
    if dialect == 'sqlite':  # on PostgreSQL, USING gave every area a random version already
        op.execute("UPDATE focus_area SET ranking_version = lower(hex(randomblob(16)))")
    for statement in summary.create(dialect) + ranking_version.create(dialect):  # as db.create_all() runs them
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in ranking_version.drop(dialect) + summary.drop(dialect):
        op.execute(statement)
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.alter_column('ranking_version', existing_type=sa.String(length=36), server_default=None,
                              existing_nullable=False)
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.alter_column('ranking_version', existing_type=sa.String(length=36), type_=sa.Integer(),
                              server_default='0', existing_nullable=False, postgresql_using="0")

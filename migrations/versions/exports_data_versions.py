"""data_version: named versions of derived data kept by triggers (the grants list and its files; the
payouts exports and the finance desk's sums), so that what is built from them is cached until they change

Revision ID: exports_data_versions
Revises: lists_application_status_index
Create Date: 2026-12-03 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from potten.core import versions
from potten.finance import money_version
from potten.public import grants

revision = 'exports_data_versions'
down_revision = 'lists_application_status_index'
branch_labels = None
depends_on = None

NAMES = (grants.VERSION, money_version.VERSION)


def upgrade():
    op.create_table('data_version',
                    sa.Column('name', sa.String(length=40), nullable=False),
                    sa.Column('version', sa.String(length=36), nullable=False),
                    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_version')))
    dialect = op.get_bind().dialect.name
    for name in NAMES:
        for statement in [*versions.create(dialect, name), versions.first(dialect, name)]:  # as db.create_all()
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for name in NAMES:
        for statement in versions.drop(dialect, name):
            op.execute(statement)
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS data_version_raise(varchar)")
    op.drop_table('data_version')

"""the payouts version also watches what the finance desk's queues and repayment claims show (a payout's
version, request time and note; a claim's deadlines, closing and waiver reason; the names of applicants with
a claim), so that the desk's lists are kept under it too

Revision ID: money_desk_lists_watched
Revises: exports_data_versions
Create Date: 2026-12-03 18:30:00

"""
from alembic import op

from potten.core import versions
from potten.finance import money_version

revision = 'money_desk_lists_watched'
down_revision = 'exports_data_versions'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    for statement in [*versions.drop(dialect, money_version.VERSION), *versions.create(dialect, money_version.VERSION)]:
        op.execute(statement)


def downgrade():
    pass  # the wider triggers only raise the version more often; exports_data_versions' downgrade drops them

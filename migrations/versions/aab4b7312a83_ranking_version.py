"""focus area: ranking_version, the key of the ranking cache

Revision ID: aab4b7312a83
Revises: e6b1f1f2affd
Create Date: 2026-11-27 04:59:31.194126

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


# revision identifiers, used by Alembic.
revision = 'aab4b7312a83'
down_revision = 'e6b1f1f2affd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ranking_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('focus_area', schema=None) as batch_op:
        batch_op.drop_column('ranking_version')

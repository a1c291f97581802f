"""login throttle: wrong passwords counted per (hashed) e-mail address

Revision ID: e6b1f1f2affd
Revises: 6df77fdc7cf2
Create Date: 2026-11-27 03:27:10.962417

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


# revision identifiers, used by Alembic.
revision = 'e6b1f1f2affd'
down_revision = '6df77fdc7cf2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_failure_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )


def downgrade():
    op.drop_table('login_throttle')

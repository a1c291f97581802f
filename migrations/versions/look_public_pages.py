"""public pages: the texts of the privacy notice and accessibility statement, and a private
applicant's consent to their name in the public list of grants

Revision ID: 7a1c0b14e5d2
Revises: 34440586923d
Create Date: 2026-12-03 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


# revision identifiers, used by Alembic.
revision = '7a1c0b14e5d2'
down_revision = 'harden01'  # after harden (sessions and invitations)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'public_text',
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('locale', sa.String(length=2), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_at', potten.core.types.UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("key IN ('privacy', 'accessibility')", name=op.f('ck_public_text_key_known')),
        sa.CheckConstraint("locale IN ('nb', 'en')", name=op.f('ck_public_text_locale_known')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_public_text_updated_by_id_user')),
        sa.PrimaryKeyConstraint('key', 'locale', name=op.f('pk_public_text')),
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_name', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('publish_name')
    op.drop_table('public_text')

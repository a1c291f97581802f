"""Server-side sessions (user_session) and invitations to organisations (organisation_invitation)

Revision ID: harden01
Revises: 34440586923d
"""
import sqlalchemy as sa
from alembic import op

import potten.core.types

revision = "harden01"
down_revision = "pages_audit_indexes"  # after the audit indexes (which follow reports)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", potten.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", potten.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_session_token_hash")),
    )
    with op.batch_alter_table("user_session") as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)
    op.create_table(
        "organisation_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", potten.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", potten.core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["invited_by_id"], ["user.id"],
                                name=op.f("fk_organisation_invitation_invited_by_id_user")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_invitation_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_invitation")),
        sa.UniqueConstraint("organisation_id", "email", name=op.f("uq_organisation_invitation_organisation_id")),
    )
    with op.batch_alter_table("organisation_invitation") as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_invitation_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_invitation_organisation_id"), ["organisation_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("organisation_invitation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_invitation_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_invitation_email"))
    op.drop_table("organisation_invitation")
    with op.batch_alter_table("user_session") as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")

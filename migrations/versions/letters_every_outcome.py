"""letters for every outcome: PDF and kind of each letter, the board's decisions,
conditions and standard reasons in both languages, letter settings, a postal address

Revision ID: letters_every_outcome
Revises: 34440586923d
Create Date: 2026-12-03 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


revision = 'letters_every_outcome'
down_revision = '7a1c0b14e5d2'  # after look's public pages
branch_labels = None
depends_on = None

CONDITIONS_EN = (
    "The grant may only be used for the project as it is described in the application and its budget. "
    "A final report with accounts must be delivered by the deadline given in the decision. "
    "Money that is not used must be paid back to Larvik kommune."
)
OLD_STATES = "state IN ('filed', 'changed', 'forwarded', 'board_upheld', 'board_changed')"
NEW_STATES = "state IN ('filed', 'changed', 'forwarded', 'board_upheld', 'board_changed', 'board_sent_back')"


def upgrade():
    op.create_table('letter_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rules_name', sa.String(length=200), nullable=False),
    sa.Column('rules_name_en', sa.String(length=200), nullable=False),
    sa.Column('rules_date', sa.Date(), nullable=False),
    sa.Column('rules_text', sa.Text(), nullable=False),
    sa.Column('rules_text_en', sa.Text(), nullable=False),
    sa.Column('delegation', sa.Text(), nullable=False),
    sa.Column('delegation_en', sa.Text(), nullable=False),
    sa.Column('decider_role', sa.String(length=200), nullable=False),
    sa.Column('decider_role_en', sa.String(length=200), nullable=False),
    sa.Column('board_weeks', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('visiting_address', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('updated_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('board_weeks > 0 AND board_weeks <= 52', name=op.f('ck_letter_settings_board_weeks_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_settings'))
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appeal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('number', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('pdf', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('pdf_size', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('uq_letter_decision_id'), type_='unique')
        batch_op.create_index(batch_op.f('ix_letter_decision_id'), ['decision_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_letter_appeal_id_appeal'), 'appeal', ['appeal_id'], ['id'])
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('general_conditions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('by_board', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('decision_defaults', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conditions_en', sa.Text(), server_default=CONDITIONS_EN, nullable=False))
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('board_decision_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_appeal_board_decision_id_decision'), 'decision',
                                    ['board_decision_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_appeal_state_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_appeal_state_known'), NEW_STATES)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('postcode', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('city', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('city')
        batch_op.drop_column('postcode')
        batch_op.drop_column('address')
    op.execute("UPDATE appeal SET state = 'board_changed' WHERE state = 'board_sent_back'")
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_appeal_state_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_appeal_state_known'), OLD_STATES)
        batch_op.drop_constraint(batch_op.f('fk_appeal_board_decision_id_decision'), type_='foreignkey')
        batch_op.drop_column('board_decision_id')
    with op.batch_alter_table('decision_defaults', schema=None) as batch_op:
        batch_op.drop_column('conditions_en')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('by_board')
        batch_op.drop_column('general_conditions')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letter_appeal_id_appeal'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_letter_decision_id'))
        batch_op.create_unique_constraint(op.f('uq_letter_decision_id'), ['decision_id'])
        batch_op.drop_column('pdf_size')
        batch_op.drop_column('pdf')
        batch_op.drop_column('number')
        batch_op.drop_column('appeal_id')
    op.drop_table('letter_settings')

"""finance: the round's payout plan, the answer to a grant, grant ledgers, payouts and payment batches

Revision ID: 1b200f45fec6
Revises: aab4b7312a83
Create Date: 2026-12-03 08:14:11.966983

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


# revision identifiers, used by Alembic.
revision = '1b200f45fec6'
down_revision = 'aab4b7312a83'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payment_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=35), nullable=False),
    sa.Column('execution_date', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint('count > 0 AND total > 0', name=op.f('ck_payment_batch_not_empty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_payment_batch_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_batch')),
    sa.UniqueConstraint('message_id', name=op.f('uq_payment_batch_message_id'))
    )
    op.create_table('grant_answer',
    sa.Column('decision_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("answer = 'accepted' OR how = 'applicant'", name=op.f('ck_grant_answer_only_applicant_declines')),
    sa.CheckConstraint("answer IN ('accepted', 'declined')", name=op.f('ck_grant_answer_answer_known')),
    sa.CheckConstraint("how = 'automatic' OR answered_by_id IS NOT NULL", name=op.f('ck_grant_answer_who_answered')),
    sa.CheckConstraint("how IN ('applicant', 'automatic', 'carried_over')", name=op.f('ck_grant_answer_how_known')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_grant_answer_answered_by_id_user')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_grant_answer_application_id_application')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_grant_answer_decision_id_decision')),
    sa.PrimaryKeyConstraint('decision_id', name=op.f('pk_grant_answer'))
    )
    with op.batch_alter_table('grant_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grant_answer_application_id'), ['application_id'], unique=False)

    op.create_table('grant_ledger',
    sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('granted', sa.Integer(), nullable=False),
    sa.Column('allocated', sa.Integer(), nullable=False),
    sa.Column('paid', sa.Integer(), nullable=False),
    sa.Column('account_number', sa.String(length=11), nullable=True),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('allocated >= 0 AND allocated <= granted', name=op.f('ck_grant_ledger_allocated_within_grant')),
    sa.CheckConstraint('granted >= 0', name=op.f('ck_grant_ledger_granted_not_negative')),
    sa.CheckConstraint('paid >= 0 AND paid <= allocated', name=op.f('ck_grant_ledger_paid_within_allocated')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_grant_ledger_application_id_application')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_grant_ledger_decision_id_decision')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_grant_ledger'))
    )
    op.create_table('payout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.String(length=16), nullable=False),
    sa.Column('due_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('account_number', sa.String(length=11), nullable=True),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attested_by_id', sa.Integer(), nullable=True),
    sa.Column('attested_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('authorised_by_id', sa.Integer(), nullable=True),
    sa.Column('authorised_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paid_by_id', sa.Integer(), nullable=True),
    sa.Column('paid_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("NOT status IN ('attested', 'authorised', 'sent', 'paid', 'failed') OR (attested_by_id IS NOT NULL AND attested_at IS NOT NULL)", name=op.f('ck_payout_attested_has_who')),
    sa.CheckConstraint("NOT status IN ('authorised', 'sent', 'paid', 'failed') OR (authorised_by_id IS NOT NULL AND authorised_at IS NOT NULL)", name=op.f('ck_payout_authorised_has_who')),
    sa.CheckConstraint("NOT status IN ('paid') OR (paid_by_id IS NOT NULL AND paid_at IS NOT NULL)", name=op.f('ck_payout_paid_has_who')),
    sa.CheckConstraint("NOT status IN ('requested', 'attested', 'authorised', 'sent', 'paid', 'failed') OR (requested_at IS NOT NULL AND account_number IS NOT NULL)", name=op.f('ck_payout_requested_has_who')),
    sa.CheckConstraint("NOT status IN ('sent', 'paid') OR (sent_at IS NOT NULL AND batch_id IS NOT NULL)", name=op.f('ck_payout_sent_has_batch')),
    sa.CheckConstraint("due_on IN ('acceptance', 'final_report')", name=op.f('ck_payout_due_on_known')),
    sa.CheckConstraint("status IN ('planned', 'requested', 'attested', 'authorised', 'sent', 'paid', 'failed', 'cancelled')", name=op.f('ck_payout_status_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payout_amount_positive')),
    sa.CheckConstraint('attested_by_id <> applicant_id AND attested_by_id <> decided_by_id', name=op.f('ck_payout_attestant_not_party')),
    sa.CheckConstraint('authorised_by_id <> applicant_id AND authorised_by_id <> attested_by_id', name=op.f('ck_payout_authoriser_is_a_second_person')),
    sa.CheckConstraint('authorised_by_id IS NULL OR attested_by_id IS NOT NULL', name=op.f('ck_payout_attested_first')),
    sa.ForeignKeyConstraint(['applicant_id'], ['user.id'], name=op.f('fk_payout_applicant_id_user')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_payout_application_id_application')),
    sa.ForeignKeyConstraint(['application_id'], ['grant_ledger.application_id'], name=op.f('fk_payout_application_id_grant_ledger')),
    sa.ForeignKeyConstraint(['attested_by_id'], ['user.id'], name=op.f('fk_payout_attested_by_id_user')),
    sa.ForeignKeyConstraint(['authorised_by_id'], ['user.id'], name=op.f('fk_payout_authorised_by_id_user')),
    sa.ForeignKeyConstraint(['batch_id'], ['payment_batch.id'], name=op.f('fk_payout_batch_id_payment_batch')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['user.id'], name=op.f('fk_payout_cancelled_by_id_user')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_payout_decided_by_id_user')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_payout_decision_id_decision')),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_area.id'], name=op.f('fk_payout_focus_area_id_focus_area')),
    sa.ForeignKeyConstraint(['paid_by_id'], ['user.id'], name=op.f('fk_payout_paid_by_id_user')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_payout_requested_by_id_user')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_payout_sent_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout'))
    )
    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_payout_one_open_request', ['application_id'], unique=True, sqlite_where=sa.text("status IN ('requested', 'attested', 'authorised')"), postgresql_where=sa.text("status IN ('requested', 'attested', 'authorised')"))
        batch_op.create_index('ix_payout_status_requested_at', ['status', 'requested_at', 'id'], unique=False)

    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payout_plan', sa.String(length=16), server_default='after_report', nullable=False))
        batch_op.add_column(sa.Column('advance_percent', sa.Integer(), server_default='75', nullable=False))
        batch_op.add_column(sa.Column('acceptance_days', sa.Integer(), server_default='21', nullable=False))
        batch_op.create_check_constraint(op.f('ck_round_payout_plan_known'),
                                         "payout_plan IN ('after_report', 'advance', 'at_acceptance')")
        batch_op.create_check_constraint(op.f('ck_round_advance_percent_range'), 'advance_percent BETWEEN 1 AND 99')
        batch_op.create_check_constraint(op.f('ck_round_acceptance_days_range'), 'acceptance_days BETWEEN 1 AND 365')



def downgrade():
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_round_acceptance_days_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_round_advance_percent_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_round_payout_plan_known'), type_='check')
        batch_op.drop_column('acceptance_days')
        batch_op.drop_column('advance_percent')
        batch_op.drop_column('payout_plan')

    with op.batch_alter_table('payout', schema=None) as batch_op:
        batch_op.drop_index('ix_payout_status_requested_at')
        batch_op.drop_index('ix_payout_one_open_request', sqlite_where=sa.text("status IN ('requested', 'attested', 'authorised')"), postgresql_where=sa.text("status IN ('requested', 'attested', 'authorised')"))
        batch_op.drop_index(batch_op.f('ix_payout_batch_id'))
        batch_op.drop_index(batch_op.f('ix_payout_application_id'))

    op.drop_table('payout')
    op.drop_table('grant_ledger')
    with op.batch_alter_table('grant_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grant_answer_application_id'))

    op.drop_table('grant_answer')
    op.drop_table('payment_batch')

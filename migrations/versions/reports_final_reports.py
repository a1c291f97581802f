"""final reports, report lines, attachments and versions; the reminder ledger;
repayment claims; annual reports; the round's reminder steps

Revision ID: 34440586923d
Revises: 1b200f45fec6
Create Date: 2026-12-03 08:10:54.087726

"""
from alembic import op
import sqlalchemy as sa

import potten.core.types


# revision identifiers, used by Alembic.
revision = '34440586923d'
down_revision = '1b200f45fec6'  # after finance_payouts
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('annual_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('built_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('docx', sa.LargeBinary(), nullable=True),
    sa.Column('xlsx', sa.LargeBinary(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['outbox_entry.id'], name=op.f('fk_annual_report_entry_id_outbox_entry')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_annual_report_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report'))
    )
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_report_year'), ['year'], unique=False)

    op.create_table('final_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'sent', 'returned', 'approved', name='reportstatus', native_enum=False, length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.Column('held_from', sa.Date(), nullable=True),
    sa.Column('held_to', sa.Date(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('target_groups', sa.JSON(), nullable=False),
    sa.Column('involvement', sa.Text(), nullable=False),
    sa.Column('dugnad_hours', sa.Integer(), nullable=True),
    sa.Column('worked_well', sa.Text(), nullable=False),
    sa.Column('worked_badly', sa.Text(), nullable=False),
    sa.Column('other_funding', sa.Integer(), nullable=True),
    sa.Column('own_contribution', sa.Integer(), nullable=True),
    sa.Column('unused_amount', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('return_comment', sa.Text(), nullable=False),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'sent', 'returned', 'approved')", name=op.f('ck_final_report_status_known')),
    sa.CheckConstraint('(participants IS NULL OR participants >= 0) AND (dugnad_hours IS NULL OR dugnad_hours >= 0) AND (other_funding IS NULL OR other_funding >= 0) AND (own_contribution IS NULL OR own_contribution >= 0) AND (unused_amount IS NULL OR unused_amount >= 0)', name=op.f('ck_final_report_numbers_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_final_report_application_id_application')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_final_report_confirmed_by_id_user')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_final_report_handled_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_report')),
    sa.UniqueConstraint('application_id', name=op.f('uq_final_report_application_id'))
    )
    with op.batch_alter_table('final_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_final_report_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_final_report_status'), ['status'], unique=False)

    op.create_table('reminder_sent',
    sa.Column('report_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('step', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['final_report.id'], name=op.f('fk_reminder_sent_report_id_final_report')),
    sa.PrimaryKeyConstraint('report_id', 'step', name=op.f('pk_reminder_sent'))
    )
    op.create_table('report_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['final_report.id'], name=op.f('fk_report_attachment_report_id_final_report')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_report_attachment_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_attachment'))
    )
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_attachment_report_id'), ['report_id'], unique=False)

    op.create_table('report_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('budget_line_id', sa.Integer(), nullable=True),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('budgeted', sa.Integer(), nullable=False),
    sa.Column('actual', sa.Integer(), nullable=True),
    sa.CheckConstraint('budgeted >= 0 AND (actual IS NULL OR actual >= 0)', name=op.f('ck_report_line_amounts_not_negative')),
    sa.ForeignKeyConstraint(['budget_line_id'], ['budget_line.id'], name=op.f('fk_report_line_budget_line_id_budget_line')),
    sa.ForeignKeyConstraint(['report_id'], ['final_report.id'], name=op.f('fk_report_line_report_id_final_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_line'))
    )
    with op.batch_alter_table('report_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_line_report_id'), ['report_id'], unique=False)

    op.create_table('report_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_report_version_handled_by_id_user')),
    sa.ForeignKeyConstraint(['report_id'], ['final_report.id'], name=op.f('fk_report_version_report_id_final_report')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_report_version_sent_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_version')),
    sa.UniqueConstraint('report_id', 'version', name='report_version_once')
    )
    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_version_report_id'), ['report_id'], unique=False)

    op.create_table('repayment_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'paid', 'waived', name='claimstatus', native_enum=False, length=16), nullable=False),
    sa.Column('answer_by', sa.Date(), nullable=False),
    sa.Column('notice_letter_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pay_by', sa.Date(), nullable=True),
    sa.Column('decision_letter_id', sa.Integer(), nullable=True),
    sa.Column('waive_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', potten.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', potten.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status <> 'waived' OR waive_reason <> ''", name=op.f('ck_repayment_claim_waived_with_reason')),
    sa.CheckConstraint("status IN ('open', 'paid', 'waived')", name=op.f('ck_repayment_claim_status_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_repayment_claim_amount_positive')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_repayment_claim_application_id_application')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_repayment_claim_closed_by_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_repayment_claim_created_by_id_user')),
    sa.ForeignKeyConstraint(['decision_letter_id'], ['letter.id'], name=op.f('fk_repayment_claim_decision_letter_id_letter')),
    sa.ForeignKeyConstraint(['notice_letter_id'], ['letter.id'], name=op.f('fk_repayment_claim_notice_letter_id_letter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repayment_claim'))
    )
    with op.batch_alter_table('repayment_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repayment_claim_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repayment_claim_status'), ['status'], unique=False)

    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_steps', sa.String(length=100), server_default='-14,0,14,30', nullable=False))
        batch_op.add_column(sa.Column('reports_required', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_column('reports_required')
        batch_op.drop_column('reminder_steps')

    with op.batch_alter_table('repayment_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repayment_claim_status'))
        batch_op.drop_index(batch_op.f('ix_repayment_claim_application_id'))

    op.drop_table('repayment_claim')
    with op.batch_alter_table('report_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_version_report_id'))

    op.drop_table('report_version')
    with op.batch_alter_table('report_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_line_report_id'))

    op.drop_table('report_line')
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_attachment_report_id'))

    op.drop_table('report_attachment')
    op.drop_table('reminder_sent')
    with op.batch_alter_table('final_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_final_report_status'))
        batch_op.drop_index(batch_op.f('ix_final_report_due_date'))

    op.drop_table('final_report')
    with op.batch_alter_table('annual_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_report_year'))

    op.drop_table('annual_report')

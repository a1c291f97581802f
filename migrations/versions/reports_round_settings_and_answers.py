"""final reports: the report period and the auditor threshold are settings of the round; the auditor's
statement among a report's attachments; the applicant's answer to an advance notice; indexes the
staff's report lists walk in order

The report period (days from a project's end to its report's due date) moves from decision_defaults
to round, keeping what each round had.

Revision ID: reports_round_settings
Revises: rank_ranking_triggers
Create Date: 2026-12-03 12:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'reports_round_settings'
down_revision = 'rank_ranking_triggers'
branch_labels = None
depends_on = None


def upgrade():
    # round, final_report's tables and repayment_claim carry no ranking triggers: plain ADD COLUMN suffices
    op.add_column('round', sa.Column('report_days', sa.Integer(), nullable=False, server_default='60'))
    op.add_column('round', sa.Column('auditor_threshold', sa.Integer(), nullable=True))
    op.execute('UPDATE "round" SET report_days = (SELECT report_due_days FROM decision_defaults d '
               'WHERE d.round_id = "round".id) WHERE id IN (SELECT round_id FROM decision_defaults)')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_round_report_days_range'), 'report_days BETWEEN 1 AND 730')
        batch_op.create_check_constraint(op.f('ck_round_auditor_threshold_positive'),
                                         'auditor_threshold IS NULL OR auditor_threshold > 0')
    with op.batch_alter_table('decision_defaults', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_decision_defaults_report_due_days_positive'), type_='check')
        batch_op.drop_column('report_due_days')
    op.add_column('final_report', sa.Column('auditor_name', sa.String(length=200), nullable=False,
                                            server_default=''))
    op.add_column('report_attachment', sa.Column('auditor_statement', sa.Boolean(), nullable=False,
                                                 server_default=sa.false()))
    op.create_table(
        'claim_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['claim_id'], ['repayment_claim.id'],
                                name=op.f('fk_claim_answer_claim_id_repayment_claim')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_claim_answer_answered_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_answer')),
        sa.UniqueConstraint('claim_id', name=op.f('uq_claim_answer_claim_id')),
    )
    outstanding = sa.text("status IN ('draft', 'returned')")
    op.create_index('ix_final_report_outstanding_due', 'final_report', ['due_date', 'id'],
                    postgresql_where=outstanding, sqlite_where=outstanding)
    op.create_index('ix_final_report_status_sent', 'final_report', ['status', 'sent_at', 'id'])


def downgrade():
    op.drop_index('ix_final_report_status_sent', table_name='final_report')
    op.drop_index('ix_final_report_outstanding_due', table_name='final_report')
    op.drop_table('claim_answer')
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.drop_column('auditor_statement')
    with op.batch_alter_table('final_report', schema=None) as batch_op:
        batch_op.drop_column('auditor_name')
    op.add_column('decision_defaults', sa.Column('report_due_days', sa.Integer(), nullable=False,
                                                 server_default='60'))
    op.execute('UPDATE decision_defaults SET report_due_days = (SELECT report_days FROM "round" '
               'WHERE "round".id = decision_defaults.round_id)')
    with op.batch_alter_table('decision_defaults', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_decision_defaults_report_due_days_positive'), 'report_due_days > 0')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_round_auditor_threshold_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_round_report_days_range'), type_='check')
        batch_op.drop_column('auditor_threshold')
        batch_op.drop_column('report_days')

"""Imports every model so that Alembic and ``db.create_all`` see every table (and the triggers on them:
``ranking_version``, the ranking versions; ``summary``, the review totals; ``grants`` and ``money_version``,
the versions of the grants list and of the payouts)."""
from potten.accounts.invitations import Invitation
from potten.accounts.models import Organisation, User, UserRole
from potten.accounts.sessions import UserSession
from potten.accounts.throttle import LoginThrottle
from potten.applications.models import Application, Attachment, BudgetLine, CaseCounter
from potten.core.audit import AuditEntry
from potten.core.outbox import OutboxEntry
from potten.core.versions import DataVersion
from potten.decisions import ranking_version
from potten.decisions.models import Appeal, BudgetMove, Decision, DecisionDefaults, GrantAnswer, StandardReason
from potten.finance import money_version
from potten.finance.models import GrantLedger, PaymentBatch, Payout
from potten.letters.models import Letter
from potten.public import grants
from potten.public.models import PublicText
from potten.reports.models import (
    AnnualReport,
    FinalReport,
    ReminderSent,
    RepaymentClaim,
    ReportAttachment,
    ReportLine,
    ReportVersion,
)
from potten.review import summary
from potten.review.models import (
    ConflictDeclaration,
    InfoRequest,
    Review,
    ReviewAssignment,
    ReviewSummary,
    Score,
)
from potten.rounds.models import Criterion, FocusArea, Round

__all__ = ["AnnualReport", "Appeal", "Application", "Attachment", "AuditEntry", "BudgetLine", "BudgetMove",
           "CaseCounter", "ConflictDeclaration", "Criterion", "DataVersion", "Decision", "DecisionDefaults",
           "FinalReport",
           "FocusArea", "GrantAnswer", "GrantLedger", "InfoRequest", "Invitation", "Letter", "LoginThrottle",
           "Organisation", "OutboxEntry", "PaymentBatch", "Payout", "PublicText", "ReminderSent", "RepaymentClaim",
           "ReportAttachment", "ReportLine", "ReportVersion", "Review", "ReviewAssignment", "ReviewSummary",
           "Round", "Score", "StandardReason", "User", "UserRole", "UserSession", "grants", "money_version",
           "ranking_version", "summary"]

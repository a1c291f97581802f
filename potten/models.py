"""Imports every model so that Alembic and ``db.create_all`` see every table."""
from potten.accounts.models import Organisation, User, UserRole
from potten.accounts.throttle import LoginThrottle
from potten.applications.models import Application, Attachment, BudgetLine, CaseCounter
from potten.core.audit import AuditEntry
from potten.core.outbox import OutboxEntry
from potten.decisions.models import Appeal, BudgetMove, Decision, DecisionDefaults, StandardReason
from potten.letters.models import Letter
from potten.review.models import (
    ConflictDeclaration,
    InfoRequest,
    Review,
    ReviewAssignment,
    ReviewSummary,
    Score,
)
from potten.rounds.models import Criterion, FocusArea, Round

__all__ = ["Appeal", "Application", "Attachment", "AuditEntry", "BudgetLine", "BudgetMove", "CaseCounter",
           "ConflictDeclaration", "Criterion", "Decision", "DecisionDefaults", "FocusArea", "InfoRequest", "Letter",
           "LoginThrottle", "Organisation", "OutboxEntry", "Review", "ReviewAssignment", "ReviewSummary", "Round",
           "Score", "StandardReason", "User", "UserRole"]

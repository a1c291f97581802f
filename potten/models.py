"""Imports every model so that Alembic and ``db.create_all`` see every table (and the triggers on them)."""
from potten.accounts.models import Organisation, User, UserRole  # noqa: F401
from potten.accounts.throttle import LoginThrottle  # noqa: F401
from potten.applications.models import Application, Attachment, BudgetLine, CaseCounter  # noqa: F401
from potten.core.audit import AuditEntry  # noqa: F401
from potten.core.outbox import OutboxEntry  # noqa: F401
from potten.decisions import ranking_version  # noqa: F401  (triggers: the ranking versions)
from potten.decisions.models import Appeal, BudgetMove, Decision, DecisionDefaults, StandardReason  # noqa: F401
from potten.letters.models import Letter  # noqa: F401
from potten.review import summary  # noqa: F401  (triggers: the review totals)
from potten.review.models import (  # noqa: F401
    ConflictDeclaration,
    InfoRequest,
    Review,
    ReviewAssignment,
    ReviewSummary,
    Score,
)
from potten.rounds.models import Criterion, FocusArea, Round  # noqa: F401

"""The grant as the applicant sees it on their application page: the answer, the plan, each payout's
state in plain words, and what they can do next. The page (a lower layer) gets it through the template
global ``grant_for``, which this area registers; applications never import finance."""
from dataclasses import dataclass, field
from datetime import date

from potten.applications.workflow import GRANTED, Status
from potten.decisions.acceptance import answer_due, answer_to, awaits_answer
from potten.decisions.models import Decision, GrantAnswer
from potten.decisions.operations import current_decision
from potten.finance import rules
from potten.finance.closing import what_is_left
from potten.finance.models import OPEN, GrantLedger, Payout, PayoutStatus
from potten.finance.plan import ledger_of
from potten.finance.queries import case_payouts


@dataclass
class GrantSummary:
    decision: Decision
    answer: GrantAnswer | None
    answer_due: date | None
    can_answer: bool
    ledger: GrantLedger | None
    payouts: list[Payout] = field(default_factory=list)
    due_now: int = 0
    open_request: Payout | None = None
    hold: str | None = None
    left: list[str] = field(default_factory=list)  # what keeps a paid-out grant from closing (closing.what_is_left)

    @property
    def account(self) -> str:
        return rules.masked(self.ledger.account_number if self.ledger else None)

    @property
    def can_request(self) -> bool:
        return self.ledger is not None and self.due_now > 0 and self.open_request is None and self.hold is None


def grant_for(application, user) -> GrantSummary | None:
    """What the applicant's page shows about the grant, or None when there is no grant to show."""
    if Status(application.status) not in (*GRANTED, Status.DECLINED, Status.DISBURSED, Status.CLOSED,
                                          Status.APPEALED, Status.APPEAL_FORWARDED):
        return None
    decision = current_decision(application)
    if decision is None or (decision.outcome not in GRANTED and ledger_of(application.id) is None):
        return None
    ledger = ledger_of(application.id)
    answer = answer_to(decision)  # read before hold() asks for it: then the session has it
    hold = rules.hold(application, decision) if ledger is not None else None
    payouts = case_payouts(application.id) if ledger is not None else []
    return GrantSummary(
        decision=decision, answer=answer, answer_due=answer_due(decision),
        can_answer=awaits_answer(decision) and application.is_own(user), ledger=ledger, payouts=payouts,
        # what operations.due_now and operations.open_request ask the database, read from the payouts in hand
        due_now=sum(p.amount for p in payouts if p.status == PayoutStatus.PLANNED and p.due_at is not None),
        open_request=next((p for p in payouts if p.status in OPEN), None),
        hold=str(hold) if hold is not None and Status(application.status) != Status.DISBURSED else None,
        left=what_is_left(application) if Status(application.status) == Status.DISBURSED else [])

"""What the finance desk, the case page and the exports read. Each list is one statement however
many payouts there are (the statement count is tested, and measured in bench/finance.py)."""
import json
from dataclasses import asdict, dataclass
from functools import cache

from sqlalchemy import String, and_, bindparam, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from potten.accounts.models import Organisation, User, named
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import reads, version_cache
from potten.decisions.models import Decision, GrantAnswer
from potten.extensions import db
from potten.finance.models import AFTER_FINAL_REPORT, GrantLedger, PaymentBatch, Payout, PayoutStatus
from potten.finance.money_version import VERSION
from potten.reports.models import ClaimStatus, RepaymentClaim
from potten.rounds.models import FocusArea, Round, localized

S = PayoutStatus
QUEUES = (S.REQUESTED, S.ATTESTED, S.AUTHORISED, S.SENT, S.FAILED)
QUEUE_ROWS = 10  # shown per queue on the desk
QUEUE_FULL = 500  # shown when one queue is opened in full
AFTER_DECISION = (Status.APPROVED, Status.PARTLY_APPROVED, Status.APPEALED, Status.APPEAL_FORWARDED,
                  Status.DECLINED, Status.DISBURSED, Status.CLOSED)


def _recipient():
    return func.coalesce(Organisation.name, User.name)


def queue_rows(limits: dict[PayoutStatus, int]) -> dict[PayoutStatus, list]:
    """The first payouts of each queue (oldest request first), as many as ``limits`` says, in one
    statement: each queue's ids come in order from the index (status, requested_at, id) before the join."""
    rows = db.session.execute(_queue_statement(tuple(limits)),
                              {f"limit_{status.value}": limit for status, limit in limits.items()}).all()
    found: dict[PayoutStatus, list] = {status: [] for status in limits}
    for row in rows:
        found[PayoutStatus(row.status)].append(row)
    return found


@cache
def _queue_statement(statuses: tuple[PayoutStatus, ...]):
    """Built once per process (the limits are parameters): building the union of subqueries costs more than
    running it."""
    firsts = [select(select(Payout.id).where(Payout.status == status).order_by(Payout.requested_at, Payout.id)
                     .limit(bindparam(f"limit_{status.value}")).subquery().c.id) for status in statuses]
    chosen = union_all(*firsts).subquery() if len(firsts) > 1 else firsts[0].subquery()
    return (select(Payout.id, Payout.version, Payout.amount, Payout.status, Payout.requested_at,
                   Payout.attested_by_id, Payout.batch_id, Payout.note, Application.id.label("application_id"),
                   Application.case_number, _recipient().label("recipient"), FocusArea.name.label("area"))
            .join(chosen, chosen.c.id == Payout.id)
            .join(Application, Application.id == Payout.application_id)
            .join(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .join(FocusArea, FocusArea.id == Payout.focus_area_id)
            .order_by(Payout.requested_at, Payout.id))


@dataclass
class AreaTotals:
    round_id: int
    round: str
    area_id: int
    area: str
    budget: int
    granted: int
    paid: int
    held_back: int
    repaid: int

    @property
    def left(self) -> int:
        """Budget not granted."""
        return self.budget - self.granted

    @property
    def to_pay(self) -> int:
        return self.granted - self.paid


def area_totals() -> list[AreaTotals]:
    """Per round and focus area: budget, granted, paid, held back until the final report, repaid, left."""
    return money_and_queues()[0]


def money_and_queues() -> tuple[list[AreaTotals], dict[str, tuple[int, int]]]:
    """The money per round and focus area (``area_totals``), and (how many, kroner) per payout state (the
    desk's queues): computed once per version of the payouts (``money_version``), kept as JSON."""
    def build() -> bytes:
        totals, counts = _money_and_queues()
        return json.dumps([[asdict(t) for t in totals], counts]).encode()
    totals, counts = json.loads(version_cache.fetch(VERSION, ("money",), build))
    return [AreaTotals(**t) for t in totals], {status: tuple(c) for status, c in counts.items()}


def _money_and_queues() -> tuple[list[AreaTotals], dict[str, tuple[int, int]]]:
    """``money_and_queues`` from one statement: the payouts are read once, grouped by focus area and state."""
    totals: dict[int, AreaTotals] = {}
    counts: dict[str, tuple[int, int]] = {}
    for r in db.session.execute(_money_statement()).all():
        area = totals.get(r[3])
        if area is None:
            area = totals[r[3]] = AreaTotals(r[0], localized(r[1], r[2]), r[3], localized(r[4], r[5]), r[6], r[7],
                                             0, 0, int(r[8]))
        status = r[9]
        if status is None:  # an area without payouts
            continue
        count, total = counts.get(status, (0, 0))
        counts[status] = (count + r[10], total + int(r[11]))
        if status == S.PAID:
            area.paid += int(r[11])
        elif status == S.PLANNED:
            area.held_back += int(r[12])
    return list(totals.values()), counts


@cache
def _money_statement():
    """Built once per process, as the queues' statement is."""
    per_state = (select(Payout.focus_area_id.label("area_id"), Payout.status.label("status"),
                        func.count(Payout.id).label("count"), func.sum(Payout.amount).label("kroner"),
                        func.sum(case((and_(Payout.due_on == AFTER_FINAL_REPORT, Payout.due_at.is_(None)),
                                      Payout.amount), else_=0)).label("held"))
                 .group_by(Payout.focus_area_id, Payout.status).subquery())
    repaid = (select(Application.focus_area_id.label("area_id"), func.sum(RepaymentClaim.amount).label("repaid"))
              .join(Application, Application.id == RepaymentClaim.application_id)
              .where(RepaymentClaim.status == ClaimStatus.PAID)
              .group_by(Application.focus_area_id).subquery())
    return (select(Round.id, Round.title, Round.title_en, FocusArea.id, FocusArea.name, FocusArea.name_en,
                   FocusArea.budget, FocusArea.committed, func.coalesce(repaid.c.repaid, 0), per_state.c.status,
                   per_state.c.count, per_state.c.kroner, per_state.c.held)
            .join(FocusArea, FocusArea.round_id == Round.id)
            .outerjoin(per_state, per_state.c.area_id == FocusArea.id)
            .outerjoin(repaid, repaid.c.area_id == FocusArea.id)
            .order_by(Round.opens_at.desc(), Round.id, FocusArea.position, FocusArea.id))


def _claim_order(statuses) -> tuple:
    return (RepaymentClaim.pay_by, RepaymentClaim.answer_by, RepaymentClaim.id) if ClaimStatus.OPEN in statuses \
        else (RepaymentClaim.closed_at.desc(), RepaymentClaim.id.desc())


def claims(*lists: tuple[tuple, int]) -> list[list]:
    """For each ``(statuses, limit)``, the first ``limit`` repayment claims in those statuses: the open ones
    by their deadline, closed ones newest first; all the lists in one statement."""
    rows = db.session.execute(_claims_statement(tuple(statuses for statuses, _ in lists)),
                              {f"limit_{n}": limit for n, (_, limit) in enumerate(lists)}).all()
    found: list[list] = [[] for _ in lists]
    for row in rows:
        found[row.part].append(row)
    return found


@cache
def _claims_statement(lists: tuple[tuple, ...]):
    """Built once per process, as the queues' statement is."""
    parts = [select(RepaymentClaim.id, literal(n).label("part"),
                    func.row_number().over(order_by=_claim_order(statuses)).label("place"))
             .where(RepaymentClaim.status.in_(statuses)).order_by(*_claim_order(statuses))
             .limit(bindparam(f"limit_{n}")).subquery() for n, statuses in enumerate(lists)]
    chosen = union_all(*(select(p) for p in parts)).subquery() if len(parts) > 1 else parts[0]
    return (select(RepaymentClaim.id, RepaymentClaim.amount, RepaymentClaim.status, RepaymentClaim.answer_by,
                   RepaymentClaim.pay_by, RepaymentClaim.closed_at, RepaymentClaim.waive_reason,
                   Application.id.label("application_id"), Application.case_number,
                   _recipient().label("recipient"), chosen.c.part)
            .join(chosen, chosen.c.id == RepaymentClaim.id)
            .join(Application, Application.id == RepaymentClaim.application_id)
            .join(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .order_by(chosen.c.part, chosen.c.place))


def search(text: str, limit: int = 50) -> list:
    """Decided applications whose case number, applicant, organisation or organisation number matches."""
    text = (text or "").strip()
    if not text:
        return []
    digits = "".join(c for c in text if c.isdigit())
    pattern = f"%{text.lower()}%"
    conditions = [func.lower(Application.case_number).like(pattern), func.lower(User.name).like(pattern),
                  func.lower(Organisation.name).like(pattern), func.lower(Application.title).like(pattern)]
    if len(digits) >= 3:
        conditions.append(Organisation.orgnr.like(f"%{digits}%"))
    paid = (select(func.coalesce(func.sum(Payout.amount), 0)).where(Payout.application_id == Application.id,
                                                                    Payout.status == S.PAID)
            .correlate(Application).scalar_subquery())
    return db.session.execute(
        select(Application.id, Application.case_number, Application.title, Application.status,
               _recipient().label("recipient"), Organisation.orgnr, paid.label("paid"))
        .join(User, User.id == Application.applicant_id)
        .outerjoin(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.status.in_(AFTER_DECISION), or_(*conditions))
        .order_by(Application.case_number.desc()).limit(limit)).all()


def batch_page(batch_id: int) -> tuple[PaymentBatch, list] | None:
    """The batch with who made it, and its payouts as rows (case, recipient, account, amount, state): one
    statement however many payouts it holds (the batch's columns on every row), and no payout, application
    or person built as an object."""
    rows = db.session.execute(_batch_statement(), {"batch_id": batch_id}).all()
    if not rows:
        return None
    first = rows[0]
    batch = BatchHead(first.batch_id, first.message_id, first.execution_date, first.count, first.total,
                      first.created_at, first.maker or "")
    return batch, [row for row in rows if row.id is not None]


@dataclass(frozen=True)
class BatchHead:
    """What the batch page shows of the batch itself."""
    id: int
    message_id: str
    execution_date: object
    count: int
    total: int
    created_at: object
    maker: str  # the name of who made it


@cache
def _batch_statement():
    """Built once per process, as the queues' statement is."""
    maker = aliased(User)
    return (select(PaymentBatch.id.label("batch_id"), PaymentBatch.message_id, PaymentBatch.execution_date,
                   PaymentBatch.count, PaymentBatch.total, PaymentBatch.created_at, maker.name.label("maker"),
                   Payout.id, Payout.application_id, Payout.account_number, Payout.amount, Payout.status,
                   Application.case_number, _recipient().label("recipient"))
            .outerjoin(maker, maker.id == PaymentBatch.created_by_id)
            .outerjoin(Payout, Payout.batch_id == PaymentBatch.id)
            .outerjoin(Application, Application.id == Payout.application_id)
            .outerjoin(User, User.id == Application.applicant_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .where(PaymentBatch.id == bindparam("batch_id")).order_by(Payout.id))


def case_payouts(application_id: int) -> list[Payout]:
    return list(db.session.scalars(select(Payout).where(Payout.application_id == application_id)
                                   .order_by(Payout.position, Payout.id)))


def case_payouts_and_names(application_id: int) -> tuple[list[Payout], dict[int, str]]:
    """A case's payouts, and the names of the people who acted on them, in one statement."""
    payouts, names = [], {}
    for payout, *found in db.session.execute(_case_payouts_statement(), {"application_id": application_id}):
        payouts.append(payout)
        for person_id, name in zip((payout.requested_by_id, payout.attested_by_id, payout.authorised_by_id,
                                    payout.paid_by_id), found, strict=True):
            if person_id:
                names[person_id] = name
    return payouts, names


@cache
def _case_payouts_statement():
    """Built once per process, as the queues' statement is (working out a new statement's cache key costs more
    than running it)."""
    people = [aliased(User) for _ in range(4)]
    statement = select(Payout, *(person.name for person in people))
    for person, column in zip(people, (Payout.requested_by_id, Payout.attested_by_id, Payout.authorised_by_id,
                                       Payout.paid_by_id), strict=True):
        statement = statement.outerjoin(person, person.id == column)
    return statement.where(Payout.application_id == bindparam("application_id")).order_by(Payout.position, Payout.id)


def case_money(application) -> tuple[GrantLedger | None, Decision | None]:
    """A case's ledger and the decision in force (with who made it, by name) and the applicant's answer to it,
    in one statement; the decision and the answer are kept for the request as ``current_decision`` and
    ``answer_to`` keep them, so the page's rules read them no more."""
    ledger, decision, answer = db.session.execute(_case_money_statement(), {"application_id": application.id}).one()
    reads.once(("current_decision", application.id), lambda: decision)
    if decision is not None:
        reads.once(("grant_answer", decision.id), lambda: answer)
    return ledger, decision


@cache
def _case_money_statement():
    """Built once per process, as the queues' statement is."""
    newest = (select(Decision.id).where(Decision.application_id == Application.id).order_by(Decision.id.desc())
              .limit(1).correlate(Application).scalar_subquery())
    return (select(GrantLedger, Decision, GrantAnswer).select_from(Application)
            .outerjoin(GrantLedger, GrantLedger.application_id == Application.id)
            .outerjoin(Decision, Decision.id == newest)
            .outerjoin(GrantAnswer, GrantAnswer.decision_id == Decision.id)
            .options(named(Decision.decided_by))
            .where(Application.id == bindparam("application_id"))
            .execution_options(populate_existing=True))  # the ledger as ``ledger_of`` reads it


def export_rows(statuses=(S.PAID,)):
    """The payouts for accounting: one row each, the newest payment last, with the decision they pay."""
    attester, authoriser = aliased(User), aliased(User)
    return db.session.execute(
        select(Payout.id, Payout.status, Payout.paid_at, Payout.sent_at, Payout.amount, Payout.account_number,
               Application.case_number, Application.title, _recipient().label("recipient"), Organisation.orgnr,
               FocusArea.name.label("area"), Round.title.label("round"), Decision.id.label("decision_id"),
               Decision.decided_at, Payout.batch_id, attester.name.label("attested_by"),
               authoriser.name.label("authorised_by"), cast(Payout.position, String).label("instalment"))
        .join(Application, Application.id == Payout.application_id)
        .join(User, User.id == Application.applicant_id)
        .outerjoin(Organisation, Organisation.id == Application.organisation_id)
        .join(FocusArea, FocusArea.id == Application.focus_area_id)
        .join(Round, Round.id == Application.round_id)
        .join(Decision, Decision.id == Payout.decision_id)
        .outerjoin(attester, attester.id == Payout.attested_by_id)
        .outerjoin(authoriser, authoriser.id == Payout.authorised_by_id)
        .where(Payout.status.in_(statuses))
        .order_by(Payout.paid_at, Payout.sent_at, Payout.id))

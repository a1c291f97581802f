"""The finance desk's figures and lists, built once per version of the payouts (``money_version``) and
shared by every process, instead of being read and drawn on each request: the money per round and focus
area (table and charts) as finished HTML, the number and sum of the payouts in each queue, the first
payouts of each queue and the repayment claims. What depends on who looks (their own attestations, the
form they sent) is added when the lists are rendered (``desk_html``)."""
import json
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from potten.core import version_cache
from potten.finance import charts, queries
from potten.finance.models import PayoutStatus
from potten.finance.money_version import VERSION
from potten.reports.models import ClaimStatus

QueueRow = namedtuple("QueueRow", "id version amount status requested_at attested_by_id batch_id note "
                                  "application_id case_number recipient area")
ClaimRow = namedtuple("ClaimRow", "id amount status answer_by pay_by closed_at waive_reason application_id "
                                  "case_number recipient")
CLOSED_CLAIMS = 20  # the newest closed claims shown


@dataclass
class Desk:
    money: Markup  # the money section
    counts: dict[str, tuple[int, int]]  # (how many, kroner) per payout state
    queues: dict[PayoutStatus, list[QueueRow]]  # the first payouts of each queue, oldest request first
    open_claims: list[ClaimRow]
    closed_claims: list[ClaimRow]


def shown_queue(value: str | None) -> PayoutStatus | None:
    """The queue asked for in full (``?ko=``), if it is one."""
    return next((status for status in queries.QUEUES if status.value == value), None)


def figures(shown: PayoutStatus | None, render: Callable[..., str]) -> Desk:
    """The desk with ``shown`` in full (up to ``queries.QUEUE_FULL``) and the other queues as their first
    rows; the money section as ``render(totals=…, charts=…)`` makes it."""
    def build() -> bytes:
        totals, counts = queries.money_and_queues()
        queues = queries.queue_rows({status: queries.QUEUE_FULL if status == shown else queries.QUEUE_ROWS
                                     for status in queries.QUEUES})
        open_claims, closed_claims = queries.claims(((ClaimStatus.OPEN,), queries.QUEUE_ROWS),
                                                    ((ClaimStatus.PAID, ClaimStatus.WAIVED), CLOSED_CLAIMS))
        return json.dumps({
            "html": str(render(totals=totals, charts=charts.by_round(totals))), "counts": counts,
            "queues": {status.value: [[getattr(r, f) for f in QueueRow._fields] for r in rows]
                       for status, rows in queues.items()},
            "claims": [[[getattr(c, f) for f in ClaimRow._fields] for c in part]
                       for part in (open_claims, closed_claims)],
        }, default=_plain).encode()
    return version_cache.fetch_kept(VERSION, ("desk", shown or ""), build, _desk)


def _desk(value: bytes) -> Desk:
    data = json.loads(value)
    open_claims, closed_claims = ([_claim(c) for c in part] for part in data["claims"])
    return Desk(Markup(data["html"]), {status: tuple(count) for status, count in data["counts"].items()},
                {PayoutStatus(status): [_queue_row(r) for r in rows] for status, rows in data["queues"].items()},
                open_claims, closed_claims)


def _plain(value):
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    raise TypeError(type(value))


def _queue_row(row: list) -> QueueRow:
    row[3], row[4] = PayoutStatus(row[3]), row[4] and datetime.fromisoformat(row[4])
    return QueueRow(*row)


def _claim(row: list) -> ClaimRow:
    row[2] = ClaimStatus(row[2])
    row[3], row[4] = row[3] and date.fromisoformat(row[3]), row[4] and date.fromisoformat(row[4])
    row[5] = row[5] and datetime.fromisoformat(row[5])
    return ClaimRow(*row)

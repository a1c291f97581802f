"""The finance desk's figures: the money per round and focus area (table and charts) as finished HTML, and
the number and sum of the payouts in each queue, built once per version of the payouts (``money_version``)
and shared by every process, instead of summing every payout and drawing the charts on each request."""
import json
from collections.abc import Callable

from markupsafe import Markup

from potten.core import version_cache
from potten.finance import charts, queries
from potten.finance.money_version import VERSION


def money_and_counts(render: Callable[..., str]) -> tuple[Markup, dict[str, tuple[int, int]]]:
    """The money section, as ``render(totals=…, charts=…)`` makes it, and (how many, kroner) per payout state."""
    def build() -> bytes:
        totals, counts = queries.money_and_queues()
        return json.dumps({"html": str(render(totals=totals, charts=charts.by_round(totals))),
                           "counts": counts}).encode()
    data = json.loads(version_cache.fetch(VERSION, ("desk",), build))
    return Markup(data["html"]), {status: tuple(count) for status, count in data["counts"].items()}

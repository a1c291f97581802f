"""The ranking as CSV and XLSX: the same rows and figures as the page.

A file is written once per ranking and language, then kept with the cached ranking (``Ranking.html``,
under ``("export", kind, locale)``): every later download of a ranking nobody has changed costs what
the page does. Writing it is ``potten.core.exports`` (no text starts a formula).
"""
from flask_babel import get_locale

from potten.core import exports
from potten.core.i18n import gettext as _
from potten.review.ranking import Ranking


def _header() -> list[str]:
    return [_("Case number"), _("Title"), _("Applicant"), _("Status"), _("Requested (NOK)"),
            _("Weighted mean score"), _("Submitted reviews"), _("Recommend grant in full"),
            _("Recommend part grant"), _("Recommend rejection"), _("Recommended amount (NOK)"),
            _("Running sum (NOK)"), _("Within remaining budget"), _("Granted (NOK)")]


def _cells(row) -> list:
    fits = None if row.fits is None else (_("yes") if row.fits else _("no"))
    return [row.case_number, row.title, row.applicant, row.status.label, row.requested, row.mean,
            row.reviews if row.cleared else None, row.full if row.cleared else None,
            row.part if row.cleared else None, row.reject if row.cleared else None,
            row.recommended, row.running, fits, row.granted]


def _rows(ranking: Ranking) -> list[list]:
    return [_header(), *(_cells(row) for row in ranking.rows), [],
            [_("Remaining budget (NOK)"), ranking.remaining]]


def write_csv(ranking: Ranking) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens æøå right; no text starts a formula."""
    return exports.to_csv(_rows(ranking))


def write_xlsx(ranking: Ranking) -> bytes:
    """No text starts a formula: text cells are written as text."""
    return exports.to_xlsx(_("Ranking"), _rows(ranking))


def to_csv(ranking: Ranking) -> bytes:
    return _kept(ranking, "csv", write_csv)


def to_xlsx(ranking: Ranking) -> bytes:
    return _kept(ranking, "xlsx", write_xlsx)


def _kept(ranking: Ranking, kind: str, write) -> bytes:
    """The file as written for this ranking and language before, or written now and kept with it."""
    key = ("export", kind, str(get_locale()))
    if ranking.html is not None and key in ranking.html:
        return ranking.html[key]
    data = write(ranking)
    if ranking.html is not None:
        ranking.html[key] = data
    return data

"""The ranking as CSV and XLSX: the same rows and figures as the page."""
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


def to_csv(ranking: Ranking) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens æøå right; no text starts a formula."""
    return exports.to_csv(_rows(ranking))


def to_xlsx(ranking: Ranking) -> bytes:
    """No text starts a formula: text cells are written as text."""
    return exports.to_xlsx(_("Ranking"), _rows(ranking))

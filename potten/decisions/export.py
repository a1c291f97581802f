"""The ranking as CSV and XLSX: the same rows and figures as the page."""
import csv
import io

from openpyxl import Workbook

from potten.core.i18n import gettext as _
from potten.decisions.ranking import Ranking


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


def to_csv(ranking: Ranking) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens æøå right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header())
    for row in ranking.rows:
        writer.writerow(["" if v is None else v for v in _cells(row)])
    writer.writerow([])
    writer.writerow([_("Remaining budget (NOK)"), ranking.remaining])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(ranking: Ranking) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    sheet.append(_header())
    for row in ranking.rows:
        sheet.append(_cells(row))
    sheet.append([])
    sheet.append([_("Remaining budget (NOK)"), ranking.remaining])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Payouts for the municipality's accounting system (one row per payout, importable as grant vouchers),
as XLSX and CSV, with the same totals per focus area as the finance desk.

Text typed by people (names, titles) never becomes a formula: XLSX cells are written as strings
(xlsxwriter ``write_string``), and the CSV goes through defusedcsv, which quotes what a spreadsheet
would read as a formula.

A finished file is kept under the database's version ``payouts`` (``money_version``) and the language of its
headings: built once per change to what it shows, not once per request.
"""
import io

import xlsxwriter
from defusedcsv import csv

from potten.core import version_cache
from potten.core.i18n import gettext as _
from potten.core.time import utc_to_oslo
from potten.finance import queries
from potten.finance.money_version import VERSION


def _header() -> list[str]:
    return [_("Date paid"), _("Case number"), _("Recipient"), _("Organisation number"), _("Account number"),
            _("Amount (NOK)"), _("Focus area"), _("Round"), _("Decision reference"), _("Voucher text"),
            _("Attested by"), _("Authorised by"), _("Payment batch")]


def _cells(row) -> list:
    when = row.paid_at or row.sent_at
    return [utc_to_oslo(when).date().isoformat() if when else "", row.case_number or "", row.recipient or "",
            row.orgnr or "", row.account_number or "", row.amount, row.area, row.round,
            f"{row.case_number}/V{row.decision_id} {utc_to_oslo(row.decided_at).date().isoformat()}",
            f"Tilskudd Nabolagspotten {row.case_number} del {row.instalment}", row.attested_by or "",
            row.authorised_by or "", str(row.batch_id or "")]


def _total_header() -> list[str]:
    return [_("Round"), _("Focus area"), _("Budget (NOK)"), _("Granted (NOK)"), _("Paid (NOK)"),
            _("Held back until the final report (NOK)"), _("Repaid (NOK)"), _("Left of the budget (NOK)")]


def _total_cells(t) -> list:
    return [t.round, t.area, t.budget, t.granted, t.paid, t.held_back, t.repaid, t.left]


NUMERIC = {5}  # the amount column of a payout row


def to_xlsx() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "in_memory": True})
    kroner = book.add_format({"num_format": "# ##0"})
    sheet = book.add_worksheet(_("Payouts")[:31])
    _write(sheet, 0, _header(), set(), None)
    n = 0
    for n, row in enumerate(queries.export_rows(), start=1):
        _write(sheet, n, _cells(row), NUMERIC, kroner)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n, 1), len(_header()) - 1)
    totals = book.add_worksheet(_("Totals")[:31])
    _write(totals, 0, _total_header(), set(), None)
    for i, t in enumerate(queries.area_totals(), start=1):
        _write(totals, i, _total_cells(t), {2, 3, 4, 5, 6, 7}, kroner)
    book.close()
    return out.getvalue()


def _write(sheet, row: int, values: list, numeric: set[int], fmt) -> None:
    for col, value in enumerate(values):
        if col in numeric and isinstance(value, int):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value))


def to_csv() -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, so Excel opens æøå right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header())
    for row in queries.export_rows():
        writer.writerow(_cells(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_file() -> bytes:
    """``to_xlsx``, built once per version of the payouts."""
    return version_cache.fetch(VERSION, ("xlsx",), to_xlsx)


def csv_file() -> bytes:
    """``to_csv``, built once per version of the payouts."""
    return version_cache.fetch(VERSION, ("csv",), to_csv)

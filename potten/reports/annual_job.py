"""The annual report job: gather the year's figures, build the .docx (the letters' look: A4,
Carlito, through the same builder) with charts as PNG images, and the .xlsx; store both on
the ``AnnualReport`` row. Idempotent: a built report is not built again."""
import io
import re
import uuid

from docx import Document
from docx.shared import Mm
from flask import current_app, render_template
from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from potten.core import audit, outbox
from potten.core.i18n import gettext as _
from potten.core.time import utcnow
from potten.extensions import db
from potten.letters import markup
from potten.letters.docx import build_docx
from potten.reports import annual
from potten.reports.models import AnnualReport

CHART = re.compile(r"^\[chart: ?(\w+)\]$")


@outbox.job("build_annual_report", queue="letters")
def build_annual_report(annual_report_id: int) -> None:
    """Build and store annual report ``annual_report_id`` unless it is built."""
    found = db.session.get(AnnualReport, annual_report_id)
    if found is None or found.is_ready:
        return
    with force_locale(found.locale):
        areas = annual.figures(found.year)
        total = annual.totals(areas)
        text = render_template(f"reports/annual_{found.locale}.txt", year=found.year, areas=areas, total=total,
                               made=utcnow(), contact_email=_contact())
        data = markup.parse(text, found.locale)
        data["created"] = utcnow().isoformat()
        token = mark_charts(data)
        charts = {"money": money_chart(areas), "people": people_chart(areas)}
        found.docx = with_charts(build_docx(data), charts, token)
        found.xlsx = workbook(found.year, areas, total)
    found.built_at = utcnow()
    audit.log("annual_report.built", found, after={"year": found.year, "areas": len(areas)})


def _contact() -> str:
    sender = current_app.config.get("MAIL_SENDER", "")
    return sender.rsplit("<", 1)[-1].strip(" >") or "nabolagspotten@larvik.kommune.no"


def mark_charts(data: dict) -> str:
    """Mark where the template (never a quoted text typed by someone) asks for a chart."""
    token = uuid.uuid4().hex
    for block in data["blocks"]:
        match = CHART.match(block.get("text", "").strip()) if block["type"] == "paragraph" else None
        if match and not block.get("literal"):
            block["text"] = f"{token}:{match.group(1)}"
    return token


def with_charts(docx: bytes, charts: dict[str, bytes], token: str) -> bytes:
    """Put each chart where ``mark_charts`` marked it."""
    doc = Document(io.BytesIO(docx))
    for paragraph in doc.paragraphs:
        mark, _sep, name = paragraph.text.strip().partition(":")
        if mark == token and name in charts:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            paragraph.add_run().add_picture(io.BytesIO(charts[name]), width=Mm(160))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _bars(names: list[str], series: list[tuple[str, list[int], str]], title: str, unit: str) -> bytes:
    """A bar chart as PNG (matplotlib, imported here: only the worker that builds a report pays for it)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import pyplot, ticker

    pyplot.rcParams["font.family"] = ["Carlito", "DejaVu Sans"]
    figure, axes = pyplot.subplots(figsize=(6.3, 3.2), dpi=150)
    try:
        width = 0.8 / max(1, len(series))
        for i, (label, values, colour) in enumerate(series):
            axes.bar([x + i * width for x in range(len(names))], values, width, label=label, color=colour)
        axes.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(names))])
        axes.set_xticklabels([_wrap(n) for n in names], fontsize=7)
        axes.set_title(title, fontsize=10)
        axes.set_ylabel(unit, fontsize=8)
        axes.tick_params(axis="y", labelsize=7)
        axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{int(v):,}".replace(",", " ")))
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=7, frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        pyplot.close(figure)


def _wrap(name: str, width: int = 18) -> str:
    words, lines = name.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) > width and lines[-1]:
            lines.append("")
        lines[-1] = (lines[-1] + " " + word).strip()
    return "\n".join(lines)


def money_chart(areas) -> bytes:
    names = [a.name for a in areas]
    return _bars(names, [(_("Granted"), [a.granted for a in areas], "#1e4b8f"),
                         (_("Paid out"), [a.paid for a in areas], "#3f8f5a"),
                         (_("Paid back"), [a.repaid for a in areas], "#b3541e")],
                 _("Money per focus area"), _("kroner"))


def people_chart(areas) -> bytes:
    names = [a.name for a in areas]
    return _bars(names, [(_("Participants"), [a.participants for a in areas], "#1e4b8f"),
                         (_("Dugnad hours"), [a.dugnad_hours for a in areas], "#3f8f5a")],
                 _("Participants and volunteer hours per focus area"), _("number"))


def workbook(year: int, areas, total) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Focus areas")
    head = [_("Focus area"), _("Applications"), _("Grants"), _("Granted (NOK)"), _("Paid out (NOK)"),
            _("Paid back (NOK)"), _("Participants"), _("Dugnad hours")]
    _row(sheet, head, bold=True)
    for a in [*areas, total]:
        _row(sheet, [a.name or _("Total"), a.applications, a.grants, a.granted, a.paid, a.repaid, a.participants,
                     a.dugnad_hours], bold=a is total)
    projects = book.create_sheet(_("Finished projects"))
    _row(projects, [_("Case number"), _("Title"), _("Applicant"), _("Focus area"), _("Participants"),
                    _("Dugnad hours"), _("Spent (NOK)"), _("Unused (NOK)"), _("What was done"), _("What worked"),
                    _("What did not work")], bold=True)
    for a in areas:
        for p in a.projects:
            _row(projects, [p["case_number"], p["title"], p["applicant"], a.name, p["participants"],
                            p["dugnad_hours"], p["spent"], p["unused"], p["activities"], p["worked_well"],
                            p["worked_badly"]])
    for ws in (sheet, projects):
        ws.freeze_panes = "A2"
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 18
    book.properties.title = f"{_('Annual report')} {year}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(sheet, values: list, bold: bool = False) -> None:
    sheet.append([None] * len(values))
    row = sheet.max_row
    for col, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=len(value) > 40, vertical="top")
        if bold:
            cell.font = Font(bold=True)

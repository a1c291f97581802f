"""The rows of the staff's report lists as HTML, built in one pass in Python (as ``potten.public.grants_html``).

In a Jinja loop every cell of the 25 rows was a call through the template context, a filter and an escape,
and ``core.tables.labelled`` then walked every cell again to give it its column's name; here the names and
labels are translated and escaped once per page, only what people typed is escaped, and the rows carry
their ``data-label`` already (their table says so with ``data-labelled``). The markup is the templates'.
"""
from datetime import date

from flask import url_for
from markupsafe import Markup, escape

from potten.core.formatting import moment
from potten.core.i18n import current_locale
from potten.core.i18n import gettext as _
from potten.core.tables import cell_labels


def numeric_day(value) -> str:
    """A date in a long list, as digits: 03.12.2026 (03/12/2026 in English); far cheaper than a
    month's name from the locale's data, fifty times a page."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y" if current_locale().language == "en" else "%d.%m.%Y")


def _area(row, english: bool) -> Markup:
    return escape((row.area_en if english and row.area_en else row.area) or "–")


def _conflicted(row, case_label: Markup, span: int) -> str:
    """habilitet: only the case number of a case the reader is in conflict in."""
    message = escape(_("You have a conflict of interest – someone else must take it"))
    return f'<tr><td{case_label}>{escape(row.case_number)}</td><td colspan="{span}">{message}</td></tr>'


def overview_rows(rows) -> Markup:
    """The rows of ``/sluttrapporter``: each report with a link to its staff page."""
    case, project, applicant, area, due, sent = cell_labels(_("Case number"), _("Project"), _("Applicant"),
                                                        _("Focus area"), _("Due date"), _("Sent"))
    english = current_locale().language == "en"
    review = url_for("reports.review", report_id=0)[:-1]  # the link without its id: one url_for a page
    out = []
    for r in rows:
        if r.conflicted:
            out.append(_conflicted(r, case, 5))
            continue
        out.append(f"<tr><td{case}>{escape(r.case_number)}</td>"
                   f'<td{project}><a class="ds-link" href="{review}{r.id}">{escape(r.title)}</a></td>'
                   f"<td{applicant}>{escape(r.organisation or r.person)}</td><td{area}>{_area(r, english)}</td>"
                   f"<td{due}>{numeric_day(r.due_date)}</td><td{sent}>{escape(moment(r.sent_at))}</td></tr>")
    return Markup("".join(out))


def overdue_rows(rows, today: date) -> Markup:
    """The rows of ``/sluttrapporter/forfalt``: each late report with its case, who to ask, and how late."""
    case, project, applicant, area, due, late, status = cell_labels(_("Case number"), _("Project"), _("Applicant"),
                                                                _("Focus area"), _("Due date"), _("Days late"),
                                                                _("Status"))
    states = {"draft": escape(_("Not sent")), "returned": escape(_("Returned for correction"))}
    english = current_locale().language == "en"
    show = url_for("applications.show", application_id=0)[:-1]
    out = []
    for r in rows:
        if r.conflicted:
            out.append(_conflicted(r, case, 6))
            continue
        email = escape(r.email)
        out.append(f"<tr><td{case}>{escape(r.case_number)}</td>"
                   f'<td{project}><a class="ds-link" href="{show}{r.application_id}">{escape(r.title)}</a></td>'
                   f'<td{applicant}>{escape(r.organisation or r.person)}<br><a class="ds-link" href="mailto:{email}">'
                   f"{email}</a></td><td{area}>{_area(r, english)}</td><td{due}>{numeric_day(r.due_date)}</td>"
                   f'<td class="num"{late}>{(today - r.due_date).days}</td>'
                   f"<td{status}>{states[r.status.value]}</td></tr>")
    return Markup("".join(out))

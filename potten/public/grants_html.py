"""The public grants table's rows as HTML, built in one pass in Python (as the ranking's are).

A round has hundreds of grants. In a Jinja loop every cell is a call through the template context, a
translation and an escape, and the rows cost several times the query behind them; here the column
labels and the statuses are translated once per page and only the text typed by people (titles, names,
case numbers, the round's and areas' names) is escaped. The markup is the template's.
"""
from markupsafe import Markup, escape

from potten.core.formatting import money
from potten.core.i18n import gettext as _
from potten.public.grants import PRIVATE_PERSON, Grant


def table_rows(rows: list[Grant], show_round: bool) -> Markup:
    """The ``<tr>`` elements of the grants table; ``show_round``: each area followed by its round."""
    project, recipient, amount = escape(_("Project")), escape(_("Recipient")), escape(_("Amount"))
    area, status = escape(_("Focus area")), escape(_("Status"))
    private = escape(_("private person"))
    labels: dict[str, Markup] = {}
    out = []
    for g in rows:
        case = f' <span class="muted">({escape(g.case_number)})</span>' if g.case_number else ""
        who = private if g.recipient_type == "private_person" and g.recipient == PRIVATE_PERSON \
            else escape(g.recipient)
        round_ = f' <span class="muted">({escape(g.round)})</span>' if show_round else ""
        label = labels.get(g.status)
        if label is None:
            label = labels[g.status] = escape(g.status_label)
        out.append(f'<tr><td data-label="{project}">{escape(g.project)}{case}</td>'
                   f'<td data-label="{recipient}">{who}</td>'
                   f'<td class="num" data-label="{amount}">{escape(money(g.amount_nok))}</td>'
                   f'<td data-label="{area}">{escape(g.focus_area)}{round_}</td>'
                   f'<td data-label="{status}">{label}</td></tr>')
    return Markup("".join(out))

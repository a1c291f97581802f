"""The ranking table's rows and page links as HTML, built in one pass in Python.

A page holds 100 rows (2 000 when the decision maker asks for all of them). In a Jinja loop every
cell is a filter call, an escape and a lookup through the template context, and the rows cost more
than the query behind them; here the labels are translated once, the numbers formatted with the
page's formatters (``fast_numbers``) and only the text typed by people (titles, names, case
numbers) is escaped. The markup is the same as the template's was.
"""
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from babel import numbers
from flask import url_for
from flask_babel import format_decimal
from markupsafe import Markup, escape

from potten.core.i18n import current_locale
from potten.core.i18n import gettext as _
from potten.decisions.ranking import Ranking


def table_rows(ranking: Ranking) -> Markup:
    """The ``<tr>`` elements of the ranking table, the budget line included; kept with the ranking
    (``Ranking.html``) per language, so a cached ranking is rendered once."""
    link = url_for("review.application", application_id=0)[:-1]
    key = (str(current_locale()), link)
    if ranking.html is not None and key in ranking.html:
        return ranking.html[key]
    html = _render(ranking, link)
    if ranking.html is not None:
        ranking.html[key] = html
    return html


def _render(ranking: Ranking, link: str) -> Markup:
    formats = fast_numbers()
    money, score = formats["money"], formats["score"]
    status = {}  # each status's label, translated and escaped the first time it is met
    full, part, reject = escape(_("full")), escape(_("part")), escape(_("reject"))
    undeclared = f'<td colspan="6">{escape(_("not declared"))}</td>'
    over = f' <strong>({escape(_("over budget"))})</strong>'
    budget_line = ('<tr class="budget-line"><th scope="row" colspan="9">' + str(escape(
        _("The money runs out here: %(left)s is left, and the applications below do not fit.",
          left=money(ranking.remaining)))) + "</th></tr>")
    out = []
    for r in ranking.rows:
        if r.crosses:
            out.append(budget_line)
        out.append(f'<tr id="row-{r.id}" class="over-budget">' if r.fits is False else f'<tr id="row-{r.id}">')
        label = status.get(r.status)
        if label is None:
            label = status[r.status] = escape(r.status.label)
        out.append(f'<td><a class="ds-link" href="{link}{r.id}">{escape(r.title)}</a><br>'
                   f'{escape(r.applicant)} · {escape(r.case_number)}</td>'
                   f'<td>{label}</td><td class="num">{money(r.requested)}</td>')
        if r.cleared:
            running = "–" if r.running is None else money(r.running) + ("" if r.fits else over)
            out.append(f'<td class="num">{score(r.mean)}</td><td class="num">{r.reviews}</td>'
                       f'<td>{r.full} {full}, {r.part} {part}, {r.reject} {reject}</td>'
                       f'<td class="num">{money(r.recommended)}</td><td class="num">{running}</td>'
                       f'<td class="num">{money(r.granted)}</td>')
        else:
            out.append(undeclared)
        out.append("</tr>\n")
    return Markup("".join(out))


def page_links(ranking: Ranking, args) -> dict:
    """The pager's links: each page's, and the one to show every row (or back to pages), keeping
    the sort and filter in ``args``."""
    kept = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    base = url_for("decisions.ranking_page", focus_area_id=ranking.focus_area.id)

    def href(page) -> str:
        return f"{base}?{urlencode(kept + [('page', page)])}"

    return {"pages": [(p, href(p)) for p in range(1, ranking.pages + 1)], "all": href("all"),
            "first": f"{base}?{urlencode(kept)}" if kept else base}


@lru_cache(maxsize=16)
def _separators(locale: str | None) -> tuple[str, str]:
    """(thousands separator, decimal point) of ``locale``: fixed by the CLDR data, so kept per process."""
    if locale is None:
        return format_decimal(1000, format="#,##0")[1:2], format_decimal(Decimal("0.5"), format="0.0")[1:2]
    return (numbers.format_decimal(1000, format="#,##0", locale=locale)[1:2],
            numbers.format_decimal(Decimal("0.5"), format="0.0", locale=locale)[1:2])


def fast_numbers() -> dict:
    """Formatters for the ranking table: the same text as the ``money`` and ``score`` filters,
    but the locale is looked up once per page instead of once per cell."""
    locale = current_locale()
    nb = locale is None or locale.language == "nb"
    group, point = _separators(str(locale) if locale is not None else None)

    def kroner(value) -> str:
        if value is None:
            return "–"
        number = f"{value:,}".replace(",", group)
        return f"{number}\u00a0kr" if nb else f"NOK\u00a0{number}"

    def score(value) -> str:
        return "–" if value is None else f"{value:.2f}".replace(".", point)

    return {"money": kroner, "score": score}

"""Tables that stack on a narrow screen keep their column names.

Below 48rem (potten.css) a ``table.ds-table`` becomes a list of blocks, and its header row is hidden,
so each cell shows its column's name from its ``data-label``. ``labelled`` gives every body and foot
cell the name of the header above it, so no template writes the names twice; base.html passes each
page's content through it. A cell that has its own ``data-label`` keeps it; a table without a header
row (each row with its own ``<th scope="row">``) needs none. A table whose rows were rendered with their
labels already (in Python, e.g. ``potten.public.grants_html``) says so with ``data-labelled`` and is passed
over whole: walking thousands of cells for nothing cost more than rendering them.
"""
import html
import re

from markupsafe import Markup, escape

TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|th|td)\b([^>]*)>", re.IGNORECASE)
ANY_TABLE = re.compile(r"<table\b", re.IGNORECASE)
SPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
OTHER_TAGS = re.compile(r"<[^>]*>")


class _Table:
    __slots__ = ("headers", "labels", "section", "column", "header_text_from", "header_span")

    def __init__(self):
        self.headers: list[str] = []  # each column's name
        self.labels: list[str] = []  # each column's attribute, `` data-label="…"``, escaped once
        self.section = ""
        self.column = 0
        self.header_text_from: int | None = None
        self.header_span = 1


def cell_labels(*names: str) -> list[Markup]:
    """Each column's `` data-label="…"``, its header's name escaped once: for the rows a page renders in
    Python with their labels (its table marked ``data-labelled``)."""
    return [Markup(' data-label="{}"').format(name) for name in names]


def _span(attributes: str) -> int:
    if not attributes or "span" not in attributes.lower():
        return 1
    found = SPAN.search(attributes)
    return max(1, int(found.group(1))) if found else 1


def _text(markup: str) -> str:
    return " ".join(html.unescape(OTHER_TAGS.sub(" ", markup)).split())


def labelled(content: str) -> Markup:
    """``content`` with a ``data-label`` on every table cell below a named column.

    A list of 50 rows has hundreds of cells, and every page passes here: a page without a table is handed
    back at once, and a cell's attribute is escaped once per column, not once per cell."""
    content = str(content)
    if ANY_TABLE.search(content) is None:
        return Markup(content)
    out, done, at = [], 0, 0
    tables: list[_Table] = []
    while (tag := TAG.search(content, at)) is not None:
        at = tag.end()
        closing, name, attributes = tag.groups()
        name = name.lower()
        if name == "table":
            if not closing and "data-labelled" in attributes and (end := content.find("</table>", at)) >= 0:
                at = end + len("</table>")  # its cells carry their labels already (a kept fragment)
            elif not closing:
                tables.append(_Table())
            elif tables:
                tables.pop()
            continue
        if not tables:
            continue
        table = tables[-1]
        if name == "td" or name == "th":
            if table.section == "thead":
                if name == "td":
                    continue
                if not closing:
                    table.header_text_from, table.header_span = tag.end(), _span(attributes)
                elif table.header_text_from is not None:
                    header = _text(content[table.header_text_from:tag.start()])
                    table.headers += [header] * table.header_span
                    table.labels += [f' data-label="{escape(header)}"' if header else ""] * table.header_span
                    table.header_text_from = None
                continue
            if closing:
                continue
            column = table.column
            span = _span(attributes)
            table.column += span
            if span == 1:
                label = table.labels[column] if column < len(table.labels) else ""
            else:  # a cell across columns of other names is its own label
                names = set(table.headers[column:column + span])
                label = table.labels[column] if len(names) == 1 and column < len(table.labels) else ""
            if not label or (name == "th" and table.section == "tfoot") or "data-label" in attributes:
                continue  # "Total" names its own row
            cut = tag.end() - (2 if attributes.rstrip().endswith("/") else 1)
            out += [content[done:cut], label]
            done = cut
        elif name == "tr":
            if not closing:
                table.column = 0
                if table.section == "thead":
                    table.headers, table.labels = [], []
        else:  # thead, tbody, tfoot
            table.section = "" if closing else name
    out.append(content[done:])
    return Markup("".join(out))

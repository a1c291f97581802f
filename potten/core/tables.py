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
SPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
OTHER_TAGS = re.compile(r"<[^>]*>")


class _Table:
    def __init__(self):
        self.headers: list[str] = []
        self.section = ""
        self.column = 0
        self.header_text_from: int | None = None
        self.header_span = 1


def _span(attributes: str) -> int:
    if "span" not in attributes.lower():
        return 1
    found = SPAN.search(attributes)
    return max(1, int(found.group(1))) if found else 1


def _text(markup: str) -> str:
    return " ".join(html.unescape(OTHER_TAGS.sub(" ", markup)).split())


def labelled(content: str) -> Markup:
    """``content`` with a ``data-label`` on every table cell below a named column."""
    content = str(content)
    out, done, at = [], 0, 0
    tables: list[_Table] = []
    while (tag := TAG.search(content, at)) is not None:
        at = tag.end()
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name == "table":
            if not closing and "data-labelled" in attributes and (end := content.find("</table>", at)) >= 0:
                at = end + len("</table>")
            elif not closing:
                tables.append(_Table())
            elif tables:
                tables.pop()
            continue
        if not tables:
            continue
        table = tables[-1]
        if name in ("thead", "tbody", "tfoot"):
            table.section = "" if closing else name
        elif name == "tr" and not closing:
            table.column = 0
            if table.section == "thead":
                table.headers = []
        elif table.section == "thead" and name == "th":
            if not closing:
                table.header_text_from, table.header_span = tag.end(), _span(attributes)
            elif table.header_text_from is not None:
                table.headers += [_text(content[table.header_text_from:tag.start()])] * table.header_span
                table.header_text_from = None
        elif not closing and name in ("td", "th") and table.section != "thead":
            span = _span(attributes)
            names = set(table.headers[table.column:table.column + span])
            table.column += span
            label = names.pop() if len(names) == 1 else ""  # a cell across columns of other names is its own label
            if name == "th" and table.section == "tfoot":
                label = ""  # "Total" names its own row
            if label and "data-label" not in attributes:
                cut = tag.end() - (2 if attributes.rstrip().endswith("/") else 1)
                out += [content[done:cut], f' data-label="{escape(label)}"']
                done = cut
    out.append(content[done:])
    return Markup("".join(out))

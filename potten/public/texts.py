"""The editable public texts: read (the admin's version, else the built-in one), save, and show.

A text is plain text with three kinds of lines: ``## heading`` (and ``### subheading``),
``- list item``, and paragraphs separated by blank lines. Web addresses and e-mail
addresses become links. Everything else is escaped: an admin cannot put HTML on a page.
"""
import re
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from potten.core import audit
from potten.core.errors import DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.extensions import db
from potten.public.models import KEYS, LOCALES, PublicText

BUILT_IN = Path(__file__).parent / "texts"
BUILT_IN_DATE = datetime(2026, 12, 3, 9, 0)  # when the built-in texts were last revised (UTC)
MAX_LENGTH = 40_000
LINK = re.compile(r"(https?://[^\s<>()]+[^\s<>().,;:!?])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def built_in(key: str, locale: str) -> str:
    return (BUILT_IN / f"{key}_{locale}.txt").read_text(encoding="utf-8")


def current(key: str, locale: str) -> tuple[str, datetime, object]:
    """(text, when it was last changed, the admin who changed it or None) of ``key`` in ``locale``."""
    found = db.session.get(PublicText, (key, locale))
    if found is not None:
        return found.body, found.updated_at, found.updated_by
    return built_in(key, locale), BUILT_IN_DATE, None


def save_text(key: str, locale: str, body: str, actor) -> PublicText | None:
    """Store the admin's version of a public text (an empty text brings back the built-in one)."""
    if key not in KEYS or locale not in LOCALES:
        raise DomainError(_l("There is no such page."))
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_LENGTH:
        raise DomainError(_l("The text can be at most %(n)s characters.", n=MAX_LENGTH), field="body")
    found = db.session.get(PublicText, (key, locale))
    before = found.body if found is not None else None
    if not body:
        if found is not None:
            audit.log("public_text.reset", found, actor=actor, before={"key": key, "locale": locale, "body": before})
            db.session.delete(found)
        return None
    if found is None:
        found = PublicText(key=key, locale=locale, body=body, updated_by_id=actor.id)
        db.session.add(found)
    found.body, found.updated_by_id = body, actor.id
    db.session.flush()
    audit.log("public_text.saved", found, actor=actor, before={"body": before},
              after={"key": key, "locale": locale, "body": body})
    return found


def save_texts(key: str, bodies: dict[str, str], actor) -> None:
    """Save a page's text in each language given (``{"nb": …, "en": …}``); unchanged ones are left."""
    for locale, body in bodies.items():
        if (body or "").replace("\r\n", "\n").strip() != current(key, locale)[0].strip():
            save_text(key, locale, body, actor)


def _inline(text: str) -> Markup:
    out, last = [], 0
    for match in LINK.finditer(text):
        out.append(escape(text[last:match.start()]))
        url, mail = match.group(1), match.group(2)
        href = url or f"mailto:{mail}"
        out.append(Markup('<a class="ds-link" href="{}">{}</a>').format(href, url or mail))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def render(body: str) -> Markup:
    """The text as HTML with Designsystemet's classes, every character of the text escaped."""
    html, paragraph, items = [], [], []

    def flush():
        if paragraph:
            html.append(Markup('<p class="ds-paragraph">{}</p>').format(_inline(" ".join(paragraph))))
            paragraph.clear()
        if items:
            html.append(Markup('<ul class="ds-list">{}</ul>').format(
                Markup("").join(Markup("<li>{}</li>").format(_inline(i)) for i in items)))
            items.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("### "):
            flush()
            html.append(Markup('<h3 class="ds-heading" data-size="xs">{}</h3>').format(line[4:]))
        elif line.startswith("## "):
            flush()
            html.append(Markup('<h2 class="ds-heading" data-size="sm">{}</h2>').format(line[3:]))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:])
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return Markup("\n").join(html)

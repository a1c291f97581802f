"""Dates as people type them: ``dd.mm.åååå`` in a text field, the same on every form.

The form field is ``potten.core.fields.DayField``. A browser's own date field shows its locale's
format (mm/dd/yyyy in an English browser) while our hints say dd.mm.yyyy; a text field shows what
the hint says. The example in the hint is always in the future, so nobody copies a date that has
passed.
"""
from datetime import date, datetime

from potten.core.i18n import gettext as _
from potten.core.time import utc_to_oslo, utcnow

FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")  # day first; ISO as a browser sends it


def example() -> str:
    """A date some months ahead, as it is to be typed: 15.06. next year."""
    return date(utc_to_oslo(utcnow()).year + 1, 6, 15).strftime("%d.%m.%Y")


def date_hint() -> str:
    """``Write the date as dd.mm.yyyy, for example 15.06.2027.`` in the user's language."""
    return _("Write the date as dd.mm.yyyy, for example %(example)s.", example=example())


def parse_day(text: str) -> date:
    """The date in ``text`` (``1.6.2027``, ``01.06.27``, ``2027-06-01``); ValueError with the hint if none."""
    compact = "".join(text.split())
    for fmt in FORMATS:
        try:
            return datetime.strptime(compact, fmt).date()
        except ValueError:
            continue
    raise ValueError(date_hint())


def show_day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")

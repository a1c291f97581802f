"""Form fields every area shares: amounts like ``1 310 000``, numbers, dates and clock times as
people type them, checkboxes for a multiple choice, and choices from (value, label) pairs.

Each typed field keeps the text as typed, so a form shown again with errors shows it unchanged.
"""
import re
from datetime import date, datetime, time

from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from potten.core import amounts
from potten.core.i18n import lazy_gettext as _l

SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


class Required:
    """The field must be filled in (spaces alone count as empty).

    Unlike WTForms' own, it keeps the message of text that could not be read.
    """

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.errors:
            raise StopValidation()
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(str(self.message))


class TypedField(StringField):
    """A text field whose ``data`` is parsed from the text; ``parse`` raises ValueError with the message."""

    def parse(self, text: str):
        raise NotImplementedError

    def show(self, value) -> str:
        return str(value)

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if text:
            self.data = self.parse(text)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)


class WholeNumberField(TypedField):
    """A whole number, 1 or more; spaces between the digits and ``kr`` are allowed."""

    def __init__(self, label=None, validators=None, not_a_number=None, too_small=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.not_a_number = not_a_number or _l("Write a whole number using digits only, for example 12.")
        self.too_small = too_small or _l("The number must be 1 or more.")

    def parse(self, text: str) -> int:
        compact = SPACES.sub("", text).lower().removeprefix("kr").removesuffix("kr").removesuffix(",-")
        if not compact.isdigit() or not compact.isascii():
            raise ValueError(str(self.not_a_number))
        number = int(compact)
        if number < 1:
            raise ValueError(str(self.too_small))
        return number


class AmountField(TypedField):
    """Whole kroner, read by the service's one parser (``potten.core.amounts.kroner``): ``1 310 000``,
    ``1310000 kr``, ``1.310.000`` or ``1310000,00``; ``1,5`` is refused. ``at_least``: the smallest
    amount accepted (default 1: more than 0 kroner); None accepts 0."""

    def __init__(self, label=None, validators=None, at_least: int | None = 1, too_small=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.at_least = at_least
        self.too_small = too_small or _l("The amount must be more than 0 kroner.")

    def parse(self, text: str) -> int | None:
        try:
            amount = amounts.kroner(text)
        except amounts.AmountError as exc:
            raise ValueError(str(exc.message)) from None
        if amount is not None and self.at_least is not None and amount < self.at_least:
            raise ValueError(str(self.too_small))
        return amount

    def show(self, value: int) -> str:
        return f"{value:,}".replace(",", " ")


class DayField(TypedField):
    """A date: what a browser's date picker sends (2025-03-30) or what people type (30.03.2025)."""

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> date:
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(str(_l("Write the date as day.month.year, for example 30.03.2025.")))

    def show(self, value: date) -> str:
        return value.isoformat()


class ClockField(TypedField):
    """A time of day on the clock: 12:00, 12.00 or 12."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "time"})
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> time:
        match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", text)
        if match:
            hours, minutes = int(match.group(1)), int(match.group(2) or 0)
            if hours < 24 and minutes < 60:
                return time(hours, minutes)
        raise ValueError(str(_l("Write the time as hours and minutes, for example 12:00.")))

    def show(self, value: time) -> str:
        return value.strftime("%H:%M")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (a list, each with its label)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs) -> list[SelectChoice]:
    """Choices for a select, radio or checkbox field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]

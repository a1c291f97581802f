"""Form fields that read what people type: amounts like ``1 310 000``, dates and clock times.

Each field keeps the text as typed, so a form shown again with errors shows it unchanged.
"""
import re
from datetime import time

from wtforms import StringField
from wtforms.validators import StopValidation

from potten.core.dates import DayField  # noqa: F401  (the rounds' forms take it from here)
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


class KronerField(WholeNumberField):
    """Whole kroner, more than 0: ``1 310 000``, ``1310000`` or ``1 310 000 kr``."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("not_a_number", _l("Write the amount in whole kroner using digits only, "
                                             "for example 1 310 000."))
        kwargs.setdefault("too_small", _l("The amount must be more than 0 kroner."))
        super().__init__(label, validators, **kwargs)

    def show(self, value: int) -> str:
        return f"{value:,}".replace(",", " ")


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

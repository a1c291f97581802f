"""Turning what an applicant typed into values we can store, with a plain message when we cannot.

Every cleaner takes the application and the typed value and returns the value to
store, or raises ``Invalid`` with a translated message. The draft keeps what is
valid; the rest is shown again as typed.
"""
import re
from datetime import date, datetime

from stdnum.exceptions import ValidationError
from stdnum.no import kontonr

from potten.applications.models import TARGET_GROUPS
from potten.core import amounts
from potten.core.i18n import lazy_gettext as _l

LIMITS = {"title": 200, "summary": 600, "description": 20_000, "location": 200}
LARGEST_COUNT = 1_000_000


class Invalid(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def text(field: str):
    limit = LIMITS[field]

    def clean(application, value) -> str:
        value = (value or "").strip().replace("\r\n", "\n")
        if len(value) > limit:
            raise Invalid(too_long(limit, len(value)))
        return value
    return clean


def too_long(limit: int, length: int):
    return _l("This can be at most %(limit)d characters long. Now it is %(length)d.", limit=limit, length=length)


def kroner(value, allow_empty_as_zero: bool = False) -> int | None:
    """Whole kroner, read by the service's one parser (``potten.core.amounts``)."""
    try:
        return amounts.kroner(value, allow_empty_as_zero)
    except amounts.AmountError as exc:
        raise Invalid(exc.message) from None


def count(value, allow_empty_as_zero: bool = False) -> int | None:
    raw = re.sub(r"[\s\u00a0\u202f]", "", str(value or ""))
    if raw == "":
        return 0 if allow_empty_as_zero else None
    if raw.startswith("-"):
        raise Invalid(_l("The number cannot be less than zero."))
    if not raw.isdigit():
        raise Invalid(_l("Write a whole number with digits only, for example 25."))
    number = int(raw)
    if number > LARGEST_COUNT:
        raise Invalid(_l("This number is too large. Check the number of zeros."))
    return number


def a_date(application, value) -> date | None:
    """A date from a date field (2025-06-01) or typed the Norwegian way (1.6.2025)."""
    raw = (value or "").strip() if isinstance(value, str) else value
    if not raw:
        return None
    if isinstance(raw, date):
        return raw
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise Invalid(_l("Write the date as day.month.year, for example 01.06.2025."))


def bank_account(application, value) -> str | None:
    """Eleven digits with a valid check digit; spaces and dots are allowed and removed."""
    raw = (value or "").strip()
    if not raw:
        return None
    compact = kontonr.compact(raw)
    if not compact.isdigit() or len(compact) != 11:
        raise Invalid(_l("An account number has 11 digits, for example 1234 56 78903."))
    try:
        kontonr.validate(compact)
    except ValidationError as exc:
        raise Invalid(_l("The account number %(number)s is not a valid Norwegian account number. "
                         "Check it against your bank card or online bank.", number=format_account(compact))) from exc
    return compact


def format_account(number: str | None) -> str:
    """``86011117947`` as ``8601 11 17947``."""
    if not number or len(number) != 11:
        return number or ""
    return f"{number[:4]} {number[4:6]} {number[6:]}"


def focus_area(application, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        wanted = int(value)
    except (TypeError, ValueError):
        wanted = None
    if wanted not in {area.id for area in application.round.focus_areas}:
        raise Invalid(_l("Choose one of the focus areas of this call."))
    return wanted


def target_groups(application, value) -> list[str]:
    chosen = [value] if isinstance(value, str) else list(value or [])
    if any(group not in TARGET_GROUPS for group in chosen):
        raise Invalid(_l("Choose among the groups in the list."))
    return [group for group in TARGET_GROUPS if group in chosen]


def participants(application, value) -> int | None:
    return count(value)


def zero_or_kroner(application, value) -> int:
    return kroner(value, allow_empty_as_zero=True)


def zero_or_hours(application, value) -> int:
    return count(value, allow_empty_as_zero=True)


def requested(application, value) -> int | None:
    amount = kroner(value)
    if amount == 0:
        raise Invalid(_l("The amount you ask for must be more than 0 kroner."))
    return amount


def consent(application, value) -> bool:
    return value in (True, "y", "yes", "on", "1", "true")


def budget_lines(rows) -> tuple[list[tuple[str, int]], dict[str, object]]:
    """The filled rows as (item, amount), and a message per row field in error.

    A row with both fields empty is left out: that is how a line is removed without JavaScript.
    """
    lines, errors = [], {}
    for i, row in enumerate(rows or []):
        item = (row.get("item") or "").strip()
        typed_amount = str(row.get("amount") or "").strip()
        if not item and not typed_amount:
            continue
        if not item:
            errors[f"budget_lines-{i}-item"] = _l("Write what the money for this line is for.")
        elif len(item) > 200:
            errors[f"budget_lines-{i}-item"] = too_long(200, len(item))
        try:
            amount = kroner(typed_amount)
        except Invalid as exc:
            errors[f"budget_lines-{i}-amount"] = exc.message
            continue
        if amount is None:
            errors[f"budget_lines-{i}-amount"] = _l("Write how much this line costs, in kroner.")
        elif f"budget_lines-{i}-item" not in errors:
            lines.append((item, amount))
    return lines, errors


CLEANERS = {
    "title": text("title"),
    "summary": text("summary"),
    "description": text("description"),
    "focus_area_id": focus_area,
    "target_groups": target_groups,
    "location": text("location"),
    "start_date": a_date,
    "end_date": a_date,
    "expected_participants": participants,
    "other_funding": zero_or_kroner,
    "own_contribution": zero_or_kroner,
    "volunteer_hours": zero_or_hours,
    "requested_amount": requested,
    "bank_account": bank_account,
    "privacy_consent": consent,
}

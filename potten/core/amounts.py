"""Reading an amount of money as people type it: the one kroner parser of the service.

Every amount field, the applicant's and the staff's, reads what was typed with ``kroner``:
``25 000``, ``25 000 kr``, ``kr 25 000``, ``25.000``, ``25 000,-``, ``25000,00`` and ``25000.00``
are all 25 000 kroner. A dot or a comma before one to three digits other than zeros is øre or a
decimal (``1,5``, ``1.5``, ``12,50``): refused with a message, never guessed.
"""
import re

from potten.core.i18n import lazy_gettext as _l

LARGEST_AMOUNT = 100_000_000  # kroner; far above any grant, below the database's integer limit
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_CURRENCY = re.compile(r"^(kr\.?|nok)|(kr\.?|nok)$")
_NO_ORE = re.compile(r"[.,](-|00?)$")  # 25 000,- · 25000,00 · 25000.00 · 25000,0
_WHOLE = re.compile(r"\d{1,3}(\.\d{3})+|\d+")  # 25000 or 25.000 (dots between groups of three)
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}|\d+,\d+")


class AmountError(ValueError):
    """What was typed is not an amount; ``message`` says why, in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def kroner(value, allow_empty_as_zero: bool = False) -> int | None:
    """Whole kroner from what was typed; None (or 0) when empty; ``AmountError`` otherwise."""
    raw = _SPACES.sub("", str(value or "")).lower()
    raw = _NO_ORE.sub("", _CURRENCY.sub("", raw))
    if raw == "":
        return 0 if allow_empty_as_zero else None
    if raw.startswith("-"):
        raise AmountError(_l("The amount cannot be less than zero."))
    if not _WHOLE.fullmatch(raw):
        if _DECIMAL.fullmatch(raw):
            raise AmountError(_l("Write whole kroner, without øre, for example 15000."))
        raise AmountError(_l("Write the amount in whole kroner, with digits only, for example 15000."))
    amount = int(raw.replace(".", ""))
    if amount > LARGEST_AMOUNT:
        raise AmountError(_l("This amount is too large. Check the number of zeros."))
    return amount

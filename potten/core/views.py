"""Helpers for thin views: run one operation, and show a domain error on the form.

Views never commit: the request edge (``potten.core.unit_of_work``) commits once when the
request succeeds. When an operation refuses (``DomainError``), what it did so far is
rolled back here and the message is shown where the user is looking; the page that shows
it answers 400 (``form_status``), so the edge commits nothing.
"""
from collections.abc import Callable
from typing import Any

from flask import flash

from potten.core.errors import DomainError, problems_of
from potten.core.forms import ActionForm, BaseForm
from potten.core.i18n import gettext as _
from potten.extensions import db


class Done:
    """What ``attempt`` returns when the operation ran: true, and ``value`` is what it returned."""
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return True


class PageMessage(str):
    """A message of the whole form about something elsewhere on the page: ``target`` is the id the
    error summary links to (say, the account number shown beside the form), or empty."""
    target = ""

    def __new__(cls, message, target: str | None = None):
        made = super().__new__(cls, message)
        made.target = target or ""
        return made


def show_error(form: BaseForm, exc: DomainError) -> None:
    """Put each message of a domain error next to its field, or at the top of the form's error summary
    (linked to ``#field`` when it names something that is not one of the form's fields)."""
    for name, message in problems_of(exc):
        field = getattr(form, name, None) if name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, str(message)]
        else:
            form.form_errors.append(PageMessage(message, name))


def form_status(*forms: BaseForm) -> int:
    """400 when one of the forms shows an error (the edge then commits nothing), else 200."""
    return 400 if any(f.errors or f.form_errors for f in forms) else 200


def attempt(form: BaseForm, operation: Callable, *args, **kwargs) -> Done | bool:
    """Run ``operation``; on a domain error roll back what it did and show the message on
    ``form`` (False). Else a true ``Done`` holding what the operation returned (the request
    edge commits it)."""
    try:
        value = operation(*args, **kwargs)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return False
    return Done(value)


def button_action(operation: Callable[[], object], success: str, form: BaseForm | None = None) -> Done | bool:
    """Run the operation behind a button: check the form (its CSRF token), show a domain error
    as a flash message, else flash ``success``. A true ``Done`` when it was done."""
    if not (form or ActionForm()).validate():
        flash(_("The page had been open too long. Please try again."), "error")
        return False
    try:
        value = operation()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return False
    flash(success, "success")
    return Done(value)

"""Helpers for thin views: run one operation, and show a domain error on the form.

Views never commit: the request edge (``potten.core.unit_of_work``) commits once when the
request succeeds. When an operation refuses (``DomainError``), what it did so far is
rolled back here and the message is shown where the user is looking.
"""
from collections.abc import Callable

from flask import flash

from potten.core.errors import DomainError, problems_of
from potten.core.forms import ActionForm, BaseForm
from potten.core.i18n import gettext as _
from potten.extensions import db


def show_error(form: BaseForm, exc: DomainError) -> None:
    """Put each message of a domain error next to its field, or at the top of the form's error summary."""
    for name, message in problems_of(exc):
        field = getattr(form, name, None) if name else None
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(str(message))
        else:
            form.form_errors.append(str(message))


def attempt(form: BaseForm, operation: Callable, *args, **kwargs) -> bool:
    """Run ``operation``; on a domain error roll back what it did and show the message on
    ``form``. True when it was done (the request edge commits it)."""
    try:
        operation(*args, **kwargs)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return False
    return True


def button_action(operation: Callable[[], object], success: str, form: BaseForm | None = None) -> bool:
    """Run the operation behind a button: check the form (its CSRF token), show a domain error
    as a flash message, else flash ``success``. True when it was done."""
    if not (form or ActionForm()).validate():
        flash(_("The page had been open too long. Please try again."), "error")
        return False
    try:
        operation()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return False
    flash(success, "success")
    return True

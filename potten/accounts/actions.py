"""Small helpers for views: domain errors into forms, and buttons that run one operation.

They are general, not about accounts; they live here until ``potten.core`` takes them.
"""
from collections.abc import Callable

from flask import flash

from potten.core import outbox
from potten.core.errors import DomainError
from potten.core.forms import ActionForm, BaseForm
from potten.core.i18n import gettext as _


def show_error(form: BaseForm, exc: DomainError) -> None:
    """Put a domain error next to its field, or at the top of the form's error summary."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors.append(str(exc.message))
    else:
        form.form_errors.append(str(exc.message))


def button_action(operation: Callable[[], object], success: str, form: BaseForm | None = None) -> bool:
    """Run the operation behind a button: check the form (its CSRF token), show a domain error
    as a flash message, else commit and flash ``success``. True when it was done."""
    if not (form or ActionForm()).validate():
        flash(_("The page had been open too long. Please try again."), "error")
        return False
    try:
        operation()
    except DomainError as exc:
        flash(str(exc.message), "error")
        return False
    outbox.commit()
    flash(success, "success")
    return True

"""Helpers for thin views: run one operation, and show a domain error on the form.

Views never commit: the request edge (``potten.core.unit_of_work``) commits once when the
request succeeds. When an operation refuses (``DomainError``), what it did so far is
rolled back here and the message is shown where the user is looking; the page that shows
it answers 400 (``form_status``), so the edge commits nothing.
"""
import io
from collections.abc import Callable
from typing import Any

from flask import flash, send_file

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


# A file someone uploaded is never shown or run by the browser as part of the site.
UPLOADED_FILE_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def file_response(content: bytes, mimetype: str, name: str, *, as_attachment: bool = True,
                  etag: str | None = None, uploaded: bool = False):
    """A file from the database as a response nobody caches on the way. ``uploaded``: a file a
    user sent (an attachment, an answer's document), which the browser must not sniff or render
    with the site's rights."""
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=as_attachment, download_name=name,
                         etag=etag or True, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    if uploaded:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = UPLOADED_FILE_CSP
    return response


def stored_file(found):
    """An uploaded file kept in the database (``data``, ``content_type``, ``filename``, ``sha256``)."""
    return file_response(found.data, found.content_type, found.filename, etag=found.sha256, uploaded=True)

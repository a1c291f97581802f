"""What every request and every answer goes through: safe redirects, refused control
characters, bounded page numbers and the security headers.

- ``safe_target(target, default)``: the one check for every ``next`` address. Only a path on
  this site passes, judged after the browser's own normalising (it drops tabs and newlines and
  reads a backslash as a slash, so ``/\\t/evil.example`` would become ``//evil.example``).
- Control characters are refused with a 400 page that says what is wrong, before a view or the
  database sees them: any in a query parameter, a path segment, a field name or a file name, and
  in a form field's value any but tab, newline and carriage return (NUL, DEL and the rest of C0).
- ``page_number(value)``: a page number from the query string, 1 to ``MAX_PAGE``.
- Every answer carries a Content-Security-Policy without inline script or style, refuses to be
  framed, and says nosniff and a referrer policy; HSTS in production; pages for a logged-in
  user are never stored by the browser or a proxy (``Cache-Control: no-store``).
"""
import re
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from potten.core.i18n import lazy_gettext as _l

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # in form fields: tab and line breaks are text
CONTROL_IN_PARAMETERS = re.compile(r"[\x00-\x1f\x7f]")  # in the address: none at all
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x20\x7f\\]")  # every control character, space and backslash
MAX_PAGE = 10_000

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"
PUBLIC_FILES = ("static", "public.vendor")  # the same for everyone: a browser may keep them

CONTROL_MESSAGE = _l("What you sent contains a control character (for example a NUL byte, or an invisible "
                     "character copied from another program) that we cannot accept. Go back, remove it – often "
                     "it is enough to type the text again instead of pasting it – and send again.")


class RefusedInput(BadRequest):
    """A 400 whose description is written for the user (the error page shows it)."""


def safe_target(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``."""
    if not target or _UNSAFE_IN_TARGET.search(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def page_number(value: str | None) -> int:
    """A page number from the query string: ASCII digits, 1 to ``MAX_PAGE``; anything else is page 1."""
    if not value or not value.isascii() or not value.isdigit():
        return 1
    return max(1, min(int(value[:6]), MAX_PAGE))


def has_control_characters(*texts: str) -> bool:
    return any(CONTROL.search(text) for text in texts if text)


def _refuse_control_characters() -> None:
    in_address = [*request.args.keys(), *request.args.values(), *request.form.keys(),
                  *(f.filename or "" for f in request.files.values()),
                  *(v for v in (request.view_args or {}).values() if isinstance(v, str))]
    if any(CONTROL_IN_PARAMETERS.search(text) for text in in_address if text) or \
            has_control_characters(*request.form.values()):
        raise RefusedInput(description=str(CONTROL_MESSAGE))


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    from flask import current_app

    if current_app.config.get("PRODUCTION"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint not in PUBLIC_FILES and getattr(current_user, "is_authenticated", False):
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Vary", "Cookie")
    return response


def init_app(app: Flask) -> None:
    app.before_request(_refuse_control_characters)
    app.after_request(_headers)

"""Template filters: amounts as ``1 310 000 kr``, dates as ``12. mars 2025`` in Oslo time."""
from datetime import UTC, date, datetime

from babel.dates import parse_pattern
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from potten.core.time import utc_to_oslo


def money(kroner: int | None) -> str:
    if kroner is None:
        return "–"
    number = format_decimal(kroner, format="#,##0")
    return f"{number}\u00a0kr" if _lang() == "nb" else f"NOK\u00a0{number}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = utc_to_oslo(value).date()
    return format_date(value, "d. MMMM y" if _lang() == "nb" else "d MMMM y")


def moment(value: datetime | None) -> str:
    """A point in time, in Oslo: ``12. mars 2025 kl. 12:00``."""
    if value is None:
        return "–"
    locale = get_locale()
    if locale is None:  # outside a request and force_locale: as Flask-Babel would do it
        return format_datetime(value, _MOMENT["nb"].pattern)
    # What flask_babel.format_datetime does (Oslo is the app's timezone), without looking up
    # the context, the timezone and the parsed pattern again on every call: pages show many.
    pattern = _MOMENT["nb"] if locale.language == "nb" else _MOMENT["en"]
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return pattern.apply(utc_to_oslo(value), locale)


_MOMENT = {"nb": parse_pattern("d. MMMM y 'kl.' HH:mm"), "en": parse_pattern("d MMMM y 'at' HH:mm")}


def _lang() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "nb"


def init_app(app) -> None:
    from potten.core import template_i18n

    template_i18n.init_app(app)
    app.add_template_filter(money)
    app.add_template_filter(day)
    app.add_template_filter(moment)
    app.add_template_global(nav_items)
    app.add_template_global(form_errors)
    app.add_template_global(_lang, "current_lang")
    from flask_wtf.csrf import generate_csrf

    app.add_template_global(generate_csrf, "csrf_token")


NAV = [  # (endpoint, label, who sees it: None = everyone, "user" = logged in, or roles)
    ("public.index", _l("Open calls"), None),
    ("applications.mine", _l("My applications"), "user"),
    ("letters.mine", _l("My letters"), "user"),
    ("review.worklist", _l("Reviews"), ("reviewer",)),
    ("decisions.overview", _l("Decisions"), ("decision_maker", "admin")),
    ("finance.overview", _l("Payouts"), ("finance",)),
    ("letters.overview", _l("Letters"), ("admin", "decision_maker")),
    ("rounds.index", _l("Rounds"), ("admin",)),
    ("admin.users", _l("Users"), ("admin",)),
    ("accounts.profile", _l("My profile"), "user"),
]


def nav_items() -> list[tuple[str, str]]:
    """The menu for the current user; areas not built yet are left out."""
    from flask import current_app
    from flask_login import current_user

    from potten.core.roles import Role

    items = []
    for endpoint, label, who in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if who == "user" and not current_user.is_authenticated:
            continue
        if isinstance(who, tuple) and not (current_user.is_authenticated
                                           and current_user.has_role(*(Role(r) for r in who))):
            continue
        items.append((endpoint, str(label)))
    return items


def form_errors(form) -> list[tuple[str, str]]:
    """(field id, first message) for every field in error, in the form's order."""
    out = []
    for f in form:
        if f.errors:
            first = f.errors[0] if isinstance(f.errors, list) else next(iter(f.errors.values()))[0]
            out.append((f.id, first))
    out.extend(("", e) for e in getattr(form, "form_errors", []))
    return out


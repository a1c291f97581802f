"""Template filters: amounts as ``1 310 000 kr``, dates as ``12. mars 2025`` in Oslo time."""
from datetime import UTC, date, datetime
from functools import lru_cache

from babel.numbers import get_group_symbol
from flask_babel import format_date, format_datetime, format_decimal
from markupsafe import Markup, escape

from potten.core import i18n, urls, widgets
from potten.core.i18n import current_locale
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo


def money(kroner: int | None) -> str:
    if kroner is None:
        return "–"
    locale = current_locale()
    if isinstance(kroner, int) and kroner >= 0 and locale is not None:
        # what format_decimal(kroner, "#,##0") gives, without parsing the pattern on every call (pages show
        # hundreds of amounts): the digits grouped by three with the locale's group symbol
        number = f"{kroner:,}".replace(",", _group_symbol(str(locale)))
    else:
        number = format_decimal(kroner, format="#,##0")
    return f"{number}\u00a0kr" if _lang() == "nb" else f"NOK\u00a0{number}"


@lru_cache(maxsize=8)
def _group_symbol(locale: str) -> str:
    return get_group_symbol(locale)


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = utc_to_oslo(value).date()
    locale = current_locale()
    if locale is None:
        return format_date(value, "d. MMMM y" if _lang() == "nb" else "d MMMM y")
    # babel's "d. MMMM y" spelt out with the month's name from the locale's data (as ``moment`` does):
    # several times faster, and lists show one on every row
    month = locale.months["format"]["wide"][value.month]
    return f"{value.day}. {month} {value.year}" if locale.language == "nb" else f"{value.day} {month} {value.year}"


def moment(value: datetime | None) -> str:
    """A point in time, in Oslo: ``12. mars 2025 kl. 12:00`` (``12 March 2025 at 12:00``)."""
    if value is None:
        return "–"
    locale = current_locale()
    if locale is None:  # outside a request and force_locale: as Flask-Babel would do it
        return format_datetime(value, "d. MMMM y 'kl.' HH:mm")
    # The pattern spelt out, with the month's name from the locale's data: what babel's
    # "d. MMMM y 'kl.' HH:mm" gives, several times faster (pages show dozens).
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    t = utc_to_oslo(value)
    month = locale.months["format"]["wide"][t.month]
    if locale.language == "nb":
        return f"{t.day}. {month} {t.year} kl. {t.hour:02d}:{t.minute:02d}"
    return f"{t.day} {month} {t.year} at {t.hour:02d}:{t.minute:02d}"


def status_tag(status) -> Markup:
    """An application's status as a coloured tag."""
    return Markup(f'<span class="ds-tag status-tag" data-color="{status.tag_color}">{escape(status.label)}</span>')


def _lang() -> str:
    locale = current_locale()
    return locale.language if locale is not None else "nb"


def init_app(app) -> None:
    i18n.init_app(app)
    urls.init_app(app)
    widgets.install()
    app.add_template_filter(money)
    app.add_template_filter(day)
    app.add_template_filter(moment)
    app.add_template_filter(status_tag)
    from potten.core.tables import labelled

    app.add_template_filter(labelled)
    from potten.core.audit_words import action_label, object_label

    app.add_template_filter(action_label)
    app.add_template_filter(object_label)
    app.add_template_global(menu_html)
    from potten.core.dates import date_hint

    app.add_template_global(date_hint)
    app.add_template_global(form_errors)
    app.add_template_global(widgets.field_html)
    from potten.core.links import row_link

    app.add_template_global(row_link)
    app.add_template_global(_lang, "current_lang")
    from flask_wtf.csrf import generate_csrf

    app.add_template_global(generate_csrf, "csrf_token")


NAV = [  # (endpoint, label, who sees it: None = everyone, "user" = logged in, or roles)
    ("public.index", _l("Open calls"), None),
    ("public.work", _l("My work"), ("reviewer", "decision_maker", "finance", "admin")),
    ("applications.mine", _l("My applications"), "user"),
    ("letters.mine", _l("My letters"), "user"),
    ("review.worklist", _l("Reviews"), ("reviewer",)),
    ("decisions.overview", _l("Decisions"), ("decision_maker", "admin")),
    ("finance.desk", _l("Payouts"), ("finance",)),
    ("reports.overview", _l("Final reports"), ("decision_maker", "admin", "finance")),
    ("letters.overview", _l("Letters"), ("admin", "decision_maker")),
    ("rounds.index", _l("Rounds"), ("admin",)),
    ("admin.users", _l("Users"), ("admin",)),
    ("accounts.profile", _l("My profile"), "user"),
]


def nav_items() -> list[tuple[str, str]]:
    """The menu for the current user; areas not built yet are left out."""
    from flask import current_app
    from flask_login import current_user

    user = current_user._get_current_object()
    signed_in = user.is_authenticated
    roles = {role.value for role in user.roles} if signed_in else set()
    views = current_app.view_functions
    items = []
    for endpoint, label, who in NAV:
        if endpoint not in views:
            continue
        if who == "user" and not signed_in:
            continue
        if isinstance(who, tuple) and roles.isdisjoint(who):
            continue
        items.append((endpoint, str(label)))
    return items


_CSRF, _NEXT = "\x00csrf\x00", "\x00next\x00"  # where each request's token and address go in a kept menu
_MENUS: dict[tuple, str] = {}
MENUS_KEPT = 1024


def menu_html() -> Markup:
    """The items of the layout's menu (base.html shows them twice: wide and folded): each area the user may
    open, the current one marked, logging in or out, and the other language. The same for everyone with the
    same roles on the same page in the same language, so it is written once per process for each of those
    and kept, with the two things that are the request's own (the form token and the page's address) put in
    on every request: as a Jinja macro it was 650-950 calls a page."""
    from flask import request
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    user = current_user._get_current_object()
    signed_in = user.is_authenticated
    key = (request.script_root, _lang(), request.endpoint, signed_in and frozenset(r.value for r in user.roles))
    kept = _MENUS.get(key)
    if kept is None:
        kept = _menu(signed_in)
        if len(_MENUS) >= MENUS_KEPT:
            _MENUS.clear()
        _MENUS[key] = kept
    return Markup(kept.replace(_CSRF, escape(generate_csrf())).replace(_NEXT, escape(request.full_path)))


def _menu(signed_in: bool) -> str:
    from flask import request, url_for

    from potten.core.i18n import gettext as _

    here = ' aria-current="page"'
    out = [f'<li><a class="ds-link" href="{escape(url_for(endpoint))}"'
           f'{here if request.endpoint == endpoint else ""}>{escape(label)}</a></li>'
           for endpoint, label in nav_items()]
    token = f'<input type="hidden" name="csrf_token" value="{_CSRF}">'
    if signed_in:
        out.append(f'<li><form method="post" action="{escape(url_for("accounts.logout"))}" class="inline-form">'
                   f'{token}<button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">'
                   f'{escape(_("Log out"))}</button></form></li>')
    else:
        out.append(f'<li><a class="ds-link" href="{escape(url_for("accounts.login"))}">{escape(_("Log in"))}</a></li>')
    other = ('value="en" class="ds-button" data-variant="secondary" data-size="sm" lang="en">English' if _lang() == "nb"
             else 'value="nb" class="ds-button" data-variant="secondary" data-size="sm" lang="nb">Norsk (bokmål)')
    out.append(f'<li><form method="post" action="{escape(url_for("public.set_language"))}" class="inline-form">'
               f'{token}<input type="hidden" name="next" value="{_NEXT}">'
               f'<button type="submit" name="locale" {other}</button></form></li>')
    return "".join(out)


def form_errors(form) -> list[tuple[str, str]]:
    """(field id, first message) for every field in error, in the form's order."""
    out = []
    for f in form:
        if f.errors:
            first = f.errors[0] if isinstance(f.errors, list) else next(iter(f.errors.values()))[0]
            out.append((f.id, first))
    out.extend((getattr(e, "target", ""), e) for e in getattr(form, "form_errors", []))
    return out


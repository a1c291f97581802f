"""Translation helpers: Flask-Babel's ``gettext``, ``lazy_gettext`` and ``get_locale``, with the locale and
the catalog looked up once a page instead of on every call.

Flask-Babel's functions find the context, the locale, the domain and its cache (keyed by the locale's name,
built anew each time) on every call; a page asks dozens of times (every ``_()``, every date and amount).
Here the locale is read where Flask-Babel keeps it for the request (``g._flask_babel.babel_locale``; when
that is missing, Flask-Babel is asked) and the catalog is kept on ``g`` next to the locale object it is for:
another locale object (a new request, ``force_locale`` while rendering a mail, ``refresh()``) looks it up
again through Flask-Babel. Nothing outlives the request.
"""
from flask import g, has_app_context
from flask_babel import LazyString, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup


def current_locale():
    """``flask_babel.get_locale()``, cheaper when it was already chosen in this request."""
    if has_app_context():
        locale = getattr(getattr(g._get_current_object(), "_flask_babel", None), "babel_locale", None)
        if locale is not None:
            return locale
    return get_locale()


def translations():
    """The catalog of the current locale."""
    if not has_app_context():  # Flask-Babel's answer there: no catalog
        return get_translations()
    app_g = g._get_current_object()
    locale = getattr(getattr(app_g, "_flask_babel", None), "babel_locale", None)
    cached = getattr(app_g, "_potten_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    found = get_translations()
    app_g._potten_translations = (get_locale(), found)
    return found


def gettext(string: str, **variables) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The singular or plural form for ``num`` in the current language; ``%(num)d`` is ``num``."""
    text = translations().ungettext(singular, plural, num)
    return text % {"num": num, **variables}


def lazy_gettext(string: str, **variables) -> LazyString:
    """Translated when used, in the language of that moment (module-level texts, labels)."""
    return LazyString(gettext, string, **variables)


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    """Jinja's newstyle ``gettext`` (``_()`` and ``{% trans %}``), the same answer for less work: the text,
    as Markup where the template autoescapes, always read as a format string (``%%`` is ``%``), but not
    formatted when there is nothing to format (a page asks for dozens of plain texts)."""
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def init_app(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["gettext"] = _template_gettext
    # ``_()`` straight to the newstyle gettext, not through the extension's alias that looks it up each call
    app.jinja_env.globals["_"] = _template_gettext

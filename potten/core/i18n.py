"""Translation helpers: Flask-Babel's ``gettext``, ``lazy_gettext`` and ``get_locale``, with the locale and
the catalog looked up once a page instead of on every call.

Flask-Babel's functions find the context, the locale, the domain and its cache (keyed by the locale's name,
built anew each time) on every call; a page asks dozens of times (every ``_()``, every date and amount).
Here the locale is read where Flask-Babel keeps it for the request (``g._flask_babel.babel_locale``; when
that is missing, Flask-Babel is asked) and the catalog is kept on ``g`` next to the locale object it is for:
another locale object (a new request, ``force_locale`` while rendering a mail, ``refresh()``) looks it up
again through Flask-Babel. Nothing outlives the request.
"""
from weakref import WeakKeyDictionary

from flask import g, has_app_context
from flask_babel import LazyString, get_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup

# catalog -> {(msgid, autoescape): the text a template's ``_(msgid)`` gives}: a catalog never changes once
# loaded, so its texts are kept as long as it is; a catalog loaded anew starts an empty map
_TEMPLATE_TEXTS: WeakKeyDictionary = WeakKeyDictionary()
_TEMPLATE_TEXTS_LIMIT = 5000  # msgids kept per catalog: more than the templates have


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


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables):
    """Jinja's newstyle ``gettext`` (``_()`` and ``{% trans %}``), the same text, without its cost on every
    call: a list of 300 rows asks for the same few column labels 1 500 times, and each answer was looked
    up, wrapped in Markup and %-formatted anew (about 25 µs). A call without variables is looked up once
    per catalog; one with variables is formatted as Jinja does. It takes the evaluation context only, not
    the template's context, which Jinja copies for every call made inside a loop that sets variables."""
    # the catalog is asked every time: a macro of an imported template keeps its evaluation context from
    # one request to the next, so nothing language-bound may be kept there
    catalog = translations()
    autoescape = eval_ctx.autoescape
    if variables:
        text = catalog.ugettext(string)
        return (Markup(text) if autoescape else text) % variables
    texts = _TEMPLATE_TEXTS.get(catalog)
    if texts is None:
        texts = _TEMPLATE_TEXTS.setdefault(catalog, {})
    key = (string, autoescape)
    text = texts.get(key)
    if text is None:
        text = catalog.ugettext(string)
        text = (Markup(text) if autoescape else text) % {}  # as Jinja: always a format string
        if len(texts) < _TEMPLATE_TEXTS_LIMIT:
            texts[key] = text
    return text


def init_app(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    # ``_()`` straight to the newstyle gettext, not through the extension's alias that looks it up each call
    app.jinja_env.globals["gettext"] = app.jinja_env.globals["_"] = template_gettext

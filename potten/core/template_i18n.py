"""``_()`` and friends in templates, as Flask-Babel installs them, with the catalog looked up once a page.

Flask-Babel's callables find the context, the locale, the domain and the per-context cache (keyed by the
locale's name, built anew each time) on every call; a page calls ``_()`` dozens of times. Here the catalog
is kept on ``g`` next to the locale object it is for: a different locale object (another request,
``force_locale`` while rendering a mail) looks it up again through Flask-Babel.
"""
from flask import g, has_app_context
from flask_babel import get_locale, get_translations


def _translations():
    if not has_app_context():  # Flask-Babel's answer there: no catalog
        return get_translations()
    locale = get_locale()
    cached = g.get("_potten_translations")
    if cached is not None and cached[0] is locale and locale is not None:
        return cached[1]
    translations = get_translations()
    g._potten_translations = (locale, translations)
    return translations


def init_app(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )

"""The base form: CSRF errors in plain language, and every message translated."""
from functools import lru_cache

from babel import support
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path

from potten.core.i18n import current_locale
from potten.core.i18n import lazy_gettext as _l

CSRF_MESSAGE = _l("The page had been open too long, so we could not accept it safely. "
                  "What you typed is still here – please send it again.")


@lru_cache(maxsize=8)
def _wtforms_catalog(locale: str) -> support.Translations:
    """WTForms' own messages ("Not a valid integer value") in ``locale``. Flask-WTF read the catalog file
    anew in every request that built a form (0.3-0.4 ms); it never changes while the process runs."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsTexts:
    """What WTForms asks for its messages: the catalog of the request's language, kept per language."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalog(str(current_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog(str(current_locale())).ungettext(singular, plural, n)


WTFORMS_TEXTS = _WTFormsTexts()


class BaseForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return WTFORMS_TEXTS

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if "csrf_token" in self and self.csrf_token.errors:
            self.csrf_token.errors = [str(CSRF_MESSAGE)]
            self.csrf_token.id = "main"
        return ok


class ActionForm(BaseForm):
    """A form with only the CSRF token, for buttons that change state (log out, withdraw)."""

"""The base form: CSRF errors in plain language, and every message translated."""
from flask_wtf import FlaskForm

from potten.core.i18n import lazy_gettext as _l

CSRF_MESSAGE = _l("The page had been open too long, so we could not accept it safely. "
                  "What you typed is still here – please send it again.")


class BaseForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if "csrf_token" in self and self.csrf_token.errors:
            self.csrf_token.errors = [str(CSRF_MESSAGE)]
            self.csrf_token.id = "main"
        return ok


class ActionForm(BaseForm):
    """A form with only the CSRF token, for buttons that change state (log out, withdraw)."""

"""Forms of the public area: the admin's edit of a public text."""
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l
from potten.public.texts import MAX_LENGTH


class PublicTextForm(BaseForm):
    body_nb = TextAreaField(_l("Text in bokmål"), validators=[Optional(), Length(max=MAX_LENGTH)])
    body_en = TextAreaField(_l("Text in English"), validators=[Optional(), Length(max=MAX_LENGTH)])

"""The admin's form for what every letter says about the scheme and the office.
Every limit matches its column (``LetterSettings``)."""
from wtforms import DateField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, NumberRange

from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l


def _text(label, message, max_length: int, area: bool = False):
    field = TextAreaField if area else StringField
    return field(label, filters=[lambda v: v.strip() if isinstance(v, str) else v], validators=[
        InputRequired(message), Length(max=max_length, message=_l("This text is too long."))])


class LetterSettingsForm(BaseForm):
    rules_name = _text(_l("Name of the scheme's rules (bokmål)"), _l("Name the rules."), 200)
    rules_name_en = _text(_l("Name of the scheme's rules in English"), _l("Name the rules in English."), 200)
    rules_date = DateField(_l("Date of the rules"), validators=[InputRequired(_l("Enter the date of the rules."))])
    rules_text = _text(_l("The rules (bokmål), shown on the public page"), _l("Write the rules."), 20000, True)
    rules_text_en = _text(_l("The rules in English"), _l("Write the rules in English."), 20000, True)
    delegation = _text(_l("Delegation: under what authority the decision maker decides (bokmål)"),
                       _l("Write the delegation."), 2000, True)
    delegation_en = _text(_l("Delegation in English"), _l("Write the delegation in English."), 2000, True)
    decider_role = _text(_l("The decision maker's role (bokmål)"), _l("Write the role."), 200)
    decider_role_en = _text(_l("The decision maker's role in English"), _l("Write the role in English."), 200)
    board_weeks = IntegerField(_l("Weeks the appeals board usually takes"), validators=[
        InputRequired(_l("Enter a number of weeks from 1 to 52.")),
        NumberRange(min=1, max=52, message=_l("Enter a number of weeks from 1 to 52."))])
    phone = _text(_l("Phone number"), _l("Enter the phone number."), 40)
    visiting_address = _text(_l("Visiting address"), _l("Enter the visiting address."), 200)
    email = EmailField(_l("E-mail address"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[InputRequired(_l("Enter the e-mail address.")),
                                   Email(_l("Enter an e-mail address like name@example.no."),
                                         check_deliverability=False),
                                   Length(max=254, message=_l("The e-mail address is too long."))])

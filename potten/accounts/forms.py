"""Account forms."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from potten.core.forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[InputRequired(_l("Enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])


class RegisterForm(BaseForm):
    name = StringField(_l("Your full name"), validators=[InputRequired(_l("Enter your name.")), Length(max=200)])
    email = EmailField(_l("E-mail address"), validators=[
        InputRequired(_l("Enter your e-mail address.")),
        Email(_l("Enter an e-mail address like name@example.no."), check_deliverability=False)])
    phone = StringField(_l("Phone number"), validators=[Length(max=40)])
    password = PasswordField(_l("Choose a password"), validators=[
        InputRequired(_l("Choose a password.")),
        Length(min=10, message=_l("The password must have at least 10 characters."))])
    password_again = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords are not the same."))])

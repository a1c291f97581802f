"""Account forms: log in, register, confirm the address, reset the password, the profile."""
from flask_login import current_user
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, Email, EqualTo, InputRequired, Length, Optional, Regexp, ValidationError

from potten.accounts.operations import WRONG_PASSWORD
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l

LANGUAGES = [SelectChoice("nb", "Norsk (bokmål)"), SelectChoice("en", "English")]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def strip_or_none(value):
    return (value.strip() or None) if isinstance(value, str) else value


def email_field(label=None, required=None) -> EmailField:
    return EmailField(label or _l("E-mail address"), filters=[strip], validators=[
        InputRequired(required or _l("Enter your e-mail address.")),
        Email(_l("Enter an e-mail address like name@example.no."), check_deliverability=False),
        Length(max=254, message=_l("The e-mail address is too long."))])


def name_field() -> StringField:
    return StringField(_l("Your full name"), filters=[strip], validators=[
        InputRequired(_l("Enter your name.")), Length(max=200, message=_l("The name is too long."))])


def phone_field() -> StringField:
    return StringField(_l("Phone number"), filters=[strip], validators=[
        Length(max=40, message=_l("The phone number is too long."))])


def new_password_field() -> PasswordField:
    """At least 10 characters; a pass phrase of a few words is best. Call it where the field
    goes: fields are shown and checked in the order they were made."""
    return PasswordField(_l("Choose a password"), validators=[
        InputRequired(_l("Choose a password.")),
        Length(min=10, max=200, message=_l("The password must have at least 10 characters."))])


def repeat_password_field() -> PasswordField:
    return PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords are not the same."))])


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[InputRequired(_l("Enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])


class RegisterForm(BaseForm):
    name = name_field()
    email = email_field()
    phone = phone_field()
    password = new_password_field()
    password_again = repeat_password_field()


class ForgotPasswordForm(BaseForm):
    email = email_field()


class ResetPasswordForm(BaseForm):
    password = new_password_field()
    password_again = repeat_password_field()


class ProfileForm(BaseForm):
    name = name_field()
    phone = phone_field()
    address = StringField(_l("Street address or PO box"), filters=[strip_or_none], validators=[
        Optional(), Length(max=200, message=_l("The address is too long."))])
    postcode = StringField(_l("Postcode"), filters=[strip_or_none], validators=[
        Optional(), Regexp(r"^[0-9]{4}$", message=_l("A postcode has 4 digits, like 3263."))])
    city = StringField(_l("Place"), filters=[strip_or_none], validators=[
        Optional(), Length(max=100, message=_l("The place name is too long."))])
    locale = RadioField(_l("Language for pages, e-mails and letters"), choices=LANGUAGES,
                        validate_choice=False, validators=[
                            InputRequired(_l("Choose a language.")),
                            AnyOf([choice.value for choice in LANGUAGES], message=_l("Choose a language."))])


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Your current password"),
                                     validators=[InputRequired(_l("Enter your current password."))])
    password = new_password_field()
    password_again = repeat_password_field()

    def validate_current_password(self, field) -> None:
        """A wrong current password is said together with what is wrong with the new one (the
        operation checks it again, for any other caller)."""
        if not current_user.check_password(field.data):
            raise ValidationError(WRONG_PASSWORD)

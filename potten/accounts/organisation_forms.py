"""Forms for organisations: register or edit one, add a member."""
from stdnum import exceptions as stdnum_errors
from stdnum.no import orgnr as stdnum_orgnr
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Regexp, ValidationError

from potten.accounts.forms import email_field, strip
from potten.accounts.models import KINDS
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l


def valid_orgnr(form, field) -> None:
    """Nine digits with a correct check digit (mod 11); spaces are allowed."""
    try:
        stdnum_orgnr.validate(field.data or "")
    except (stdnum_errors.InvalidLength, stdnum_errors.InvalidFormat) as exc:
        raise ValidationError(_l("An organisation number has 9 digits, like 974 760 673.")) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(_l("This organisation number does not exist. Check the digits: you find the "
                                 "number in the Brønnøysund Register Centre (brreg.no).")) from exc


def text(label, required: str | None, max_length: int) -> StringField:
    validators = [InputRequired(required)] if required else []
    return StringField(label, filters=[strip], validators=[
        *validators, Length(max=max_length, message=_l("This is too long: at most %(max)d characters.",
                                                        max=max_length))])


class OrganisationForm(BaseForm):
    name = text(_l("Name of the organisation"), _l("Enter the name of the organisation."), 200)
    kind = RadioField(_l("What kind of organisation is it?"),
                      choices=[SelectChoice(k, label) for k, label in KINDS.items()], validate_choice=False,
                      validators=[InputRequired(_l("Choose what kind of organisation it is.")),
                                  AnyOf(list(KINDS), message=_l("Choose what kind of organisation it is."))])
    orgnr = StringField(_l("Organisation number"), filters=[strip], validators=[
        InputRequired(_l("Enter the organisation number.")), valid_orgnr])
    contact_name = text(_l("Name of the contact person"), _l("Enter the name of the contact person."), 200)
    contact_email = email_field(_l("Contact person's e-mail address"),
                                _l("Enter the contact person's e-mail address."))
    contact_phone = text(_l("Contact person's phone number"), None, 40)
    address = text(_l("Street address"), _l("Enter the street address."), 200)
    postcode = StringField(_l("Postcode"), filters=[strip], validators=[
        InputRequired(_l("Enter the postcode.")),
        Regexp(r"^[0-9]{4}$", message=_l("A postcode has 4 digits, like 3263."))])
    city = text(_l("Town or city"), _l("Enter the town or city."), 100)


class AddMemberForm(BaseForm):
    email = email_field(_l("The new member's e-mail address"), _l("Enter the new member's e-mail address."))

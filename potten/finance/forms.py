"""Forms of the finance area: the applicant's answer, payout request and account number; finance's
steps on a payout and the payouts sent to the bank together."""
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from potten.core.fields import AmountField, MultiCheckboxField, Required
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l


class AcceptForm(BaseForm):
    confirm = BooleanField(_l("I accept the grant and its conditions"),
                           validators=[InputRequired(_l("Tick the box to accept the grant and its conditions."))])


class DeclineForm(BaseForm):
    reason = TextAreaField(_l("Why do you say no? (optional)"), validators=[Optional(), Length(max=2000)])


class RequestForm(BaseForm):
    amount = AmountField(_l("Amount, in kroner"), [Required(_l("Write how much you ask for."))])


class AccountForm(BaseForm):
    account = StringField(_l("New account number"), validators=[
        Required(_l("Write the account number the money should be paid to.")), Length(max=20)])


class PayoutForm(BaseForm):
    """One step on one payout; ``version`` is the payout as the officer saw it."""

    action = HiddenField()
    version = IntegerField(validators=[Optional()])
    confirmed = BooleanField(_l("I have checked the payout against the decision: the grant is accepted, the "
                                "conditions are met, the amount is due and the account number is right"))
    note = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class SendForm(BaseForm):
    payouts = MultiCheckboxField(_l("Authorised payouts"), coerce=int, validators=[Optional()])


class WaiveForm(BaseForm):
    """Waive a repayment claim: the reason is kept with the claim and shown to auditors."""

    reason = StringField(_l("Reason to waive the claim"), validators=[
        Length(max=2000, message=_l("Keep it to %(max)d characters or fewer."))])

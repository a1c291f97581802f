"""Forms of the decisions: the decision, appeals, budget moves, standard reasons, defaults."""
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from potten.applications.workflow import Status
from potten.core.fields import AmountField, DayField, MultiCheckboxField, Required, options
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l


class DecisionForm(BaseForm):
    outcome = RadioField(_l("Decision"), choices=options([
        (Status.APPROVED.value, _l("Approve the full amount")),
        (Status.PARTLY_APPROVED.value, _l("Approve a part of the amount")),
        (Status.REJECTED.value, _l("Reject"))]), validators=[InputRequired(_l("Choose a decision."))])
    amount = AmountField(_l("Amount granted, if a part (kroner)"), validators=[Optional()],
                         too_small=_l("Enter an amount of more than 0 kroner."))
    standard_reasons = MultiCheckboxField(_l("Standard reasons"), coerce=int, validators=[Optional()])
    reasons = TextAreaField(_l("Reasons in your own words"), validators=[Optional(), Length(max=8000)])
    conditions = TextAreaField(_l("Special conditions for this grant"), validators=[Optional(), Length(max=8000)])
    report_due = DayField(_l("Final report due"), validators=[Optional()])


class AppealForm(BaseForm):
    text = TextAreaField(_l("What do you disagree with, and why?"), validators=[
        Required(_l("Write what you disagree with, and why.")), Length(max=8000)])


class ForwardForm(BaseForm):
    note = TextAreaField(_l("Why the decision is upheld"), validators=[
        Required(_l("Write why you uphold the decision; the appeals board reads it.")), Length(max=8000)])


class BoardOutcomeForm(BaseForm):
    upheld = RadioField(_l("The appeals board's outcome"), choices=options([
        ("upheld", _l("The board upheld the decision")),
        ("changed", _l("The board changed the decision")),
        ("sent_back", _l("The board set the decision aside and sent the case back"))]),
        validators=[InputRequired(_l("Choose the board's outcome."))])
    board_note = TextAreaField(_l("The appeals board's decision and its reasons"), validators=[
        Required(_l("Write what the appeals board decided.")), Length(max=8000)])


class BudgetMoveForm(BaseForm):
    from_area = SelectField(_l("Move from"), coerce=int)
    to_area = SelectField(_l("Move to"), coerce=int)
    amount = AmountField(_l("Amount (kroner)"), validators=[InputRequired(_l("Enter the amount to move."))],
                         too_small=_l("Enter an amount of more than 0 kroner."))
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(_l("Say why the budget is moved.")),
                                                     Length(max=4000)])


class StandardReasonForm(BaseForm):
    text = TextAreaField(_l("Reason (bokmål)"), validators=[InputRequired(_l("Write the reason.")),
                                                            Length(max=2000)])
    text_en = TextAreaField(_l("Reason in English"), validators=[
        InputRequired(_l("Write the reason in English too: letters to applicants who read English use it.")),
        Length(max=2000)])


class DefaultsForm(BaseForm):
    conditions = TextAreaField(_l("General conditions of a grant (bokmål)"), validators=[
        InputRequired(_l("Write the conditions.")), Length(max=8000)])
    conditions_en = TextAreaField(_l("General conditions of a grant in English"), validators=[
        InputRequired(_l("Write the conditions in English too: letters to applicants who read English use them.")),
        Length(max=8000)])


class ReasonToggleForm(BaseForm):
    reason_id = StringField(validators=[InputRequired()])

"""Forms of the reports area. Fields of the report are plain text: the operation turns them
into numbers and dates and says what is wrong, so what was typed is always shown again."""
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from potten.applications.forms import TARGET_GROUP_LABELS, MultiCheckboxField, Needed
from potten.applications.models import TARGET_GROUPS
from potten.core.fields import AmountField, DayField, Required
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l


class ReportForm(BaseForm):
    activities = TextAreaField(_l("What was done, and when?"), validators=[Needed()])
    held_from = StringField(_l("Started on"), validators=[Needed()])
    held_to = StringField(_l("Ended on"), validators=[Needed()])
    participants = StringField(_l("How many took part?"), validators=[Needed()])
    target_groups = MultiCheckboxField(_l("Which groups did the project reach?"), validators=[Needed()],
                                       choices=[SelectChoice(g, TARGET_GROUP_LABELS[g]) for g in TARGET_GROUPS],
                                       validate_choice=False)
    involvement = TextAreaField(_l("How did residents take part?"))
    dugnad_hours = StringField(_l("Volunteer work (dugnad), in hours"), validators=[Needed()])
    worked_well = TextAreaField(_l("What worked well?"), validators=[Needed()])
    worked_badly = TextAreaField(_l("What did not work, or what would you do differently?"), validators=[Needed()])
    actual = FieldList(StringField(_l("Actual cost in kroner")), min_entries=0)
    other_funding = StringField(_l("Money from others (kroner)"), validators=[Needed()])
    own_contribution = StringField(_l("Your own money (kroner)"), validators=[Needed()])
    auditor_name = StringField(_l("The auditor's name"), validators=[Needed()])
    confirmed = BooleanField(_l("I confirm that the accounts are correct."))

    def typed(self) -> dict:
        data = {name: f.data for name, f in self._fields.items() if name not in ("csrf_token", "actual")}
        data["actual"] = [entry.data for entry in self.actual.entries]
        return data


class UploadForm(BaseForm):
    file = FileField(_l("Choose a file"), validators=[Needed()])
    auditor_statement = HiddenField()


class ClaimAnswerForm(BaseForm):
    text = TextAreaField(_l("Your answer"), validators=[Needed()])
    file = FileField(_l("A document for your answer (optional)"))


class ReturnForm(BaseForm):
    comment = TextAreaField(_l("What must the applicant correct?"), validators=[Needed()])


class ApproveForm(BaseForm):
    note = TextAreaField(_l("Comment (shown to the applicant)"))


class ClaimForm(BaseForm):
    amount = AmountField(_l("Amount to claim back (kroner)"), [Required(_l("Enter the amount in whole kroner."))],
                         too_small=_l("Enter an amount of more than 0 kroner."))
    reason = TextAreaField(_l("Why is the money claimed back?"), validators=[Needed()])
    answer_by = DayField(_l("Deadline to answer the advance notice"),
                          validators=[InputRequired(_l("Enter the deadline as a date."))])


class ClaimDecisionForm(BaseForm):
    amount = AmountField(_l("Amount to pay back (kroner)"), [Required(_l("Enter the amount in whole kroner."))],
                         too_small=_l("Enter an amount of more than 0 kroner."))
    pay_by = DayField(_l("Deadline to pay"), validators=[InputRequired(_l("Enter the deadline as a date."))])


class AnnualReportForm(BaseForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Enter the year, for example 2025.")),
                                                NumberRange(min=2000, max=2100,
                                                            message=_l("Enter a year between 2000 and 2100."))])


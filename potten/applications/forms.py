"""The forms of the applicant's pages.

Fields are plain text: the operations turn the text into numbers and dates and
say in plain words what is wrong, so a form only ever fails for its CSRF token
and what was typed is always shown again.
"""
from flask_wtf.file import FileField
from wtforms import BooleanField, Form, FormField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from potten.applications.models import TARGET_GROUPS
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l

TARGET_GROUP_LABELS = {
    "children": _l("Children"),
    "youth": _l("Young people"),
    "families": _l("Families"),
    "elderly": _l("Older people"),
    "disabilities": _l("People with disabilities"),
    "minorities": _l("Minorities"),
    "generations": _l("Across generations"),
    "everyone": _l("Everyone"),
}
EMPTY_BUDGET_ROWS = 3


class Needed:
    """Marks a field as needed (no "optional" by its label). The operations check it, so a draft
    may still be saved with the field empty."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        pass


class OptionalCheckbox(CheckboxInput):
    """A box in a group: the group needs one ticked, not every box (no ``required`` on each)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = OptionalCheckbox()


class StepForm(BaseForm):
    def draft_data(self) -> dict:
        """What was typed, by field name, as the operation takes it."""
        return {name: f.data for name, f in self._fields.items() if name not in ("csrf_token", "step")}


class AboutForm(StepForm):
    title = StringField(_l("Title of the project"), validators=[Needed()])
    summary = TextAreaField(_l("Short summary"), validators=[Needed()])
    description = TextAreaField(_l("Describe the project"), validators=[Needed()])
    focus_area_id = RadioField(_l("Which focus area does the project belong to?"), validators=[Needed()],
                               choices=[], validate_choice=False)
    target_groups = MultiCheckboxField(_l("Who is the project for?"), validators=[Needed()],
                                       choices=[SelectChoice(g, TARGET_GROUP_LABELS[g]) for g in TARGET_GROUPS],
                                       validate_choice=False)
    location = StringField(_l("Where in Torstrand will it take place?"), validators=[Needed()])
    start_date = StringField(_l("Start date"), validators=[Needed()])
    end_date = StringField(_l("End date"), validators=[Needed()])
    expected_participants = StringField(_l("About how many people will take part?"), validators=[Needed()])

    def set_round(self, round_) -> None:
        self.focus_area_id.choices = [SelectChoice(str(area.id), area.label) for area in round_.focus_areas]


class BudgetLineForm(Form):
    item = StringField(_l("What the money is for"))
    amount = StringField(_l("Amount in kroner"))


class BudgetForm(StepForm):
    budget_lines = FieldList(FormField(BudgetLineForm), min_entries=0)
    other_funding = StringField(_l("Money from others (kroner)"), validators=[Needed()])
    own_contribution = StringField(_l("Your own money (kroner)"), validators=[Needed()])
    volunteer_hours = StringField(_l("Volunteer work (dugnad), in hours"), validators=[Needed()])
    requested_amount = StringField(_l("How much do you apply for? (kroner)"), validators=[Needed()])
    bank_account = StringField(_l("Account number for the payment"), validators=[Needed()])

    def draft_data(self) -> dict:
        data = super().draft_data()
        data["budget_lines"] = [{"item": e.form.item.data, "amount": e.form.amount.data}
                                for e in self.budget_lines.entries]
        return data

    def add_empty_rows(self, count: int) -> None:
        for _ in range(count):
            self.budget_lines.append_entry()


class UploadForm(BaseForm):
    file = FileField(_l("Choose a file"), validators=[Needed()])


class CheckForm(BaseForm):
    privacy_consent = BooleanField(_l("I have read how Nabolagspotten handles personal data, and I agree that "
                                      "the information in this application is used to process it."))
    publish_name = BooleanField(_l("If I am granted money, my name may be shown in the public list of grants "
                                   "(without this, the list says “private person”)."))


class NewApplicationForm(BaseForm):
    applicant = RadioField(_l("Who is applying?"), choices=[], validate_choice=False, validators=[Needed()])


class WithdrawForm(BaseForm):
    reason = TextAreaField(_l("Why do you withdraw the application?"))

"""Forms for rounds, focus areas and criteria. Times are typed as Norwegian wall-clock time."""
from datetime import date, datetime, time

from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from potten.core.fields import AmountField, ClockField, DayField, Required, WholeNumberField
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import oslo_to_utc, utc_to_oslo
from potten.rounds.models import PAYOUT_PLANS
from potten.rounds.operations import CLOSES_BEFORE_OPENING, WEIGHT_NOT_POSITIVE

TOO_LONG = _l("Keep it to %(max)d characters or fewer.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(label, required=None, max_length=200, area=False):
    """A text field in one language; ``required`` is the message shown when it is left empty."""
    validators = [Required(required) if required else Optional()]
    if max_length:
        validators.append(Length(max=max_length, message=TOO_LONG))
    return (TextAreaField if area else StringField)(label, validators=validators, filters=[_strip])


def wall_clock_to_utc(day: date, clock: time) -> datetime:
    """``day`` at ``clock`` in Norway, as UTC; ValueError for an hour skipped when summer time begins."""
    local = datetime.combine(day, clock)
    moment = oslo_to_utc(local)
    shown = utc_to_oslo(moment).replace(tzinfo=None)
    if shown != local:
        raise ValueError(str(_l("The clocks go forward one hour that night, so %(clock)s does not exist in Norway. "
                                "Choose another time, for example %(later)s.",
                                clock=clock.strftime("%H:%M"), later=shown.strftime("%H:%M"))))
    return moment


class DetailsForm(BaseForm):
    """A form that edits an object: ``details()`` gives what the operation takes, keyed by field name."""

    FIELDS: tuple[str, ...] = ()

    def details(self) -> dict:
        return {name: (self[name].data or None) if name.endswith("_en") else self[name].data
                for name in self.FIELDS}

    @classmethod
    def initial(cls, obj) -> dict:
        return {name: getattr(obj, name) for name in cls.FIELDS}


class RoundForm(DetailsForm):
    FIELDS = ("title", "title_en", "description", "description_en", "max_amount", "reminder_steps",
              "reports_required", "payout_plan", "advance_percent", "acceptance_days", "report_days",
              "auditor_threshold")

    title = _text(_l("Title in bokmål"), _l("Enter the title of the round."))
    title_en = _text(_l("Title in English"))
    description = _text(_l("Description in bokmål"), _l("Describe the round: who can apply, and for what."),
                        max_length=None, area=True)
    description_en = _text(_l("Description in English"), max_length=None, area=True)
    opens_date = DayField(_l("Date the round opens"), [Required(_l("Enter the date the round opens."))])
    opens_time = ClockField(_l("Time the round opens"), [Required(_l("Enter the time the round opens."))])
    closes_date = DayField(_l("Date of the deadline"), [Required(_l("Enter the date of the deadline."))])
    closes_time = ClockField(_l("Time of the deadline"), [Required(_l("Enter the time of the deadline."))])
    max_amount = AmountField(_l("Largest amount one can ask for, in kroner"),
                             [Required(_l("Enter the largest amount one can ask for."))])
    reminder_steps = StringField(_l("Reminders about the final report, in days from its due date"),
                                 default="-14, 0, 14, 30", filters=[_strip])
    reports_required = BooleanField(_l("An applicant with an overdue final report cannot send a new application"))
    report_days = WholeNumberField(_l("Days from the project's end to the final report's due date"), [Optional()],
                                   default=60,
                                   not_a_number=_l("Write the number of days as a whole number, for example 60."))
    auditor_threshold = AmountField(_l("Grants above this amount need an auditor's statement with the final report, "
                                       "in kroner"), [Optional()])
    # left out of a form, these keep what the round has (the operation checks the values)
    payout_plan = RadioField(_l("How grants are paid"), choices=[SelectChoice(k, v) for k, v in PAYOUT_PLANS.items()],
                             default="after_report",
                             validate_choice=False, validators=[Optional()])
    advance_percent = WholeNumberField(_l("The advance, in per cent of the grant"), [Optional()], default=75,
                                       not_a_number=_l("Write the per cent as a whole number, for example 75."))
    acceptance_days = WholeNumberField(_l("Days the applicant has to accept a grant"), [Optional()], default=21,
                                       not_a_number=_l("Write the number of days as a whole number, for example 21."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        opens = self._moment(self.opens_date, self.opens_time)
        closes = self._moment(self.closes_date, self.closes_time)
        if opens and closes and closes <= opens:
            self.closes_date.errors.append(str(CLOSES_BEFORE_OPENING))
        return ok and not any(f.errors for f in (self.opens_time, self.closes_date, self.closes_time))

    def _moment(self, day_field, clock_field) -> datetime | None:
        if day_field.errors or clock_field.errors or day_field.data is None or clock_field.data is None:
            return None
        try:
            return wall_clock_to_utc(day_field.data, clock_field.data)
        except ValueError as exc:
            clock_field.errors.append(str(exc))
            return None

    def details(self) -> dict:
        settings = ("payout_plan", "advance_percent", "acceptance_days", "report_days")
        return {**{k: v for k, v in super().details().items() if k not in settings or v not in (None, "")},
                "opens_at": wall_clock_to_utc(self.opens_date.data, self.opens_time.data),
                "closes_at": wall_clock_to_utc(self.closes_date.data, self.closes_time.data)}

    @classmethod
    def initial(cls, round_) -> dict:
        opens, closes = utc_to_oslo(round_.opens_at), utc_to_oslo(round_.closes_at)
        return {**super().initial(round_), "opens_date": opens.date(), "opens_time": opens.time(),
                "closes_date": closes.date(), "closes_time": closes.time()}


class FocusAreaForm(DetailsForm):
    FIELDS = ("name", "name_en", "budget")

    name = _text(_l("Name in bokmål"), _l("Enter the name of the focus area."))
    name_en = _text(_l("Name in English"))
    budget = AmountField(_l("Budget, in kroner"), [Required(_l("Enter the budget."))])


class CriterionForm(DetailsForm):
    FIELDS = ("title", "title_en", "description", "description_en", "weight")

    title = _text(_l("Criterion in bokmål"), _l("Enter the criterion."))
    title_en = _text(_l("Criterion in English"))
    description = _text(_l("Explanation in bokmål"), _l("Explain what reviewers look for."),
                        max_length=None, area=True)
    description_en = _text(_l("Explanation in English"), max_length=None, area=True)
    weight = WholeNumberField(_l("Weight"), [Required(_l("Enter the weight."))],
                              not_a_number=_l("Write the weight as a whole number, for example 2."),
                              too_small=WEIGHT_NOT_POSITIVE)

"""Forms of the review: declarations, scoring, assignment, questions."""
from wtforms import DateField, IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from potten.core.fields import AmountField, MultiCheckboxField, options
from potten.core.forms import BaseForm
from potten.core.i18n import lazy_gettext as _l
from potten.review.models import GRANT_FULL, GRANT_PART, REJECT


class DeclarationForm(BaseForm):
    conflict = RadioField(_l("Do you have a conflict of interest with this application?"), choices=options([
        ("no", _l("No, I have no conflict of interest")),
        ("yes", _l("Yes, I have a conflict of interest"))]),
        validators=[InputRequired(_l("Choose yes or no."))])
    reason = TextAreaField(_l("If yes: why?"), validators=[Optional(), Length(max=2000)])


RECOMMENDATION_CHOICES = [
    (GRANT_FULL, _l("Grant in full")),
    (GRANT_PART, _l("Grant a part")),
    (REJECT, _l("Reject")),
]


class ReviewForm(BaseForm):
    recommendation = RadioField(_l("Your recommendation"), choices=options(RECOMMENDATION_CHOICES),
                                validators=[Optional()])
    amount = AmountField(_l("Amount you recommend, if a part (kroner)"), validators=[Optional()],
                         too_small=_l("Enter an amount of more than 0 kroner."))
    justification = TextAreaField(_l("Short justification"), validators=[Optional(), Length(max=4000)])


SCORE_CHOICES = [(str(i), str(i)) for i in range(1, 6)]  # made into options per form


def review_form(criteria, **kwargs) -> ReviewForm:
    """The review form with a score (1–5) and a comment for each criterion of the round."""
    class Form(ReviewForm):
        pass

    for criterion in criteria:
        setattr(Form, f"score_{criterion.id}", RadioField(criterion.label, choices=options(SCORE_CHOICES),
                                                          validators=[Optional()]))
        setattr(Form, f"comment_{criterion.id}", TextAreaField(_l("Comment"), validators=[
            Optional(), Length(max=4000)]))
    return Form(**kwargs)


class AssignForm(BaseForm):
    reviewers = MultiCheckboxField(_l("Reviewers"), coerce=int,
                                   validators=[InputRequired(_l("Choose at least one reviewer."))])
    due_on = DateField(_l("Due date"), validators=[Optional()])


class SpreadForm(BaseForm):
    per_application = IntegerField(_l("Reviewers per application"), validators=[
        InputRequired(_l("Enter how many reviewers each application should have.")),
        NumberRange(min=1, max=20, message=_l("Enter a number from 1 to 20."))])
    panel = MultiCheckboxField(_l("The panel"), coerce=int,
                               validators=[InputRequired(_l("Choose at least one reviewer."))])
    due_on = DateField(_l("Due date"), validators=[Optional()])


class QuestionForm(BaseForm):
    question = TextAreaField(_l("Your question to the applicant"), validators=[
        InputRequired(_l("Write the question to the applicant.")), Length(max=4000)])


class AnswerForm(BaseForm):
    answer = TextAreaField(_l("Your answer"), validators=[InputRequired(_l("Write your answer.")),
                                                          Length(max=8000)])

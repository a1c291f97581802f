"""Everything an application needs before it can be sent, checked all at once."""
from flask_babel import LazyString
from stdnum.no import kontonr

from potten.applications.models import TARGET_GROUPS
from potten.core.formatting import money
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l

# Which step of the form each field is on, so a message can link to it.
STEP_OF = {
    "title": "about", "summary": "about", "description": "about", "focus_area_id": "about",
    "target_groups": "about", "location": "about", "start_date": "about", "end_date": "about",
    "expected_participants": "about",
    "budget_lines": "budget", "other_funding": "budget", "own_contribution": "budget",
    "volunteer_hours": "budget", "requested_amount": "budget", "bank_account": "budget",
    "privacy_consent": "check", "earlier_reports": "check",
}
# Rules of higher layers, ``fn(application, user) -> {field: message}``: e.g. the reports area
# refuses an application while the applicant's earlier final reports are overdue.
EXTRA_CHECKS: list = []


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", user.email_verified_at is not None))


def problems(application, user) -> dict[str, object]:
    """Field name → what is missing or wrong (empty when the application can be sent)."""
    found: dict[str, object] = {}
    a = application

    def need(field, ok, message):
        if not ok and field not in found:
            found[field] = message

    need("title", a.title.strip(), _l("Give the project a title."))
    need("summary", a.summary.strip(), _l("Write a short summary of the project."))
    need("summary", len(a.summary) <= 600, _l("The summary can be at most 600 characters long."))
    need("description", a.description.strip(), _l("Describe the project: what you will do, and for whom."))
    need("focus_area_id", a.focus_area_id in {f.id for f in a.round.focus_areas},
         _l("Choose the focus area the project belongs to."))
    need("target_groups", a.target_groups and set(a.target_groups) <= set(TARGET_GROUPS),
         _l("Choose at least one group the project is for."))
    need("location", a.location.strip(), _l("Write where in Torstrand the project will take place."))
    need("start_date", a.start_date, _l("Write the date the project starts."))
    need("end_date", a.end_date, _l("Write the date the project ends."))
    if a.start_date and a.end_date:
        need("end_date", a.start_date <= a.end_date, _l("The project cannot end before it starts."))
    need("expected_participants", (a.expected_participants or 0) > 0,
         _l("Write about how many people you expect to take part."))

    need("budget_lines", a.budget_lines, _l("Add at least one line to the budget: what the money is for, "
                                            "and how much it costs."))
    need("budget_lines", not a.budget_lines or a.budget_total > 0, _l("The budget adds up to 0 kroner."))
    need("requested_amount", a.requested_amount, _l("Write how much money you apply for."))
    if a.requested_amount:
        need("requested_amount", a.requested_amount <= a.round.max_amount, over_limit(a, a.requested_amount))
        need("requested_amount", a.requested_amount <= a.budget_total,
             over_budget(a.requested_amount, a.budget_total))
    need("bank_account", a.bank_account, _l("Write the account number the money should be paid to."))
    if a.bank_account:
        need("bank_account", len(a.bank_account) == 11 and kontonr.is_valid(a.bank_account),
             _l("The account number is not valid. Check it against your bank card or online bank."))
    need("privacy_consent", a.privacy_consent,
         _l("Tick the box to confirm that you have read how we handle personal data."))
    need("email", is_verified(user),
         _l("Confirm your e-mail address first: open the link in the e-mail we sent to %(email)s.",
            email=user.email))
    for extra in EXTRA_CHECKS:
        for field, message in extra(application, user).items():
            need(field, False, message)
    return found



# Amounts are formatted when the message is shown, in the reader's language (and never outside a request).
def over_limit(application, amount: int) -> LazyString:
    limit = application.round.max_amount
    return LazyString(lambda: _("You can ask for at most %(max)s in this call. You asked for %(amount)s.",
                                max=money(limit), amount=money(amount)))


def over_budget(amount: int, total: int) -> LazyString:
    return LazyString(lambda: _("You ask for %(amount)s, but the budget adds up to %(total)s. "
                                "You cannot ask for more than the budget total.",
                                amount=money(amount), total=money(total)))

"""Who may act on a payout, and what holds a grant's payouts back (deny by default).

Finance staff attest and authorise, never in a case where they are a party (the applicant or a
member of the applying organisation) or have declared a conflict of interest; the attestant is
not the one who granted the money, and the authoriser is a second person.
"""
from flask_babel import LazyString
from stdnum.no import kontonr

from potten.applications.workflow import GRANTED, Status
from potten.core.errors import DomainError, NotAllowed
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role
from potten.decisions.acceptance import answer_to
from potten.decisions.operations import current_decision
from potten.review.permissions import has_conflict


def is_finance(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.FINANCE)


def may_handle(user, application) -> bool:
    """Finance staff who are no party to the case and declared no conflict in it."""
    return is_finance(user) and not has_conflict(user, application)


def check_handler(user, application) -> None:
    if not is_finance(user):
        raise NotAllowed(_l("Only finance staff can do this."))
    if has_conflict(user, application):
        raise NotAllowed(_l("You are a party to this case or have declared a conflict of interest in it, "
                            "so you cannot approve its payouts."))


def valid_account(number: str | None) -> bool:
    """A Norwegian account number: 11 digits, mod 11 (7-digit postgiro numbers are not enough)."""
    digits = "".join(c for c in (number or "") if c.isdigit())
    return len(digits) == 11 and kontonr.is_valid(digits)


def clean_account(text: str | None) -> str:
    """The 11 digits of a typed account number, or a ``DomainError`` that says what is wrong."""
    raw = (text or "").strip()
    if not raw:
        raise DomainError(_l("Write the account number the money should be paid to."), field="account")
    digits = "".join(c for c in raw if c.isdigit())
    if len(digits) != 11 or any(c not in "0123456789 ." for c in raw):
        raise DomainError(_l("An account number has 11 digits, for example 1234 56 78903."), field="account")
    if not kontonr.is_valid(digits):
        raise DomainError(_l("The account number is not valid. Check it against your bank card or online bank."),
                          field="account")
    return digits


def masked(number: str | None) -> str:
    """``86011117947`` → ``**** ** *7947``: enough to recognise, too little to misuse."""
    digits = "".join(c for c in (number or "") if c.isdigit())
    return "**** ** *" + digits[-4:] if len(digits) == 11 else "–"


UNREAD = object()


def hold(application, decision=UNREAD):
    """Why the grant's payouts must wait now (a lazy message), or None; ``decision``: the decision in force,
    when the caller has read it already.

    They wait while the grant is not accepted, while the application is not in a granted state
    (an appeal is being handled, it was declined), and while a final report is overdue."""
    if decision is UNREAD:
        decision = current_decision(application)
    if Status(application.status) not in GRANTED or decision is None or decision.outcome not in GRANTED:
        return _l("The grant is not in force now (for example, an appeal is being handled), so nothing "
                  "can be paid until there is a decision.")
    answer = answer_to(decision)
    if answer is None or not answer.accepted:
        return _l("The grant has not been accepted yet, so nothing can be paid.")
    return report_hold(application)


def report_hold(application):
    """A final report that is overdue holds the payouts back."""
    from potten.core.formatting import day
    from potten.reports.queries import overdue_report

    report = overdue_report(application)
    if report is None:
        return None
    due = report.due_date
    return LazyString(lambda: _("The final report was due %(day)s and has not arrived, so payouts wait until it "
                                "is sent.", day=day(due)))

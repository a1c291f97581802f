"""Finance reads the report: payouts wait while it is overdue, and what the payout plan held back
becomes due when it is approved."""
from datetime import timedelta

from potten.core.time import today_local
from potten.extensions import db
from potten.finance import operations as finance
from potten.finance import rules
from potten.reports import operations
from tests.factories import make_round, make_user
from tests.reports.helpers import make_grant


def test_an_overdue_report_holds_payouts_and_approval_releases_the_rest(app, in_request):
    round_ = make_round()
    round_.payout_plan, round_.advance_percent = "advance", 75
    applicant = make_user()
    application, decision, report = make_grant(applicant, round_=round_, requested=40_000,
                                               due=today_local() - timedelta(days=1))
    assert rules.hold(application) is not None  # the report is a day late
    assert "sluttrapporten" in str(rules.hold(application)).lower()

    operations.save_report(report, {"activities": "Fest", "held_from": "2025-06-01", "held_to": "2025-06-02",
                                    "participants": "30", "target_groups": ["everyone"], "dugnad_hours": "10",
                                    "worked_well": "Alt", "worked_badly": "Lite", "actual": ["40000"],
                                    "other_funding": "0", "own_contribution": "0", "confirmed": "y"}, applicant)
    operations.send_report(report, applicant)
    assert rules.hold(application) is None  # sent: nothing is held for the report any more
    assert finance.due_now(application) == 30_000  # the advance; the rest waits for the approval

    operations.approve_report(report, make_user("decision_maker"))
    db.session.flush()
    assert finance.due_now(application) == 40_000  # the held-back 10 000 kr is due now

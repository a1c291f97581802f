"""The applicant accepts or declines a grant; unanswered grants are accepted after the round's days.
Nothing can be paid before a grant is accepted, and every grant gets the instalments its round plans."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from potten.applications.workflow import Status
from potten.core import periodic
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.time import today_local
from potten.decisions.acceptance import accept_grant, answer_to, decline_grant
from potten.decisions.models import GrantAnswer
from potten.extensions import db
from potten.finance import operations
from potten.finance.models import GrantLedger
from potten.rounds.models import FocusArea
from tests.factories import make_organisation, make_round, make_user
from tests.finance.helpers import accepted, decided, payouts


def test_each_plan_gives_its_instalments_when_the_grant_is_accepted(app, in_request):
    round_ = make_round()
    after, _ = accepted("after_report", 40_000, round_=round_)
    advance, _ = accepted("advance", 40_001, advance=75, round_=round_)
    whole, _ = accepted("at_acceptance", 40_000, round_=round_)
    plan = {a.id: [(p.due_on, p.amount, p.due_at is not None, p.status) for p in payouts(a)]
            for a in (after, advance, whole)}
    assert plan[after.id] == [("final_report", 40_000, False, "planned")]
    assert plan[advance.id] == [("acceptance", 30_000, True, "planned"), ("final_report", 10_001, False, "planned")]
    assert plan[whole.id] == [("acceptance", 40_000, True, "planned")]
    assert db.session.get(GrantLedger, advance.id).allocated == 40_001
    assert operations.due_now(after) == 0 and operations.due_now(advance) == 30_000


def test_nothing_is_paid_before_acceptance(app, in_request):
    application, decision = decided("at_acceptance")
    assert payouts(application) == []
    with pytest.raises(IllegalTransition, match="ikke akseptert|not been accepted"):
        operations.request_payout(application, 1_000, application.applicant)


def test_only_the_applicant_or_a_member_answers_and_only_once(app, in_request):
    member = make_user()
    organisation = make_organisation(members=[member])
    application, decision = decided(organisation=organisation)
    with pytest.raises(NotAllowed):
        accept_grant(decision, make_user("finance"))
    accept_grant(decision, member)
    db.session.commit()
    with pytest.raises(IllegalTransition):
        accept_grant(decision, application.applicant)
    db.session.rollback()
    assert answer_to(decision).answered_by_id == member.id


def test_declining_gives_the_money_back_to_the_focus_area(app, in_request):
    application, decision = decided("at_acceptance", 40_000)
    area_id = application.focus_area_id
    assert db.session.get(FocusArea, area_id).committed == 40_000
    decline_grant(decision, "Prosjektet blir ikke noe av.", application.applicant)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(FocusArea, area_id).committed == 0
    assert application.status == Status.DECLINED
    assert answer_to(decision).reason == "Prosjektet blir ikke noe av."
    assert payouts(application) == []
    with pytest.raises(IllegalTransition):
        accept_grant(decision, application.applicant)


def test_an_unanswered_grant_is_accepted_when_the_round_s_days_have_run_out(app, in_request):
    application, decision = decided("at_acceptance", days=21)
    today = today_local()
    assert periodic.run_all(today + timedelta(days=21))["accept_grants"] == 0
    assert periodic.run_all(today + timedelta(days=22))["accept_grants"] == 1
    assert periodic.run_all(today + timedelta(days=23))["accept_grants"] == 0  # once
    found = db.session.scalar(select(GrantAnswer).where(GrantAnswer.decision_id == decision.id))
    assert (found.answer, found.how, found.answered_by_id) == ("accepted", "automatic", None)
    assert [p.amount for p in payouts(application)] == [40_000]


def test_a_decline_reason_that_is_too_long_is_refused_and_nothing_changes(app, in_request):
    application, decision = decided()
    with pytest.raises(DomainError) as refused:
        decline_grant(decision, "x" * 2001, application.applicant)
    db.session.rollback()
    assert refused.value.field == "reason"
    assert answer_to(decision) is None and application.status == Status.APPROVED

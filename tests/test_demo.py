"""The demo command: the 2025 round from the action plan and one account per role."""
from sqlalchemy import select

from potten.accounts.models import User
from potten.extensions import db
from potten.rounds.models import Round


def test_demo_loads_the_2025_budget_and_one_account_per_role(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    round_ = db.session.scalar(select(Round).where(Round.title == "Nabolagspotten 2025"))
    assert [(a.name, a.budget) for a in round_.focus_areas] == [
        ("Levekår og folkehelse", 1_310_000), ("Bydelsutvikling og nærmiljø", 1_862_235),
        ("Styrking av lokaldemokratiet", 500_000), ("Annet", 1_327_765)]
    assert round_.total_budget == 5_000_000
    assert len(round_.criteria) == 5
    lines = [line.split() for line in result.output.splitlines() if "@example.no" in line]
    assert {line[0] for line in lines} == {"applicant", "reviewer", "decision_maker", "finance", "admin"}
    role, email, password = lines[-1]
    assert db.session.scalar(select(User).where(User.email == email)).check_password(password)


def test_demo_can_run_twice_and_prints_working_passwords_again(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    db.session.expire_all()
    # the 2025 round, and last year's with the final reports (see potten/reports/demo.py), once each
    assert sorted(r.title for r in db.session.scalars(select(Round))) == ["Nabolagspotten 2024", "Nabolagspotten 2025"]
    _, email, password = next(line.split() for line in result.output.splitlines() if "@example.no" in line)
    assert db.session.scalar(select(User).where(User.email == email)).check_password(password)


def test_the_demo_shows_final_reports_in_every_state_and_a_repayment_claim(app):
    from potten.applications.models import Application
    from potten.core.time import today_local
    from potten.reports.models import FinalReport, RepaymentClaim

    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    last_year = (select(FinalReport).join(Application, Application.id == FinalReport.application_id)
                 .join(Round, Round.id == Application.round_id).where(Round.title == "Nabolagspotten 2024"))
    reports = db.session.scalars(last_year).all()
    assert sorted(r.status.value for r in reports) == ["approved", "approved", "draft", "draft", "returned", "sent"]
    drafts = [r for r in reports if r.status.value == "draft"]
    assert sorted(r.due_date < today_local() for r in drafts) == [False, True]  # one due, one overdue
    claim = db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.amount == 3_500))
    assert claim.status.value == "open" and claim.notice_letter_id and claim.answer is None
    answered = db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.amount == 6_000))
    assert answered.status.value == "open" and answered.answer.text.startswith("Skiltene kom senere")
    count = db.session.query(FinalReport).count()
    app.test_cli_runner().invoke(args=["demo"])  # a second run adds nothing
    assert db.session.query(FinalReport).count() == count


def test_the_demo_shows_one_closed_grant(app):
    from potten.applications.models import Application
    from potten.applications.workflow import Status

    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    closed = db.session.scalars(select(Application).where(Application.status == Status.CLOSED)).all()
    assert [a.title for a in closed] == ["[demo] Vårrydding langs Larviksfjorden"]

"""Report reminders: each step of each report is mailed at most once, a missed week is caught
up with one mail per step, and the date is Larvik's, also on the days summer time starts and ends."""
import email
import email.policy
from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from potten.core import periodic
from potten.core.outbox import OutboxEntry
from potten.extensions import db
from potten.reports.models import ReminderSent, ReportStatus
from tests.factories import make_user
from tests.reports.helpers import make_grant

DUE = date(2027, 5, 31)


def run(day: date) -> int:
    """One run of the daily task, as the workers do it: its own unit of work."""
    done = periodic.run_all(day)
    return done["report_reminders"]


def text_of(message) -> str:
    """The subject and body of a mail that arrived at the SMTP server."""
    parsed = email.message_from_bytes(message.content, policy=email.policy.default)
    return parsed["Subject"] + "\n" + parsed.get_body().get_content()


def mails() -> list[dict]:
    return [e.payload for e in db.session.scalars(
        select(OutboxEntry).where(OutboxEntry.job == "send_mail").order_by(OutboxEntry.id))]


def test_each_step_is_mailed_once_however_often_the_task_runs(app, smtp):
    applicant = make_user(name="Kari Nordmann", email="kari@example.no")
    application, _, _ = make_grant(applicant, due=DUE)
    db.session.commit()

    assert run(DUE - timedelta(days=15)) == 0  # nothing is due yet
    assert run(DUE - timedelta(days=14)) == 1
    assert run(DUE - timedelta(days=14)) == 0  # the same day again
    assert run(DUE - timedelta(days=13)) == 0
    assert run(DUE) == 1
    assert run(DUE + timedelta(days=14)) == 1
    assert run(DUE + timedelta(days=30)) == 1
    assert run(DUE + timedelta(days=60)) == 0  # no steps left

    sent = [m.rcpt_tos for m in smtp.messages]
    assert sent == [["kari@example.no"]] * 4
    bodies = [text_of(m) for m in smtp.messages]
    assert "Sluttrapporten for" in bodies[0] and f"/soknad/{application.id}/sluttrapport" in bodies[0]
    assert "er forsinket" in bodies[3]


def test_a_missed_week_is_caught_up_with_one_mail_per_step_not_one_per_day(app):
    make_grant(due=DUE)
    db.session.commit()
    assert run(DUE - timedelta(days=14)) == 1
    # the workers were down from the day before the due date for a week
    assert run(DUE + timedelta(days=6)) == 1  # the on-the-day step, once
    for day in range(7, 14):
        assert run(DUE + timedelta(days=day)) == 0
    assert [r.step for r in db.session.scalars(select(ReminderSent).order_by(ReminderSent.step))] == [-14, 0]


def test_a_report_first_seen_long_overdue_gets_the_latest_step_only(app):
    make_grant(due=DUE)
    db.session.commit()
    assert run(DUE + timedelta(days=31)) == 1
    assert run(DUE + timedelta(days=32)) == 0
    rows = db.session.scalars(select(ReminderSent).order_by(ReminderSent.step)).all()
    assert [(r.step, r.due_on) for r in rows] == [(30, DUE + timedelta(days=30))]  # the earlier steps never go
    assert len(mails()) == 1 and "31" in mails()[0]["body"]


def test_sent_and_approved_reports_get_no_reminders_and_the_round_sets_the_steps(app):
    _, _, sent = make_grant(due=DUE)
    sent.status = ReportStatus.SENT
    application, _, _ = make_grant(due=DUE)
    application.round.reminder_steps = "-3, 1"
    db.session.commit()
    assert run(DUE - timedelta(days=14)) == 0  # the sent report gets none; the other round has no -14 step
    assert run(DUE - timedelta(days=3)) == 1
    assert run(DUE + timedelta(days=1)) == 1
    assert {r.step for r in db.session.scalars(select(ReminderSent))} == {-3, 1}


def test_the_mail_is_in_the_applicants_language(app, smtp):
    make_grant(make_user(locale="en", email="ann@example.org"), due=DUE)
    db.session.commit()
    run(DUE + timedelta(days=14))
    body = text_of(smtp.messages[0])
    assert "is overdue" in body and "Hello" in body


def test_the_grant_gets_its_report_and_reminders_without_the_applicant_opening_it(app):
    """A grant decided before the reports area existed, whose applicant never opened the form."""
    from potten.reports.models import FinalReport

    _, _, report = make_grant(due=DUE)
    db.session.delete(report)
    db.session.commit()
    assert run(DUE) == 1
    assert db.session.scalar(select(func.count()).select_from(FinalReport)) == 1


def _at(utc: datetime):
    return time_machine.travel(utc, tick=False)


def test_summer_time_starts_the_day_is_larvik_s(app):
    """28 March 2027: at 02:00 the clocks go to 03:00. Runs before, in and after the jump
    all see the same day, and mail the on-the-day step once."""
    start = date(2027, 3, 28)
    make_grant(due=start)
    db.session.commit()
    with _at(datetime(2027, 3, 27, 22, 59, tzinfo=UTC)):  # 23:59 on the 27th in Larvik
        assert periodic.run_all()["report_reminders"] == 1  # the -14 step
    with _at(datetime(2027, 3, 27, 23, 30, tzinfo=UTC)):  # 00:30 on the 28th
        assert periodic.run_all()["report_reminders"] == 1  # the on-the-day step
    for hour, minute in ((0, 59), (1, 0), (1, 30), (2, 0)):  # 01:59 CET, 03:00, 03:30, 04:00 CEST
        with _at(datetime(2027, 3, 28, hour, minute, tzinfo=UTC)):
            assert periodic.run_all()["report_reminders"] == 0
    assert db.session.scalar(select(ReminderSent.sent_on).where(ReminderSent.step == 0)) == start


def test_summer_time_ends_the_repeated_hour_sends_nothing_twice(app):
    """31 October 2027: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice."""
    end = date(2027, 10, 31)
    make_grant(due=end)
    db.session.commit()
    with _at(datetime(2027, 10, 31, 0, 30, tzinfo=UTC)):  # 02:30 CEST
        assert periodic.run_all()["report_reminders"] == 1
    with _at(datetime(2027, 10, 31, 1, 30, tzinfo=UTC)):  # 02:30 CET, the second time
        assert periodic.run_all()["report_reminders"] == 0
    with _at(datetime(2027, 10, 31, 22, 59, tzinfo=UTC)):  # 23:59 CET, still the 31st
        assert periodic.run_all()["report_reminders"] == 0
    assert len(mails()) == 1  # the on-the-day step once; the -14 step, missed, was passed over

"""Reminders about final reports, at the steps the admin sets per round (default 14 days
before the due date, on the day, 14 and 30 days after), in the applicant's language.

The daily task runs on every tick of every worker (``potten.core.periodic``); the database,
not the scheduler, decides what is sent:

- a step is due when ``due_date + step <= today`` (Europe/Oslo), so a day missed while
  the workers or Redis were down is caught up by the next run;
- each step of each report is sent at most once: the run inserts a ledger row
  (``reminder_sent``, unique on report and step) with ``ON CONFLICT DO NOTHING`` in the
  same transaction as the mail's outbox entry, and mails only the rows it inserted. A
  second run, on this machine or another, at the same moment or a day later, inserts
  nothing and mails nothing;
- catching up never piles up mails: only the latest step that is due is mailed, and a step
  earlier than one already sent is never sent late. After a missed week, each report gets
  one mail for the step that fell due, not one per day (and a report already 30 days late
  when first seen gets the 30-day reminder only).

The work is done in batches: the number of statements per run does not grow with the
number of reports (see ``bench/reports.py``).
"""
import functools
import logging
from datetime import date, timedelta
from urllib.parse import urljoin

from flask import current_app
from sqlalchemy import select

from potten.accounts.models import User
from potten.applications.models import Application
from potten.core import mail, periodic
from potten.extensions import db
from potten.reports import queries
from potten.reports.models import FinalReport, ReminderSent
from potten.rounds.models import Round, parse_steps

log = logging.getLogger(__name__)
LONGEST_LEAD = 366  # the earliest a step can be: a year before the due date


def due_steps(due_date: date, steps, today: date) -> list[int]:
    return [step for step in steps if due_date + timedelta(days=step) <= today]


@periodic.task("report_reminders")
def send_reminders(today: date) -> int:
    """Mail every reminder step that is due on or before ``today`` and not yet sent; returns
    how many mails were added to the outbox."""
    queries.open_missing_reports()
    candidates = db.session.execute(
        select(FinalReport.id, FinalReport.due_date, FinalReport.application_id, Round.reminder_steps,
               Application.title, Application.case_number, User.email, User.name, User.locale)
        .join(Application, Application.id == FinalReport.application_id)
        .join(Round, Round.id == Application.round_id)
        .join(User, User.id == Application.applicant_id)
        .where(FinalReport.status.in_(queries.OUTSTANDING),
               FinalReport.due_date <= today + timedelta(days=LONGEST_LEAD))
        .order_by(FinalReport.id)).all()
    if not candidates:
        return 0
    done = set(db.session.execute(
        select(ReminderSent.report_id, ReminderSent.step)
        .join(FinalReport, FinalReport.id == ReminderSent.report_id)
        .where(FinalReport.status.in_(queries.OUTSTANDING),
               FinalReport.due_date <= today + timedelta(days=LONGEST_LEAD))).all())
    ledger, wanted = [], {}
    for row in candidates:
        steps = due_steps(row.due_date, _steps(row.reminder_steps), today)
        if not steps or (row.id, max(steps)) in done:
            continue  # nothing due yet, or the latest step due was sent: earlier ones are never sent late
        latest = max(steps)
        wanted[(row.id, latest)] = row
        ledger.append({"report_id": row.id, "step": latest, "due_on": row.due_date + timedelta(days=latest),
                       "sent_on": today})
    if not ledger:
        return 0
    # one statement per thousand rows (executemany with RETURNING): only the rows this run
    # inserted come back; a row another run holds or has committed is skipped
    inserted = db.session.execute(
        queries.insert_ignoring_duplicates(ReminderSent.__table__)
        .returning(ReminderSent.report_id, ReminderSent.step), ledger).all()
    for report_id, step in inserted:
        _mail(wanted[(report_id, step)], step, today)
    return len(inserted)


@functools.lru_cache(maxsize=64)
def _steps(text: str) -> tuple[int, ...]:
    try:
        return tuple(parse_steps(text))
    except ValueError:
        log.warning("reminder steps %r cannot be read; the default steps are used", text)
        return tuple(parse_steps(Round.reminder_steps.default.arg))


def _mail(row, step: int, today: date) -> None:
    language = (row.locale or "nb")[:2]
    mail.send_mail(row.email, "report_reminder", language if language in ("nb", "en") else "nb",
                   name=row.name, title=row.title, case_number=row.case_number, due_date=row.due_date,
                   days_late=(today - row.due_date).days, url=report_url(row.application_id))


def report_url(application_id: int) -> str:
    """The link to the report form, for a mail (made outside any request)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build("reports.edit", {"application_id": application_id})
    return urljoin(current_app.config["BASE_URL"].rstrip("/") + "/", path.lstrip("/"))


def reminder_job(today: str) -> dict:
    """RQ job: the reminder run for the day ``today`` (ISO date), in its own unit of work.
    The day is an argument so a test (or an operator) can run a given day on any worker.
    Returns how many mails it added, and which process ("host:pid") did it."""
    from potten.core import outbox, unit_of_work

    with unit_of_work.unit():
        sent = send_reminders(date.fromisoformat(today))
    return {"sent": sent, "by": outbox.owner()}


"""Letters to applicants. ``issue_letter`` is called by ``decisions.operations``
in the decision's unit of work: the letter record and the outbox entry that
builds and mails it are committed with the decision, or not at all. ``build``,
``mail`` and ``sent`` are what the letter job (``potten.letters.jobs``) does."""
from potten.core import audit, outbox
from potten.core import mail as mails
from potten.core.errors import DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.decisions.operations import mark_notified
from potten.extensions import db
from potten.letters import content
from potten.letters.docx import build_docx
from potten.letters.models import Letter

OUTCOMES = ("approved", "partly_approved", "rejected")


def issue_letter(decision, actor) -> Letter:
    """Record the letter for ``decision`` and add the outbox entry that builds and mails it.

    Raises ``DomainError`` when the decision lacks what the letter must say (no
    reasons on a rejection or a partial approval, amounts that do not match the
    outcome), so such a decision cannot be made. Sets the final report's due date
    on a grant that has none (see ``content.default_report_due``)."""
    application = decision.application
    if application is None:
        from potten.applications.models import Application

        application = db.session.get(Application, decision.application_id)
    check_complete(decision, application)
    if decision.decided_at is None:
        decision.decided_at = utcnow()
    if decision.granted_amount and decision.report_due is None:
        decision.report_due = content.default_report_due(application, decision.decided_at)
    db.session.flush()

    language = content.letter_language(application)
    letter = Letter(
        application=application, decision=decision, kind="decision", locale=language,
        recipient_email=application.applicant.email,
        filename=content.filename(application.case_number, language),
        data=content.decision_letter_data(decision, application, language),
    )
    db.session.add(letter)
    db.session.flush()
    entry = outbox.add("build_letter", letter_id=letter.id)
    db.session.flush()
    letter.build_entry_id = entry.id
    audit.log("letter.issued", letter, actor=actor, application=application,
              after={"decision_id": decision.id, "language": language, "to": letter.recipient_email})
    return letter


def check_complete(decision, application) -> None:
    """A letter must be able to say everything the law asks of it."""
    outcome = getattr(decision.outcome, "value", decision.outcome)
    requested, granted = decision.requested_amount, decision.granted_amount or 0
    has_reasons = bool((decision.reasons or "").strip()) or any(
        str(r).strip() for r in (decision.standard_reasons or []))
    if outcome not in OUTCOMES:
        raise DomainError(_l("Choose whether the application is approved, partly approved or rejected."),
                          field="outcome")
    if outcome in ("rejected", "partly_approved") and not has_reasons:
        raise DomainError(_l("Give the reasons: the applicant must be told why the application was not "
                             "approved in full."), field="reasons")
    if outcome == "rejected" and granted:
        raise DomainError(_l("A rejected application cannot be granted money."), field="granted_amount")
    if outcome == "approved" and granted != requested:
        raise DomainError(_l("An approval grants the amount applied for. If you grant less, choose "
                             "“partly approved”."), field="granted_amount")
    if outcome == "partly_approved" and not 0 < granted < requested:
        raise DomainError(_l("A partial approval grants more than nothing and less than the amount applied for."),
                          field="granted_amount")
    if not application.case_number:
        raise DomainError(_l("The application has no case number, so no letter can be sent."))


def retry_letter(letter: Letter, actor) -> None:
    """Start the failed step of ``letter`` again (an admin's retry); it runs after the commit."""
    entry = letter.failed_entry
    if entry is None:
        raise DomainError(_l("This letter has not failed, so there is nothing to retry."))
    before = {"step": "build" if entry is letter.build_entry else "mail", "error": entry.last_error}
    outbox.retry(entry)
    audit.log("letter.retried", letter, actor=actor, application=letter.application, before=before)


def build(letter: Letter) -> None:
    """Lay out ``letter`` from its fixed text, store the file and log it."""
    letter.store(build_docx(letter.data))
    audit.log("letter.built", letter, application=letter.application,
              after={"size": letter.size, "sha256": letter.sha256})


def mail(letter: Letter, url: str) -> None:
    """Add the mail that carries ``letter`` to the applicant (``url``: where they find their letters)."""
    application = letter.application
    letter.mail_entry = mails.send_mail(  # one UPDATE of the letter, after the INSERT of the entry
        letter.recipient_email, "decision_letter", letter.locale,
        attachments=[{"kind": "letter", "letter_id": letter.id}],
        name=application.applicant.name, title=application.title,
        case_number=application.case_number, url=url,
    )


def sent(letter: Letter) -> None:
    """The letter has gone out: log it, and start its decision's appeal period from now."""
    audit.log("letter.sent", letter, application=letter.application, after={"to": letter.recipient_email})
    if letter.decision is not None:
        mark_notified(letter.decision, utcnow())

"""Letters to applicants. ``issue_letter`` is called by ``decisions.operations``
in the decision's unit of work: the letter record and the outbox entry that
builds and mails it are committed with the decision, or not at all. ``build``,
``mail`` and ``sent`` are what the letter job (``potten.letters.jobs``) does."""
from sqlalchemy import func, or_, select

from potten.applications.models import Application
from potten.core import audit, outbox
from potten.core import mail as mails
from potten.core.errors import Checklist, DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utcnow
from potten.decisions.models import BOARD_SENT_BACK, BOARD_UPHELD, FORWARDED, Appeal
from potten.decisions.operations import default_report_due, mark_notified
from potten.extensions import db
from potten.letters import content, kinds, pdf
from potten.letters.docx import build_docx
from potten.letters.models import Letter, LetterSettings
from potten.letters.settings import FIELDS

OUTCOMES = ("approved", "partly_approved", "rejected")


def issue(application, kind: str, actor, *, decision=None, appeal=None, **facts) -> Letter:
    """Record a letter of ``kind`` (see ``kinds``) to the applicant of ``application`` and add
    the outbox entry that builds and mails it after the commit. ``facts`` (plain values)
    reach the template as they are; the text is fixed now, in the applicant's language."""
    language = content.letter_language(application)
    number = 1 + (db.session.scalar(select(func.count()).select_from(Letter)
                                    .where(Letter.application_id == application.id)) or 0)
    letter = Letter(
        application=application, decision=decision, appeal=appeal, kind=kind, number=number, locale=language,
        recipient_email=application.applicant.email,
        filename=content.filename(kind, application.case_number, number, language),
        data=content.letter_data(kind, application, language, **facts),
    )
    letter.data["appealable"] = bool(facts.get("appealable"))
    db.session.add(letter)
    db.session.flush()
    entry = outbox.add("build_letter", letter_id=letter.id)
    db.session.flush()
    letter.build_entry_id = entry.id
    audit.log("letter.issued", letter, actor=actor, application=application,
              after={"kind": kind, "decision_id": decision.id if decision is not None else None,
                     "appeal_id": appeal.id if appeal is not None else None,
                     "language": language, "to": letter.recipient_email})
    return letter


def issue_letter(decision, actor) -> Letter:
    """Issue the letter of ``decision``: the first decision, a new one after an appeal
    (§ 33, saying when the rest of the appeal goes on to the board), or the appeals
    board's own decision (final, § 28).

    Raises ``DomainError`` when the decision lacks what the letter must say (no
    reasons on a rejection or a partial approval, amounts that do not match the
    outcome), so such a decision cannot be made."""
    application = decision.application or db.session.get(Application, decision.application_id)
    check_complete(decision, application)
    db.session.flush()
    language = content.letter_language(application)
    facts = content.decision_facts(decision, language, replaces=decision.supersedes)
    if facts["granted"] and facts["report_due"] is None:
        facts["report_due"] = default_report_due(application, decision.decided_at)
    appeal = _appeal_of(decision)
    if decision.by_board:
        return issue(application, kinds.BOARD.name, actor, decision=decision, appeal=appeal,
                     board_outcome="changed", **facts, **_appeal_facts(appeal))
    kind = kinds.AFTER_APPEAL if decision.after_appeal else kinds.NEW_DECISION if decision.supersedes_id \
        else kinds.DECISION
    forwarded = appeal is not None and appeal.state == FORWARDED
    return issue(application, kind.name, actor, decision=decision, appeal=appeal, forward_rest=forwarded,
                 appealable=not forwarded, **facts, **_appeal_facts(appeal))


def issue_appeal_letter(appeal, actor) -> Letter:
    """The letter that follows a step of ``appeal``: sent on to the appeals board, or the
    board's decision to uphold the decision or send the case back."""
    application = appeal.application
    current = appeal.new_decision or appeal.decision
    language = content.letter_language(application)
    facts = {**content.decision_facts(current, language), **_appeal_facts(appeal), "dated": utcnow()}
    facts["replaces"] = content.replaced(current)
    if appeal.state == FORWARDED:
        return issue(application, kinds.FORWARDED.name, actor, decision=None, appeal=appeal, **facts)
    outcome = {BOARD_UPHELD: "upheld", BOARD_SENT_BACK: "sent_back"}[appeal.state]
    return issue(application, kinds.BOARD.name, actor, decision=current if outcome == "upheld" else None,
                 appeal=appeal, board_outcome=outcome, **facts)


def _appeal_of(decision):
    """The appeal that led to ``decision``, if any."""
    return db.session.scalar(select(Appeal).where(or_(
        Appeal.new_decision_id == decision.id, Appeal.board_decision_id == decision.id)).limit(1))


def _appeal_facts(appeal) -> dict:
    if appeal is None:
        return {}
    return {"appeal_filed_at": appeal.filed_at, "appeal_note": (appeal.note or "").strip(),
            "board_note": (appeal.board_note or "").strip(),
            "appealed": content.replaced(appeal.decision)}


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
    """Lay out ``letter`` from its fixed text as .docx and, where this process has a
    converter, as PDF/A-2b (the file sent); store both and log it."""
    letter.store(*pdf.laid_out(letter.data, build_docx))
    audit.log("letter.built", letter, application=letter.application,
              after={"size": letter.size, "sha256": letter.sha256, "pdf": letter.has_pdf})


def mail(letter: Letter, url: str) -> None:
    """Add the mail that carries ``letter`` to the applicant (``url``: where they find their letters)."""
    application = letter.application
    letter.mail_entry = mails.send_mail(  # one UPDATE of the letter, after the INSERT of the entry
        letter.recipient_email, kinds.mail_template(letter.kind), letter.locale,
        attachments=[{"kind": "letter", "letter_id": letter.id}],
        name=application.applicant.name, title=application.title, case_number=application.case_number,
        url=url, label=kinds.KINDS[letter.kind].label if letter.kind in kinds.KINDS else "", pdf=letter.has_pdf,
        appealable=bool(letter.data.get("appealable")),
    )


def sent(letter: Letter) -> None:
    """The letter has gone out: log it, and start its decision's appeal period from now."""
    audit.log("letter.sent", letter, application=letter.application, after={"to": letter.recipient_email})
    if letter.decision is not None:
        mark_notified(letter.decision, utcnow())


def save_settings(values: dict, actor) -> LetterSettings:
    """Set what every new letter says about the scheme and the office (``settings.FIELDS``);
    letters already issued keep what they said."""
    values = {name: values[name] for name in FIELDS}
    checks = Checklist()
    for name, value in values.items():
        if value in (None, ""):
            checks.add(_l("Fill in this field: every letter uses it."), name)
    checks.raise_if_any()
    found = db.session.get(LetterSettings, 1)
    before = {name: getattr(found, name) for name in FIELDS} if found is not None else None
    if found is None:
        found = LetterSettings(id=1)
        db.session.add(found)
    for name, value in values.items():
        setattr(found, name, value)
    found.updated_at = utcnow()
    db.session.flush()
    changed = {k: v for k, v in values.items() if before is None or before[k] != v}
    audit.log("letter_settings.saved", found, actor=actor,
              before={k: before[k] for k in changed} if before else None, after=changed)
    return found

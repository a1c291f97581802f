"""The repayment letters: the advance notice (forvaltningsloven § 16) and the repayment
decision (§ 35). They go through the same machinery as decision letters: a ``Letter``
record with its text fixed now (``templates/letters/<kind>_<lang>.txt``), and the outbox
job ``build_letter`` that lays it out, stores it and mails it."""
from flask import current_app, render_template
from flask_babel import force_locale

from potten.core import audit, outbox
from potten.core.time import utcnow
from potten.extensions import db
from potten.letters import content, markup
from potten.letters.models import Letter

KINDS = ("repayment_notice", "repayment_decision")
FILENAMES = {
    ("repayment_notice", "nb"): "forhandsvarsel-{case}.docx",
    ("repayment_notice", "en"): "advance-notice-{case}.docx",
    ("repayment_decision", "nb"): "vedtak-tilbakebetaling-{case}.docx",
    ("repayment_decision", "en"): "repayment-decision-{case}.docx",
}


def repayment_letter_data(claim, kind: str, language: str, actor) -> dict:
    """The letter of ``kind`` for ``claim``, as data for the letter builder."""
    application = claim.application
    organisation = application.organisation
    sender = current_app.config.get("MAIL_SENDER", "")
    from potten.decisions.operations import current_decision

    decision = current_decision(application)
    context = {
        "claim": claim, "amount": claim.amount, "reason": claim.reason, "answer_by": claim.answer_by,
        "pay_by": claim.pay_by, "answer": claim.answer,
        "case_number": application.case_number, "title": application.title,
        "granted": decision.granted_amount if decision else 0,
        "decided_at_grant": decision.decided_at if decision else None,
        "applicant": application.applicant, "organisation": organisation,
        "orgnr": content.formatted_orgnr(organisation.orgnr) if organisation else "",
        "today": utcnow(), "officer": actor.name,
        "account": current_app.config["REPAYMENT_ACCOUNT"],
        "contact_email": sender.rsplit("<", 1)[-1].strip(" >") or "nabolagspotten@larvik.kommune.no",
    }
    with force_locale(language):
        text = render_template(f"letters/{kind}_{language}.txt", **context)
    data = markup.parse(text, language)
    data["created"] = utcnow().isoformat()
    return data


def issue_repayment_letter(claim, kind: str, actor) -> Letter:
    """Record the letter and add the outbox entry that builds and mails it (after the commit)."""
    application = claim.application
    language = content.letter_language(application)
    letter = Letter(application=application, kind=kind, locale=language,
                    recipient_email=application.applicant.email,
                    filename=FILENAMES[(kind, language)].format(case=application.case_number),
                    data=repayment_letter_data(claim, kind, language, actor))
    db.session.add(letter)
    db.session.flush()
    entry = outbox.add("build_letter", letter_id=letter.id)
    db.session.flush()
    letter.build_entry_id = entry.id
    audit.log("letter.issued", letter, actor=actor, application=application,
              after={"kind": kind, "claim_id": claim.id, "language": language, "to": letter.recipient_email})
    return letter

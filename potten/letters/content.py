"""What a decision letter says: the facts of the decision, put into the letter
template of the applicant's language (``templates/letters/decision_<lang>.txt``).

The text is fixed when the decision is made, so a later change (a new bank
account, a renamed organisation) never changes a letter already decided.
"""
from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import force_locale

from potten.core.time import utc_to_oslo, utcnow
from potten.letters import markup

LANGUAGES = ("nb", "en")
FILENAMES = {"nb": "vedtaksbrev-{case}.docx", "en": "decision-letter-{case}.docx"}
REPORT_AFTER_END = timedelta(days=60)  # the final report is due two months after the project ends


def letter_language(application) -> str:
    locale = (getattr(application.applicant, "locale", None) or "nb")[:2]
    return locale if locale in LANGUAGES else "nb"


def filename(case_number: str, language: str) -> str:
    return FILENAMES[language].format(case=case_number)


def default_report_due(application, decided_at) -> date:
    """When no due date was set: two months after the project ends (or after the decision)."""
    end = getattr(application, "end_date", None)
    decided_day = utc_to_oslo(decided_at).date()
    return max(end or decided_day, decided_day) + REPORT_AFTER_END


def masked_account(number: str | None) -> str | None:
    """``86011117947`` → ``**** ** *7947``: enough to recognise, too little to misuse."""
    digits = "".join(c for c in (number or "") if c.isdigit())
    if len(digits) != 11:
        return None
    return "**** ** *" + digits[-4:]


def formatted_orgnr(orgnr: str | None) -> str:
    digits = "".join(c for c in (orgnr or "") if c.isdigit())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else (orgnr or "")


def decision_letter_data(decision, application, language: str) -> dict:
    """The decision letter for ``decision`` as data for ``potten.letters.docx.build_docx``."""
    with force_locale(language):
        text = render_template(f"letters/decision_{language}.txt", **_context(decision, application))
    data = markup.parse(text, language)
    data["created"] = (decision.decided_at or utcnow()).isoformat()
    return data


def _context(decision, application) -> dict:
    previous = getattr(decision, "supersedes", None)
    if previous is None and getattr(decision, "supersedes_id", None):
        from potten.decisions.models import Decision
        from potten.extensions import db

        previous = db.session.get(Decision, decision.supersedes_id)
    round_ = application.round
    organisation = application.organisation
    decided_by = decision.decided_by
    sender = current_app.config.get("MAIL_SENDER", "")
    return {
        "decision": decision,
        "outcome": decision.outcome,
        "requested": decision.requested_amount,
        "granted": decision.granted_amount or 0,
        "refused": decision.requested_amount - (decision.granted_amount or 0),
        "reasons": (decision.reasons or "").strip(),
        "standard_reasons": [r for r in (decision.standard_reasons or []) if str(r).strip()],
        "conditions": (decision.conditions or "").strip(),
        "report_due": decision.report_due,
        "after_appeal": bool(getattr(decision, "after_appeal", False)),
        "previous_decided_at": previous.decided_at if previous is not None else None,
        "decided_at": decision.decided_at or utcnow(),
        "decided_by": decided_by.name if decided_by is not None else "",
        "case_number": application.case_number,
        "title": application.title,
        "focus_area": application.focus_area.label if application.focus_area else "",
        "round": round_.label if round_ else "",
        "year": round_.year if round_ else utc_to_oslo(utcnow()).year,
        "criteria": [c.label for c in round_.criteria] if round_ else [],
        "submitted_at": application.submitted_at,
        "start_date": application.start_date,
        "end_date": application.end_date,
        "applicant": application.applicant,
        "organisation": organisation,
        "orgnr": formatted_orgnr(organisation.orgnr) if organisation else "",
        "account": masked_account(application.bank_account),
        "contact_email": sender.rsplit("<", 1)[-1].strip(" >") or "nabolagspotten@larvik.kommune.no",
    }

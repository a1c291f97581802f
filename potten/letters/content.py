"""What a letter says: the facts of the case, put into the template of its kind in the
applicant's language (``templates/letters/<template>_<lang>.txt``, see ``kinds``).

The text is fixed when the letter is issued, so a later change (a new bank account, a
renamed organisation, new settings) never changes a letter already sent.
"""
from flask import current_app, render_template
from flask_babel import force_locale

from potten.core.time import utc_to_oslo, utcnow
from potten.letters import markup
from potten.letters.kinds import KINDS
from potten.letters.settings import letter_settings

LANGUAGES = ("nb", "en")
SUBJECT_MAX = 255  # the longest subject a .docx's properties hold


def letter_language(application) -> str:
    locale = (getattr(application.applicant, "locale", None) or "nb")[:2]
    return locale if locale in LANGUAGES else "nb"


def filename(kind: str, case_number: str, number: int, language: str) -> str:
    """``vedtak-2025-0042-2.docx``: the kind, the case and the letter's number in the case."""
    return f"{KINDS[kind].files[language]}-{case_number}-{number}.docx"


def masked_account(number: str | None) -> str | None:
    """``86011117947`` → ``**** ** *7947``: enough to recognise, too little to misuse."""
    digits = "".join(c for c in (number or "") if c.isdigit())
    if len(digits) != 11:
        return None
    return "**** ** *" + digits[-4:]


def formatted_orgnr(orgnr: str | None) -> str:
    digits = "".join(c for c in (orgnr or "") if c.isdigit())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else (orgnr or "")


def letter_data(kind: str, application, language: str, **facts) -> dict:
    """The letter of ``kind`` as data for ``potten.letters.docx.build_docx``."""
    with force_locale(language):  # the round's, focus area's and criteria's names in the letter's language too
        context = {**common(application, language), **facts, "kind": kind, "language": language}
        text = render_template(f"letters/{KINDS[kind].template}_{language}.txt", **context)
    data = markup.parse(text, language)
    data["subject"] = data["subject"][:SUBJECT_MAX]
    data["created"] = (facts.get("dated") or utcnow()).isoformat()
    return data


def common(application, language: str) -> dict:
    """What every letter may say: the applicant, the case, the office and its rules."""
    settings = letter_settings()
    round_ = application.round
    organisation = application.organisation
    return {
        "case_number": application.case_number,
        "title": application.title,
        "focus_area": application.focus_area.label if application.focus_area else "",
        "round": round_.label if round_ else "",
        "year": round_.year if round_ else utc_to_oslo(utcnow()).year,
        "criteria": [c.label for c in round_.criteria] if round_ else [],
        "submitted_at": application.submitted_at,
        "start_date": application.start_date,
        "end_date": application.end_date,
        "requested": application.requested_amount or 0,
        "applicant": application.applicant,
        "organisation": organisation,
        "orgnr": formatted_orgnr(organisation.orgnr) if organisation else "",
        "account": masked_account(application.bank_account),
        "payout_plan": getattr(round_, "payout_plan", None) or "after_report",
        "advance_percent": getattr(round_, "advance_percent", None) or 75,
        "acceptance_days": getattr(round_, "acceptance_days", None) or 21,
        "contact_email": settings.email,
        "phone": settings.phone,
        "visiting_address": settings.visiting_address,
        "rules_name": settings.text("rules_name", language),
        "rules_date": settings.rules_date,
        "rules_url": public_url("letters.rules"),
        "delegation": settings.text("delegation", language),
        "decider_role": settings.text("decider_role", language),
        "board_weeks": settings.board_weeks,
        "dated": utcnow(),
    }


def decision_facts(decision, language: str, replaces=None) -> dict:
    """What a letter about ``decision`` says of it; ``replaces``: the decision it replaces."""
    granted = decision.granted_amount or 0
    return {
        "by_board": bool(decision.by_board),
        "outcome": decision.outcome,
        "requested": decision.requested_amount,
        "granted": granted,
        "refused": decision.requested_amount - granted,
        "reasons": (decision.reasons or "").strip(),
        "standard_reasons": decision.standard_reasons_in(language),
        "general_conditions": decision.general_conditions_in(language),
        "conditions": (decision.conditions or "").strip(),
        "report_due": decision.report_due,
        "dated": decision.decided_at or utcnow(),
        "decided_by": decision.decided_by.name if decision.decided_by is not None else "",
        "replaces": replaced(replaces),
    }


def replaced(decision) -> dict | None:
    """How a letter names an earlier decision: its date, outcome and amount."""
    if decision is None:
        return None
    return {"decided_at": decision.decided_at, "outcome": decision.outcome,
            "granted": decision.granted_amount or 0, "by_board": bool(decision.by_board)}


def public_url(endpoint: str, **values) -> str:
    """An address for a letter, made outside any request from ``POTTEN_BASE_URL``."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path



def decision_letter_data(decision, application, language: str) -> dict:
    """The letter of ``decision`` as data, of the kind ``operations.issue_letter`` gives it (without
    an appeal's facts): for a look at its text without issuing it."""
    kind = "decision_after_appeal" if decision.after_appeal else "new_decision" if decision.supersedes_id \
        else "decision"
    facts = decision_facts(decision, language, replaces=decision.supersedes)
    return letter_data(kind, application, language, appealable=True, **facts)

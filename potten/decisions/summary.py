"""The decision as its applicant sees it on the application page: outcome, amount, reasons,
conditions, the final report's due date, the appeal deadline and the appeal's state.
A template global, so the applications area shows it without importing this one."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from potten.applications.workflow import Status
from potten.core.i18n import current_locale
from potten.decisions import bp
from potten.decisions.models import Appeal, Decision
from potten.decisions.operations import can_appeal, current_decision
from potten.extensions import db


@dataclass
class Summary:
    decision: Decision
    reasons: str
    standard_reasons: list[str]
    general_conditions: str
    special_conditions: str
    appeal: Appeal | None
    can_appeal: bool
    appeal_deadline: date
    final: bool


@bp.app_template_global("decision_summary")
def decision_summary(application) -> Summary | None:
    """The decision in force on ``application`` and its appeal, in the reader's language."""
    if application is None or application.id is None:
        return None
    decision = current_decision(application)
    if decision is None:
        return None
    locale = current_locale()
    language = "en" if locale is not None and locale.language == "en" else "nb"
    appeal = db.session.scalar(select(Appeal).where(Appeal.application_id == application.id)
                               .order_by(Appeal.id.desc()).limit(1))
    appealable = can_appeal(application, decision)
    return Summary(
        decision=decision, reasons=(decision.reasons or "").strip(),
        standard_reasons=decision.standard_reasons_in(language),
        general_conditions=decision.general_conditions_in(language),
        special_conditions=(decision.conditions or "").strip(), appeal=appeal, can_appeal=appealable,
        appeal_deadline=decision.appeal_deadline, final=not appealable and appeal is not None)


@bp.app_template_global("decision_status")
def decision_status(outcome: str) -> Status:
    return Status(outcome)

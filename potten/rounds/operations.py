"""Operations on rounds, their focus areas and criteria: they check the rules,
change rows, write the audit entry and flush; the caller commits.

Every change is logged on the round (``object_type`` "Round"), so a round's
history is one query; the ``before``/``after`` of a focus area or criterion
change name it by id.
"""
from datetime import datetime

from sqlalchemy import literal, select

from potten.core import audit
from potten.core.errors import Checklist, DomainError
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo
from potten.extensions import db
from potten.rounds.models import (
    AFTER_REPORT,
    DEFAULT_ACCEPTANCE_DAYS,
    DEFAULT_ADVANCE_PERCENT,
    DEFAULT_REMINDER_STEPS,
    DEFAULT_REPORT_DAYS,
    PAYOUT_PLANS,
    Criterion,
    FocusArea,
    Round,
    parse_steps,
)

ROUND_FIELDS = ("title", "title_en", "description", "description_en", "opens_at", "closes_at", "max_amount",
                "reminder_steps", "reports_required", "payout_plan", "advance_percent", "acceptance_days",
                "report_days", "auditor_threshold")
FOCUS_AREA_FIELDS = ("name", "name_en", "budget")
CRITERION_FIELDS = ("title", "title_en", "description", "description_en", "weight")

CLOSES_BEFORE_OPENING = _l("The deadline must be after the time the round opens.")
NOT_POSITIVE = _l("The amount must be more than 0 kroner.")
WEIGHT_NOT_POSITIVE = _l("The weight must be 1 or more.")


def open_round(actor, *, title: str, title_en: str | None, description: str, description_en: str | None,
               opens_at: datetime, closes_at: datetime, max_amount: int,
               reminder_steps: str = DEFAULT_REMINDER_STEPS, reports_required: bool = False,
               payout_plan: str = AFTER_REPORT, advance_percent: int = DEFAULT_ADVANCE_PERCENT,
               acceptance_days: int = DEFAULT_ACCEPTANCE_DAYS, report_days: int = DEFAULT_REPORT_DAYS,
               auditor_threshold: int | None = None) -> Round:
    """Open a new round (a call for applications). Focus areas and criteria are added to it afterwards.
    ``reminder_steps``: when final-report reminders go, in days from the due date (e.g. "-14, 0, 14, 30");
    ``reports_required``: an applicant with an overdue final report cannot send a new application;
    ``payout_plan``, ``advance_percent``, ``acceptance_days``: how the round's grants are paid, and the
    days an applicant has to accept a grant before it counts as accepted;
    ``report_days``: the final report's due date a decision proposes, in days after the project ends;
    ``auditor_threshold``: grants above it (kroner) report with an auditor's statement (None: never)."""
    details = dict(title=title, title_en=title_en, description=description, description_en=description_en,
                   opens_at=opens_at, closes_at=closes_at, max_amount=max_amount,
                   reminder_steps=reminder_steps, reports_required=bool(reports_required),
                   payout_plan=payout_plan, advance_percent=advance_percent, acceptance_days=acceptance_days,
                   report_days=report_days, auditor_threshold=auditor_threshold)
    _check_round(details)
    round_ = Round(year=utc_to_oslo(opens_at).year, **details)
    db.session.add(round_)
    db.session.flush()
    audit.log("round.created", round_, actor=actor, after=snapshot(round_, ROUND_FIELDS))
    return round_


def change_round(round_: Round, actor, **details) -> bool:
    """Change a round's titles, descriptions, opening time, deadline or largest amount.

    The year (used in case numbers) follows the opening date. Returns whether anything changed.
    """
    unknown = set(details) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"not a round detail: {', '.join(sorted(unknown))}")
    checked = _check_round({**snapshot(round_, ROUND_FIELDS), **details})
    if "reminder_steps" in details:
        details["reminder_steps"] = checked["reminder_steps"]
    details["year"] = utc_to_oslo(details.get("opens_at", round_.opens_at)).year
    before, after = _apply(round_, details)
    if after:
        audit.log("round.changed", round_, actor=actor, before=before, after=after)
    return bool(after)


def add_focus_area(round_: Round, actor, *, name: str, name_en: str | None, budget: int) -> FocusArea:
    """Add a focus area (innsatsområde) with its budget in whole kroner."""
    _check_budget(budget, committed=0)
    area = FocusArea(name=name, name_en=name_en, budget=budget, committed=0,
                     position=_next_position(round_.focus_areas))
    return _add_part(round_.focus_areas, area, "focus_area", FOCUS_AREA_FIELDS, actor)


def change_focus_area(area: FocusArea, actor, **details) -> bool:
    """Rename a focus area or change its budget. The budget is never set below what is already committed.

    Returns whether anything changed.
    """
    db.session.refresh(area, with_for_update=True)  # decisions may be committing money from it right now
    if "budget" in details:
        _check_budget(details["budget"], committed=area.committed)
    return _change_part(area, "focus_area", details, actor)


def remove_focus_area(area: FocusArea, actor) -> None:
    """Remove a focus area that no application has chosen and no decision has granted money from."""
    if focus_area_in_use(area):
        raise DomainError(_l("This focus area cannot be removed, because applications have chosen it. "
                             "You can still change its name and budget."))
    _remove_part(area.round.focus_areas, area, "focus_area", FOCUS_AREA_FIELDS, actor)


def add_criterion(round_: Round, actor, *, title: str, title_en: str | None, description: str,
                  description_en: str | None, weight: int) -> Criterion:
    """Add a criterion that reviewers score applications against, with its weight."""
    _check_weight(weight)
    criterion = Criterion(title=title, title_en=title_en, description=description, description_en=description_en,
                          weight=weight, position=_next_position(round_.criteria))
    return _add_part(round_.criteria, criterion, "criterion", CRITERION_FIELDS, actor)


def change_criterion(criterion: Criterion, actor, **details) -> bool:
    """Change a criterion's texts or weight. Returns whether anything changed."""
    if "weight" in details:
        _check_weight(details["weight"])
    return _change_part(criterion, "criterion", details, actor)


def remove_criterion(criterion: Criterion, actor) -> None:
    """Remove a criterion, unless reviews against it exist (see ``criterion_in_use``)."""
    if criterion_in_use(criterion):
        raise DomainError(_l("This criterion cannot be removed, because reviewers have already scored "
                             "applications against it."))
    _remove_part(criterion.round.criteria, criterion, "criterion", CRITERION_FIELDS, actor)


def focus_area_in_use(area: FocusArea) -> bool:
    """True once money is granted from ``area`` or an application has chosen it."""
    return bool(area.committed or refers_to(area))


def criterion_in_use(criterion: Criterion) -> bool:
    """True once reviews exist for ``criterion``: then it can no longer be removed.

    The hook for the review area: any row with a foreign key to ``criterion.id``
    (a reviewer's score) counts, so a score table with that foreign key needs
    nothing more. Scores kept another way must be checked here.
    """
    return bool(refers_to(criterion))


def refers_to(obj) -> list[str]:
    """The names of the tables that have a row referring to ``obj`` by a foreign key."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.references(obj.__table__) and db.session.scalar(
                    select(literal(1)).select_from(table).where(fk.parent == obj.id).limit(1)):
                found.append(table.name)
    return found


def _add_part(parts: list, part, kind: str, fields, actor):
    parts.append(part)
    db.session.flush()
    audit.log(f"round.{kind}_added", part.round, actor=actor, after={kind: part.id, **snapshot(part, fields)})
    return part


def _change_part(part, kind: str, details: dict, actor) -> bool:
    unknown = set(details) - set(FOCUS_AREA_FIELDS if kind == "focus_area" else CRITERION_FIELDS)
    if unknown:
        raise TypeError(f"not a {kind} detail: {', '.join(sorted(unknown))}")
    before, after = _apply(part, details)
    if after:
        audit.log(f"round.{kind}_changed", part.round, actor=actor,
                  before={kind: part.id, **before}, after={kind: part.id, **after})
    return bool(after)


def _remove_part(parts: list, part, kind: str, fields, actor) -> None:
    audit.log(f"round.{kind}_removed", part.round, actor=actor, before={kind: part.id, **snapshot(part, fields)})
    parts.remove(part)
    db.session.flush()


def snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _apply(obj, details: dict) -> tuple[dict, dict]:
    """Set the attributes in ``details``; returns (before, after) of those that changed."""
    before, after = {}, {}
    for name, value in details.items():
        old = getattr(obj, name)
        if old != value:
            before[name], after[name] = old, value
            setattr(obj, name, value)
    db.session.flush()
    return before, after


def _check_round(details: dict) -> dict:
    """Raise every broken rule at once; returns ``details`` with the reminder steps written the one way."""
    checks = Checklist()
    if details["closes_at"] <= details["opens_at"]:
        checks.add(CLOSES_BEFORE_OPENING, "closes_date")
    if details["max_amount"] < 1:
        checks.add(NOT_POSITIVE, "max_amount")
    if details.get("payout_plan", AFTER_REPORT) not in PAYOUT_PLANS:
        checks.add(_l("Choose how grants are paid."), "payout_plan")
    if not 1 <= details.get("advance_percent", DEFAULT_ADVANCE_PERCENT) <= 99:
        checks.add(_l("The advance is between 1 and 99 per cent of the grant."), "advance_percent")
    if not 1 <= details.get("acceptance_days", DEFAULT_ACCEPTANCE_DAYS) <= 365:
        checks.add(_l("The days to accept a grant are between 1 and 365."), "acceptance_days")
    if not 1 <= details.get("report_days", DEFAULT_REPORT_DAYS) <= 730:
        checks.add(_l("The days from the project's end to the final report are between 1 and 730."), "report_days")
    if details.get("auditor_threshold") is not None and details["auditor_threshold"] < 1:
        checks.add(NOT_POSITIVE, "auditor_threshold")
    try:
        steps = parse_steps(details.get("reminder_steps") or "")
    except ValueError:
        checks.add(_l("Write the reminder days as whole numbers separated by commas, each at most 365 "
                      "days from the due date, for example -14, 0, 14, 30."), "reminder_steps")
    checks.raise_if_any()
    details["reminder_steps"] = ",".join(str(step) for step in steps)
    return details


def _check_budget(budget: int, committed: int) -> None:
    if budget < 1:
        raise DomainError(NOT_POSITIVE, field="budget")
    if budget < committed:
        raise DomainError(_l("The budget cannot be lower than what has already been granted from it: "
                             "%(committed)s.", committed=money(committed)), field="budget")


def _check_weight(weight: int) -> None:
    if weight < 1:
        raise DomainError(WEIGHT_NOT_POSITIVE, field="weight")


def _next_position(items) -> int:
    return max((item.position for item in items), default=-1) + 1

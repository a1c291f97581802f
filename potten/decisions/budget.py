"""The activity budget of each focus area: grants are committed against it atomically.

Every change is one conditional UPDATE (``... WHERE committed + :x <= budget``). The
database applies it to the current row under the row's write lock (PostgreSQL
re-checks the condition after waiting for a concurrent writer; SQLite lets one
writer at a time), so two approvals at the same moment can never together exceed
the budget. The check constraint ``committed_within_budget`` backs it up.
"""
from flask_babel import LazyString, gettext
from sqlalchemy import select, update

from potten.core import audit
from potten.core.errors import Checklist, DomainError
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.decisions.models import BudgetMove
from potten.extensions import db
from potten.rounds.models import FocusArea, localized


class NotEnoughLeft(DomainError):
    """The grant does not fit in what is left of the focus area's budget."""

    def __init__(self, area: FocusArea, needed: int):
        self.remaining, self.needed, names = area.remaining, needed, (area.name, area.name_en)
        # formatted when shown, in the reader's language
        super().__init__(LazyString(lambda: gettext(
            "There is not enough money left in “%(area)s”: %(left)s is left, and this needs %(needed)s. "
            "Grant a smaller amount, or ask the programme office to move budget from another focus area.",
            area=localized(*names), left=money(self.remaining), needed=money(needed))), field="amount")


def _fresh(area_id: int) -> FocusArea:
    return db.session.scalars(select(FocusArea).where(FocusArea.id == area_id)
                              .execution_options(populate_existing=True)).one()


def commit(area_id: int, delta: int) -> None:
    """Add ``delta`` kroner (negative: release) to what the focus area has committed,
    or raise ``NotEnoughLeft`` if it would go over the budget."""
    if delta == 0:
        return
    changed = db.session.execute(
        update(FocusArea)
        .where(FocusArea.id == area_id, FocusArea.committed + delta <= FocusArea.budget,
               FocusArea.committed + delta >= 0)
        .values(committed=FocusArea.committed + delta)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise NotEnoughLeft(_fresh(area_id), delta)
    known = db.session.identity_map.get(db.session.identity_key(FocusArea, area_id))
    if known is not None:
        db.session.expire(known, ["committed"])


def move_budget(round_, from_area: FocusArea, to_area: FocusArea, amount: int, reason: str, actor) -> BudgetMove:
    """Move ``amount`` kroner of budget between two focus areas of ``round_`` (its total stays the same).
    What is already granted in ``from_area`` cannot be moved."""
    reason = (reason or "").strip()
    checks = Checklist()  # every problem of the form at once
    if not reason:
        checks.add(_l("Say why the budget is moved."), "reason")
    if amount is None or amount <= 0:
        checks.add(_l("Enter an amount of more than 0 kroner."), "amount")
    if from_area.id == to_area.id or {from_area.round_id, to_area.round_id} != {round_.id}:
        checks.add(_l("Choose two different focus areas of this round."), "to_area")
    checks.raise_if_any()
    # lock both rows in one order, so two opposite moves at once cannot deadlock
    db.session.execute(select(FocusArea.id).where(FocusArea.id.in_([from_area.id, to_area.id]))
                       .order_by(FocusArea.id).with_for_update()).all()
    from_area, to_area = _fresh(from_area.id), _fresh(to_area.id)
    before = {"from": from_area.budget, "to": to_area.budget}
    taken = db.session.execute(
        update(FocusArea).where(FocusArea.id == from_area.id, FocusArea.budget - amount >= FocusArea.committed)
        .values(budget=FocusArea.budget - amount).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        left = _fresh(from_area.id)
        raise DomainError(_l("Only %(left)s of “%(area)s” is not granted yet, so no more can be moved.",
                             left=money(left.remaining), area=left.label), field="amount")
    db.session.execute(update(FocusArea).where(FocusArea.id == to_area.id)
                       .values(budget=FocusArea.budget + amount).execution_options(synchronize_session=False))
    from_area, to_area = _fresh(from_area.id), _fresh(to_area.id)
    found = BudgetMove(round_id=round_.id, from_area_id=from_area.id, to_area_id=to_area.id, amount=amount,
                       reason=reason, moved_by_id=actor.id)
    db.session.add(found)
    audit.log("budget.moved", found, actor=actor, before={"from_budget": before["from"], "to_budget": before["to"]},
              after={"from": from_area.name, "to": to_area.name, "amount": amount, "reason": reason,
                     "from_budget": from_area.budget, "to_budget": to_area.budget})
    return found

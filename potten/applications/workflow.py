"""The life of an application: its states and the allowed transitions, in one place."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from potten.core.errors import IllegalTransition


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    WITHDRAWN = "withdrawn"
    DISBURSED = "disbursed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(LABELS[self])


LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.IN_REVIEW: _l("In review"),
    Status.INFO_REQUESTED: _l("More information requested"),
    Status.APPROVED: _l("Approved"),
    Status.PARTLY_APPROVED: _l("Partly approved"),
    Status.REJECTED: _l("Rejected"),
    Status.APPEALED: _l("Appealed"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.DISBURSED: _l("Paid out"),
    Status.CLOSED: _l("Closed"),
}

DECIDED = (Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED)
GRANTED = (Status.APPROVED, Status.PARTLY_APPROVED)

TRANSITIONS: dict[Status, set[Status]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.IN_REVIEW, Status.WITHDRAWN, *DECIDED},
    Status.IN_REVIEW: {Status.INFO_REQUESTED, Status.WITHDRAWN, *DECIDED},
    Status.INFO_REQUESTED: {Status.IN_REVIEW, Status.WITHDRAWN},
    Status.APPROVED: {Status.APPEALED, Status.DISBURSED},
    Status.PARTLY_APPROVED: {Status.APPEALED, Status.DISBURSED},
    Status.REJECTED: {Status.APPEALED},
    Status.APPEALED: {*DECIDED},
    Status.DISBURSED: {Status.CLOSED},
    Status.WITHDRAWN: set(),
    Status.CLOSED: set(),
}

WITHDRAWABLE = {s for s, targets in TRANSITIONS.items() if Status.WITHDRAWN in targets}


def check_transition(current: Status, target: Status) -> None:
    """Raise ``IllegalTransition`` unless ``current`` may become ``target``."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(
            _l("An application that is “%(current)s” cannot become “%(target)s”.",
               current=current.label, target=target.label)
        )

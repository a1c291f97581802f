"""The life of an application: its states and the allowed transitions, in one place."""
from enum import StrEnum

from potten.core.errors import IllegalTransition
from potten.core.i18n import lazy_gettext as _l


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    APPEAL_FORWARDED = "appeal_forwarded"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"  # the applicant said no to the grant; the money went back to the focus area
    DISBURSED = "disbursed"
    CLOSED = "closed"  # paid out, the final report approved and nothing owed: the grant is finished

    @property
    def label(self) -> str:
        return str(LABELS[self])

    @property
    def tag_color(self) -> str:
        """The Designsystemet colour of its tag: how it went, at a glance."""
        return TAG_COLORS.get(self, "info")


TAG_COLORS = {"draft": "neutral", "withdrawn": "neutral", "declined": "neutral", "rejected": "danger",
              "approved": "success", "partly_approved": "success", "disbursed": "success", "closed": "success"}

LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.IN_REVIEW: _l("In review"),
    Status.INFO_REQUESTED: _l("More information requested"),
    Status.APPROVED: _l("Approved"),
    Status.PARTLY_APPROVED: _l("Partly approved"),
    Status.REJECTED: _l("Rejected"),
    Status.APPEALED: _l("Appealed"),
    Status.APPEAL_FORWARDED: _l("Appeal sent to the appeals board"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.DECLINED: _l("Grant declined"),
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
    # a new decision after an appeal that does not give the applicant all they asked sends
    # the rest of the appeal on to the appeals board (forvaltningsloven § 33)
    Status.APPROVED: {Status.APPEALED, Status.DISBURSED, Status.DECLINED},
    Status.PARTLY_APPROVED: {Status.APPEALED, Status.APPEAL_FORWARDED, Status.DISBURSED, Status.DECLINED},
    Status.REJECTED: {Status.APPEALED, Status.APPEAL_FORWARDED},
    Status.APPEALED: {*DECIDED, Status.APPEAL_FORWARDED},
    Status.APPEAL_FORWARDED: {*DECIDED, Status.IN_REVIEW},  # the board decides, or sends the case back
    Status.DISBURSED: {Status.CLOSED},
    Status.WITHDRAWN: set(),
    Status.DECLINED: set(),
    Status.CLOSED: {Status.DISBURSED},  # reopened: a repayment claim opened after it closed (an audit found misuse)
}

WITHDRAWABLE = {s for s, targets in TRANSITIONS.items() if Status.WITHDRAWN in targets}
REVIEWABLE = (Status.IN_REVIEW,)  # reviewers score only while the application is in review
ASSIGNABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED)


def check_transition(current: Status, target: Status) -> None:
    """Raise ``IllegalTransition`` unless ``current`` may become ``target``."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(
            _l("An application that is “%(current)s” cannot become “%(target)s”.",
               current=current.label, target=target.label)
        )


def move(application, target: Status, actor=None, *, values: dict | None = None,
         audit_action: str | None = "application.status_changed", **details) -> Status:
    """The one way an application's status changes: if the workflow allows it, as a conditional
    update (``WHERE status = <the status we saw>``), so two people acting on the same application
    at the same moment cannot both move it: the second is refused. ``values``: other columns set
    in the same UPDATE (a case number). The change is logged as ``audit_action`` with ``details``
    (None: the caller writes its own entry). Returns the status it had."""
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    from potten.applications.models import Application
    from potten.core import audit
    from potten.core.time import utcnow
    from potten.extensions import db

    current = Status(application.status)
    check_transition(current, target)
    values = {"updated_at": utcnow(), **(values or {})}
    changed = db.session.execute(
        update(Application).where(Application.id == application.id, Application.status == current)
        .values(status=target, **values).execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.refresh(application)
        raise IllegalTransition(_l("The application was changed meanwhile: it is now “%(status)s”. "
                                   "Reload the page to see it.", status=Status(application.status).label))
    for name, value in {"status": target, **values}.items():  # the row has them already: no second query
        set_committed_value(application, name, value)
    if audit_action:
        audit.log(audit_action, application, actor=actor, application=application,
                  before={"status": current}, after={"status": target, **details})
    return current

"""Operations on applications: start, save, attach, submit, withdraw.

They check the rules, change rows, write the audit entry and flush. They never
commit: the edge of the request, command or job that calls them does.
"""
import hashlib

from flask import current_app
from flask_babel import LazyString
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from potten.applications import checks, cleaning
from potten.applications.case_numbers import next_case_number
from potten.applications.filetypes import human_size, safe_filename, sniff
from potten.applications.models import Application, Attachment, BudgetLine
from potten.applications.workflow import Status, check_transition, move
from potten.core import audit
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.core.formatting import moment
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.time import utcnow
from potten.extensions import db

MAX_ATTACHMENTS = 10
MAX_REASON = 1000


class DeadlinePassed(DomainError):
    pass


class Incomplete(DomainError):
    """The application cannot be sent yet; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, object]):
        super().__init__(_l("The application is not complete yet. See what is missing below."))
        self.problems = problems


def start_draft(round_, user, organisation=None) -> Application:
    """Start an empty draft in an open round, for the user or for one of the user's organisations."""
    if not round_.is_open():
        raise DomainError(_l("This call is not open for applications."))
    if organisation is not None and organisation not in user.organisations:
        raise NotAllowed(_l("You can only apply for an organisation you are a member of."), field="applicant")
    application = Application(round=round_, applicant=user, organisation=organisation, status=Status.DRAFT,
                              target_groups=[], budget_lines=[])
    db.session.add(application)
    db.session.flush()
    audit.log("application.started", application, actor=user, application=application,
              after={"round_id": round_.id, "organisation_id": getattr(organisation, "id", None)})
    db.session.flush()
    return application


def save_draft(application: Application, data: dict, actor) -> dict[str, object]:
    """Store every value in ``data`` that is valid; return field → message for the rest.

    ``data`` holds what was typed (strings, a list for target groups, a list of
    ``{"item", "amount"}`` rows for the budget). Fields not in ``data`` are left as they are.
    """
    _require_editable(application, actor)
    cleaned, errors = {}, {}
    for field, value in data.items():
        cleaner = cleaning.CLEANERS.get(field)
        if cleaner is None:
            continue
        try:
            cleaned[field] = cleaner(application, value)
        except cleaning.Invalid as exc:
            errors[field] = exc.message
    lines = None
    if "budget_lines" in data:
        lines, line_errors = cleaning.budget_lines(data["budget_lines"])
        if line_errors:  # the lines are kept as saved until every row is right
            errors.update(line_errors)
            lines = None
    _check_together(application, cleaned, lines, errors)

    before, after = {}, {}
    for field, value in cleaned.items():
        if getattr(application, field) != value:
            before[field], after[field] = getattr(application, field), value
            setattr(application, field, value)
    old_lines = [[line.item, line.amount] for line in application.budget_lines]
    if lines is not None and [list(line) for line in lines] != old_lines:
        before["budget_lines"], after["budget_lines"] = old_lines, [list(line) for line in lines]
        application.budget_lines = [BudgetLine(position=i, item=item, amount=amount)
                                    for i, (item, amount) in enumerate(lines)]
    if after:
        application.updated_at = utcnow()
        audit.log("application.saved", application, actor=actor, before=before, after=after,
                  application=application)
    db.session.flush()
    return errors


def _check_together(application, cleaned: dict, lines, errors: dict) -> None:
    """Rules between fields: the dates in order; the amount within the round's limit and the budget."""
    start = cleaned.get("start_date", application.start_date)
    end = cleaned.get("end_date", application.end_date)
    if start and end and end < start:
        field = "end_date" if "end_date" in cleaned else "start_date"
        errors[field] = _l("The project cannot end before it starts.")
        cleaned.pop(field)
    amount = cleaned.get("requested_amount")
    if not amount:
        return
    total = sum(cost for _item, cost in lines) if lines is not None else application.budget_total
    problem = None
    if amount > application.round.max_amount:
        problem = checks.over_limit(application, amount)
    elif amount > total:
        problem = checks.over_budget(amount, total)
    if problem:
        errors["requested_amount"] = problem
        cleaned.pop("requested_amount")


def checked_file(filename: str, data: bytes):
    """The uploaded file's plain name and kind, if it really is a PDF, JPEG, PNG or Word file and not
    too large: the rules of every attachment (applications and final reports)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1] or "?"
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    if not data:
        raise DomainError(_l("The file “%(name)s” is empty. Choose another file.", name=name), field="file")
    if len(data) > limit:
        raise DomainError(_l("The file “%(name)s” is %(size)s. Each file can be at most %(limit)s. "
                             "Make it smaller (for example, save it as PDF or scale down the picture) "
                             "and try again.", name=name, size=human_size(len(data)), limit=human_size(limit)),
                          field="file")
    kind = sniff(data)
    if kind is None:
        raise DomainError(_l("The file “%(name)s” is not a real PDF, JPEG, PNG or Word (.docx) file, even if "
                             "its name may say so. We can only accept these kinds of files. Save or export "
                             "the document as PDF and try again.", name=name), field="file")
    return name, kind


def add_attachment(application: Application, filename: str, data: bytes, actor) -> Attachment:
    """Keep an uploaded file, if it really is a PDF, JPEG, PNG or Word file and not too large."""
    _require_editable(application, actor)
    name, kind = checked_file(filename, data)
    if len(application.attachments) >= MAX_ATTACHMENTS:
        raise DomainError(_l("An application can have at most %(count)d attachments. Remove one first.",
                             count=MAX_ATTACHMENTS), field="file")
    attachment = Attachment(filename=safe_filename(name, kind), content_type=kind.content_type, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), data=data, uploaded_by_id=actor.id)
    application.attachments.append(attachment)
    application.updated_at = utcnow()
    db.session.flush()
    audit.log("attachment.added", attachment, actor=actor, application=application,
              after={"filename": attachment.filename, "content_type": kind.content_type, "size": len(data),
                     "sha256": attachment.sha256})
    db.session.flush()
    return attachment


def remove_attachment(attachment: Attachment, actor) -> None:
    """Take an attachment off a draft."""
    application = attachment.application
    _require_editable(application, actor)
    audit.log("attachment.removed", attachment, actor=actor, application=application,
              before={"filename": attachment.filename, "size": attachment.size, "sha256": attachment.sha256})
    application.attachments.remove(attachment)
    application.updated_at = utcnow()
    db.session.flush()


def send(application: Application, privacy_consent: bool, actor, publish_name: bool = False) -> dict[str, object]:
    """The check page's button: keep the applicant's consents (to the processing, and a private
    person's to their name in the public list of grants), then submit. Returns what stops the
    application from being sent (each field and its problem; empty when it was sent): the consents
    are kept all the same. A rule that refuses (the deadline passed) raises."""
    save_draft(application, {"privacy_consent": privacy_consent, "publish_name": publish_name}, actor)
    try:
        submit(application, actor)
    except Incomplete as exc:
        return exc.problems
    return {}


def submit(application: Application, actor) -> None:
    """Send the application: every rule checked at once, then locked with a case number and a receipt."""
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can send this application."))
    _lock(application)
    check_transition(application.status, Status.SUBMITTED)
    now = utcnow()
    round_ = application.round
    if now >= round_.closes_at:
        closed_at = round_.closes_at
        raise DeadlinePassed(LazyString(lambda: _(
            "The deadline for %(round)s was %(deadline)s, so we can no longer accept applications in this call. "
            "Your draft is kept: you can still read it under My applications.",
            round=round_.label, deadline=moment(closed_at))))
    if now < round_.opens_at:
        raise DomainError(_l("This call is not open for applications."))
    problems = checks.problems(application, actor)
    if problems:
        raise Incomplete(problems)
    # The number first, so that one UPDATE both claims the draft and numbers it. If the draft was
    # sent or withdrawn meanwhile, the move is refused and the edge rolls the whole unit of work
    # back: the number goes back too (no gap).
    case_number = next_case_number(round_.year)
    move(application, Status.SUBMITTED, actor, audit_action=None,
         values={"case_number": case_number, "submitted_at": now, "updated_at": now})
    audit.log("application.submitted", application, actor=actor, application=application,
              before={"status": Status.DRAFT}, after={"status": Status.SUBMITTED,
                                                      "case_number": application.case_number})
    for person in _people_to_tell(application, actor):
        send_mail(person.email, "receipt", locale=person.locale, application=application,
                  url=application_url(application))
    db.session.flush()


def withdraw(application: Application, actor, reason: str = "") -> None:
    """Withdraw an application that has not been decided yet, with an optional reason."""
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can withdraw this application."))
    before = application.status
    check_transition(before, Status.WITHDRAWN)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise DomainError(cleaning.too_long(MAX_REASON, len(reason)), field="reason")
    move(application, Status.WITHDRAWN, actor, audit_action=None)
    audit.log("application.withdrawn", application, actor=actor, application=application,
              before={"status": before}, after={"status": Status.WITHDRAWN, "reason": reason})
    for person in _people_to_tell(application, actor):
        send_mail(person.email, "withdrawn", locale=person.locale, application=application, reason=reason,
                  url=application_url(application))
    db.session.flush()


def set_name_shown(application: Application, shown: bool, actor) -> bool:
    """A private applicant gives (``shown``) or withdraws consent to their name in the public list of
    grants; the list and its downloads follow at once. Returns whether anything changed."""
    if application.organisation_id is not None or actor.id != application.applicant_id:
        raise NotAllowed(_l("Only the private person who applied can choose whether their name is shown."))
    if application.publish_name == shown:
        return False
    application.publish_name = shown
    db.session.flush()
    audit.log("application.name_shown" if shown else "application.name_hidden", application, actor=actor,
              application=application, before={"publish_name": not shown}, after={"publish_name": shown})
    return True


def application_url(application: Application) -> str:
    """The application page's full address, for mails (works outside a request too)."""
    path = current_app.url_map.bind("potten").build("applications.show", {"application_id": application.id})
    return current_app.config["BASE_URL"].rstrip("/") + path


def _lock(application: Application) -> None:
    """Lock the application's row before anything else is written (the lock order: the application
    first, then the case counter and the focus area), and read its status as it is now. Two sessions
    sending or saving the same draft at once then take turns instead of deadlocking, and the second
    sees what the first did."""
    status = db.session.scalar(select(Application.status).where(Application.id == application.id)
                               .with_for_update())
    if status is not None:
        set_committed_value(application, "status", status)


def _require_editable(application: Application, actor) -> None:
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can change this application."))
    _lock(application)
    if not application.is_editable:
        raise IllegalTransition(_l("This application has been sent and can no longer be changed."))


def _people_to_tell(application: Application, actor) -> list:
    people = [application.applicant]
    if actor.id != application.applicant_id:
        people.append(actor)
    return people


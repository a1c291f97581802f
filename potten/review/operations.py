"""Operations of the review: assignment, declarations, scoring and questions to the applicant.

They check the rules, change rows, write the audit entry and flush; the caller commits.
"""
from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import select

from potten.accounts.models import User
from potten.applications.models import Application
from potten.applications.workflow import ASSIGNABLE, Status, check_transition, move
from potten.core import audit
from potten.core.errors import Checklist, DomainError, IllegalTransition, NotAllowed
from potten.core.formatting import money
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.roles import Role
from potten.core.time import utcnow
from potten.extensions import db
from potten.review import permissions
from potten.review.models import (
    DRAFT,
    GRANT_FULL,
    GRANT_PART,
    RECOMMENDATIONS,
    REJECT,
    SUBMITTED,
    ConflictDeclaration,
    InfoRequest,
    Review,
    ReviewAssignment,
    Score,
)


def link(endpoint: str, **values) -> str:
    """An absolute link for a mail (built without a request, so jobs and tests can send it too)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def _check_assignable(application: Application) -> None:
    if Status(application.status) not in ASSIGNABLE:
        raise IllegalTransition(_l("Reviewers can only be given applications that are submitted or in review. "
                                   "This one is “%(status)s”.", status=Status(application.status).label))


def _blocked_reviewer_ids(application_ids: list[int]) -> set[tuple[int, int]]:
    """(application id, user id) pairs with a declared conflict."""
    rows = db.session.execute(select(ConflictDeclaration.application_id, ConflictDeclaration.user_id).where(
        ConflictDeclaration.application_id.in_(application_ids), ConflictDeclaration.has_conflict.is_(True)))
    return {tuple(r) for r in rows}


def _eligible(reviewer, application, blocked: set[tuple[int, int]]) -> bool:
    return (reviewer.has_role(Role.REVIEWER) and not permissions.is_party(reviewer, application)
            and (application.id, reviewer.id) not in blocked)


def _add_assignment(application, reviewer, actor, due_on: date | None) -> ReviewAssignment:
    found = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, due_on=due_on,
                             assigned_by_id=actor.id)
    db.session.add(found)
    audit.log("review.assigned", found, actor=actor, application=application,
              after={"reviewer": reviewer.name, "reviewer_id": reviewer.id, "due_on": due_on})
    if application.status == Status.SUBMITTED:
        move(application, Status.IN_REVIEW, actor)
    return found


def assign(application: Application, reviewers: list, actor, due_on: date | None = None) -> list[ReviewAssignment]:
    """Give ``application`` to each of ``reviewers`` (those it already has are kept)."""
    _check_assignable(application)
    blocked = _blocked_reviewer_ids([application.id])
    existing = set(db.session.scalars(select(ReviewAssignment.reviewer_id)
                                      .where(ReviewAssignment.application_id == application.id)))
    added = []
    for reviewer in reviewers:
        if not _eligible(reviewer, application, blocked):
            raise NotAllowed(_l("%(name)s cannot review this application: they have a conflict of interest "
                                "or are not a reviewer.", name=reviewer.name))
        if reviewer.id not in existing:
            added.append(_add_assignment(application, reviewer, actor, due_on))
    db.session.flush()
    _tell_reviewers([(a.reviewer_id, application) for a in added], due_on)
    return added


def _open_applications(focus_area) -> list[Application]:
    return list(db.session.scalars(select(Application).where(
        Application.focus_area_id == focus_area.id, Application.status.in_(ASSIGNABLE)).order_by(Application.id)))


def _existing_pairs(application_ids: list[int]) -> set[tuple[int, int]]:
    rows = db.session.execute(select(ReviewAssignment.application_id, ReviewAssignment.reviewer_id)
                              .where(ReviewAssignment.application_id.in_(application_ids)))
    return {tuple(r) for r in rows}


def assign_focus_area(focus_area, reviewers: list, actor, due_on: date | None = None) -> int:
    """Give every open application of ``focus_area`` to each of ``reviewers``, skipping conflicts.
    Returns how many assignments were added."""
    applications = [a for a in _open_applications(focus_area) if not permissions.has_conflict(actor, a)]
    ids = [a.id for a in applications]
    blocked, existing = _blocked_reviewer_ids(ids), _existing_pairs(ids)
    added = []
    for application in applications:
        for reviewer in reviewers:
            if (application.id, reviewer.id) not in existing and _eligible(reviewer, application, blocked):
                _add_assignment(application, reviewer, actor, due_on)
                added.append((reviewer.id, application))
    db.session.flush()
    _tell_reviewers(added, due_on)
    return len(added)


def spread(focus_area, per_application: int, panel: list, actor, due_on: date | None = None) -> int:
    """Give each open application of ``focus_area`` ``per_application`` reviewers from ``panel``,
    always choosing those with the fewest assignments so the work is spread evenly."""
    if per_application < 1 or per_application > len(panel):
        raise DomainError(_l("Choose between 1 and %(n)s reviewers per application.", n=len(panel)),
                          field="per_application")
    applications = [a for a in _open_applications(focus_area) if not permissions.has_conflict(actor, a)]
    ids = [a.id for a in applications]
    blocked, existing = _blocked_reviewer_ids(ids), _existing_pairs(ids)
    load = Counter({r.id: 0 for r in panel})
    load.update(r for r in db.session.scalars(
        select(ReviewAssignment.reviewer_id).join(Application)
        .where(Application.focus_area_id == focus_area.id, ReviewAssignment.reviewer_id.in_(load))))
    added = []
    for application in applications:
        have = sum(1 for r in panel if (application.id, r.id) in existing)
        candidates = sorted((r for r in panel if (application.id, r.id) not in existing
                             and _eligible(r, application, blocked)), key=lambda r: (load[r.id], r.id))
        for reviewer in candidates[:max(0, per_application - have)]:
            _add_assignment(application, reviewer, actor, due_on)
            load[reviewer.id] += 1
            added.append((reviewer.id, application))
    db.session.flush()
    _tell_reviewers(added, due_on)
    return len(added)


def _tell_reviewers(added: list[tuple[int, Application]], due_on: date | None) -> None:
    """One mail to each reviewer who was given applications in this batch, listing them all."""
    by_reviewer: dict[int, list[Application]] = {}
    for reviewer_id, application in added:
        by_reviewer.setdefault(reviewer_id, []).append(application)
    if not by_reviewer:
        return
    reviewers = db.session.scalars(select(User).where(User.id.in_(by_reviewer)).order_by(User.id))
    for reviewer in reviewers:
        applications = by_reviewer[reviewer.id]
        send_mail(reviewer.email, "assigned", reviewer.locale, name=reviewer.name, applications=applications,
                  count=len(applications), due_on=due_on, url=link("review.worklist"))


def unassign(found: ReviewAssignment, actor) -> None:
    """Take an application back from a reviewer (not once their review is submitted)."""
    review = permissions.own_review(found.reviewer, found.application)
    if review is not None and review.is_submitted:
        raise NotAllowed(_l("The review is already submitted, so the reviewer stays on the application."))
    if review is not None:
        db.session.delete(review)
    audit.log("review.unassigned", found, actor=actor, application=found.application,
              before={"reviewer": found.reviewer.name, "reviewer_id": found.reviewer_id})
    db.session.delete(found)
    db.session.flush()


def declare(application: Application, user, has_conflict: bool, reason: str = "") -> ConflictDeclaration:
    """Record ``user``'s declaration on ``application``. Kept for good: it cannot be changed."""
    if permissions.is_party(user, application):
        raise NotAllowed(_l("You are a party to this application, so you cannot take part in it."))
    if permissions.declaration(user, application) is not None:
        raise DomainError(_l("You have already declared for this application."))
    reason = (reason or "").strip()
    if has_conflict and not reason:
        raise DomainError(_l("Say briefly why you have a conflict of interest."), field="reason")
    found = ConflictDeclaration(application_id=application.id, user_id=user.id, has_conflict=has_conflict,
                                reason=reason if has_conflict else "")
    db.session.add(found)
    audit.log("conflict.declared", found, actor=user, application=application,
              after={"has_conflict": has_conflict, "reason": found.reason})
    db.session.flush()
    return found


def declare_none_for(applications: list[Application], user) -> int:
    """Declare "no conflict" on each of ``applications`` the user has not declared on yet
    (the ranking's shortcut); parties are skipped. Returns how many were declared."""
    declared = set(db.session.scalars(select(ConflictDeclaration.application_id).where(
        ConflictDeclaration.user_id == user.id,
        ConflictDeclaration.application_id.in_([a.id for a in applications]))))
    count = 0
    for application in applications:
        if application.id not in declared and not permissions.is_party(user, application):
            declare(application, user, False)
            count += 1
    return count


def save_review(application: Application, reviewer, scores: dict[int, tuple[int | None, str]],
                recommendation: str | None, amount: int | None, justification: str,
                submit: bool = False) -> Review:
    """Save ``reviewer``'s review as a draft, or submit it (then every criterion, the
    recommendation and the justification are required, and it can no longer change)."""
    if not permissions.can_score(reviewer, application):
        raise NotAllowed(_l("You cannot score this application."))
    if Status(application.status) != Status.IN_REVIEW:
        raise IllegalTransition(_l("Only applications in review can be scored. This one is “%(status)s”.",
                                   status=Status(application.status).label))
    review = permissions.own_review(reviewer, application)
    if review is not None and review.is_submitted:
        raise IllegalTransition(_l("Your review is already submitted and can no longer be changed."))
    if review is None:
        review = Review(application_id=application.id, reviewer_id=reviewer.id, status=DRAFT)
        db.session.add(review)
    criteria = application.round.criteria
    checks = Checklist()  # every problem of the form at once, not one at a time
    by_criterion = {s.criterion_id: s for s in review.scores}
    for criterion in criteria:
        value, comment = scores.get(criterion.id, (None, ""))
        if value is not None and not 1 <= value <= 5:
            checks.add(_l("A score is a whole number from 1 to 5."), f"score_{criterion.id}")
            value = None
        score = by_criterion.get(criterion.id) or Score(criterion_id=criterion.id)
        score.score, score.comment = value, (comment or "").strip()
        if score not in review.scores:
            review.scores.append(score)
    if recommendation is not None and recommendation not in RECOMMENDATIONS:
        checks.add(_l("Choose a recommendation."), "recommendation")
        recommendation = None
    review.recommendation = recommendation
    review.justification = (justification or "").strip()
    review.recommended_amount = _recommended_amount(application, recommendation, amount, checks)
    if submit:
        _check_complete(review, criteria, checks)
    checks.raise_if_any()
    if submit:
        weights = {c.id: c.weight for c in criteria}
        review.weighted_total = sum(weights[s.criterion_id] * s.score for s in review.scores)
        review.weight_total = sum(weights[s.criterion_id] for s in review.scores)
        review.status, review.submitted_at = SUBMITTED, utcnow()
    db.session.flush()  # the database adds a submitted review to its application's totals (review/summary.py)
    audit.log("review.submitted" if submit else "review.saved", review, actor=reviewer, application=application,
              after=_review_summary(review) if submit else {"status": review.status})
    return review


def _recommended_amount(application, recommendation: str | None, amount: int | None,
                        checks: Checklist) -> int | None:
    if recommendation == GRANT_FULL:
        return application.requested_amount
    if recommendation == REJECT:
        return 0
    if recommendation == GRANT_PART:
        if amount is not None and not 0 < amount < (application.requested_amount or 0):
            checks.add(_l("A part grant is more than 0 and less than the %(amount)s applied for.",
                          amount=money(application.requested_amount)), "amount")
            return None
        return amount
    return None


def _check_complete(review: Review, criteria, checks: Checklist) -> None:
    """What a submitted review must have, each missing thing reported (once per field)."""
    for criterion in criteria:
        field = f"score_{criterion.id}"
        if not checks.has(field) and (review.score_for(criterion.id) is None
                                      or review.score_for(criterion.id).score is None):
            checks.add(_l("Give a score from 1 to 5 for “%(criterion)s”.", criterion=criterion.label), field)
    if review.recommendation is None and not checks.has("recommendation"):
        checks.add(_l("Choose a recommendation."), "recommendation")
    if review.recommendation == GRANT_PART and review.recommended_amount is None and not checks.has("amount"):
        checks.add(_l("Enter the amount you recommend."), "amount")
    if not review.justification:
        checks.add(_l("Write a short justification for your recommendation."), "justification")


def _review_summary(review: Review) -> dict:
    return {"status": review.status, "recommendation": review.recommendation,
            "recommended_amount": review.recommended_amount,
            "scores": {str(s.criterion_id): s.score for s in review.scores}}


def request_info(application: Application, question: str, actor) -> InfoRequest:
    """Send the application back to the applicant with a question; review waits for the answer."""
    question = (question or "").strip()
    if not question:
        raise DomainError(_l("Write the question to the applicant."), field="question")
    check_transition(Status(application.status), Status.INFO_REQUESTED)
    if not permissions.can_ask(actor, application):
        raise NotAllowed(_l("You cannot ask questions about this application."))
    move(application, Status.INFO_REQUESTED, actor, question=question)
    found = InfoRequest(application_id=application.id, question=question, asked_by_id=actor.id)
    db.session.add(found)
    audit.log("review.info_requested", found, actor=actor, application=application, after={"question": question})
    applicant = application.applicant
    send_mail(applicant.email, "info_requested", applicant.locale, application=application, question=question,
              link=link("review.answer_question", application_id=application.id))
    return found


def open_question(application: Application) -> InfoRequest | None:
    return db.session.scalar(select(InfoRequest).where(
        InfoRequest.application_id == application.id, InfoRequest.answered_at.is_(None))
        .order_by(InfoRequest.id.desc()))


def answer_info(application: Application, answer: str, actor) -> InfoRequest:
    """The applicant answers the open question; the application returns to review."""
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_l("Write your answer."), field="answer")
    if not application.is_own(actor):
        raise NotAllowed(_l("Only the applicant can answer."))
    found = open_question(application)
    if found is None or application.status != Status.INFO_REQUESTED:
        raise IllegalTransition(_l("There is no open question on this application."))
    move(application, Status.IN_REVIEW, actor)
    found.answer, found.answered_by_id, found.answered_at = answer, actor.id, utcnow()
    audit.log("review.info_answered", found, actor=actor, application=application, after={"answer": answer})
    send_mail(found.asked_by.email, "info_answered", found.asked_by.locale, application=application,
              link=link("review.application", application_id=application.id))
    return found

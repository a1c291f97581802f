"""The reviewers' pages: the work list, the staff page of an application, declaring, scoring."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from potten.accounts.models import named
from potten.applications.models import Application
from potten.core.i18n import gettext as _
from potten.core.landing import landing_endpoint
from potten.core.roles import Role, roles_required
from potten.core.security import page_number
from potten.core.time import utc_to_oslo, utcnow
from potten.core.views import attempt, form_status
from potten.extensions import db
from potten.review import bp, operations, permissions
from potten.review import worklist as work_list
from potten.review.forms import DeclarationForm, QuestionForm, review_form
from potten.review.models import SUBMITTED, Review, Score
from potten.review.permissions import load
from potten.review.timeline import page_context

STAFF = (Role.REVIEWER, Role.DECISION_MAKER, Role.ADMIN)
# the application's few budget lines and attachments, shown on its staff page: joined to its one statement
CONTENT = (joinedload(Application.budget_lines), joinedload(Application.attachments))


@bp.app_template_filter("score")
def score_filter(value) -> str:
    """A mean score with two decimals, in the reader's language (3,67 / 3.67)."""
    return format_decimal(value, format="0.00")


def _page(name: str) -> int:
    return page_number(request.args.get(name))


@bp.get("/vurdering")
@roles_required(Role.REVIEWER)
def worklist():
    to_do_total, done_total = work_list.counts(current_user)
    todo = work_list.to_do(current_user, _page("side"), to_do_total)
    done = work_list.done(current_user, _page("ferdig"), done_total)
    return render_template("review/worklist.html", todo=todo, done=done, today=utc_to_oslo(utcnow()).date())


@bp.get("/vurdering/soknad/<int:application_id>")
@roles_required(*STAFF)
def application(application_id: int):
    found = load(application_id, CONTENT)
    return render_template("review/application.html", **page_context(found, current_user),
                           declaration_form=DeclarationForm())


@bp.post("/vurdering/soknad/<int:application_id>/habilitet")
@roles_required(*STAFF)
def declare(application_id: int):
    found = load(application_id)
    form = DeclarationForm()
    if form.validate_on_submit():
        done = attempt(form, operations.declare, found, current_user, form.conflict.data == "yes", form.reason.data)
        if done and done.value.has_conflict:
            # from now on the application is as unknown to them as to a stranger: its page answers 404
            flash(_("You declared a conflict of interest in case %(case)s. You can no longer open the case. "
                    "Someone else must take it.", case=found.case_number or found.id), "success")
            return redirect(url_for(landing_endpoint(current_user)))
        if done:
            flash(_("Your declaration is saved."), "success")
            return redirect(url_for("review.application", application_id=found.id))
    return render_template("review/application.html", **page_context(found, current_user),
                           declaration_form=form), 400


def _form_scores(form, criteria) -> dict:
    scores = {}
    for c in criteria:
        raw = getattr(form, f"score_{c.id}").data
        scores[c.id] = (int(raw) if raw else None, getattr(form, f"comment_{c.id}").data or "")
    return scores


@bp.route("/vurdering/soknad/<int:application_id>/vurdering", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def score(application_id: int):
    found = load(application_id)
    if not permissions.can_score(current_user, found):
        abort(403)
    criteria = found.round.criteria
    review = permissions.standing(current_user, found).own_review
    if review is not None and review.is_submitted:
        flash(_("Your review is submitted and can no longer be changed."), "warning")
        return redirect(url_for("review.application", application_id=found.id))
    form = review_form(criteria, obj=review, data=_initial(review) if request.method == "GET" else None)
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        if attempt(form, operations.save_review, found, current_user, _form_scores(form, criteria),
                   form.recommendation.data, form.amount.data, form.justification.data, submit=submit):
            if submit:
                flash(_("Your review is submitted. Thank you!"), "success")
                return redirect(url_for("review.application", application_id=found.id))
            flash(_("Your draft is saved. Only you can see it."), "success")
            return redirect(url_for("review.score", application_id=found.id))
    return render_template("review/score.html", application=found, criteria=criteria, form=form,
                           editable=permissions.may_edit_review(current_user, found)), form_status(form)


def _initial(review) -> dict | None:
    if review is None:
        return None
    data = {"recommendation": review.recommendation, "justification": review.justification,
            "amount": review.recommended_amount if review.recommendation == "grant_part" else None}
    for s in review.scores:
        data[f"score_{s.criterion_id}"] = str(s.score) if s.score else None
        data[f"comment_{s.criterion_id}"] = s.comment
    return data


@bp.get("/vurdering/soknad/<int:application_id>/vurderinger.json")
@roles_required(*STAFF)
def reviews_json(application_id: int):
    found = load(application_id)
    if not permissions.can_see_reviews(current_user, found):
        abort(403)
    reviews = db.session.scalars(select(Review).where(Review.application_id == found.id, Review.status == SUBMITTED)
                                 .options(named(Review.reviewer),
                                          joinedload(Review.scores).joinedload(Score.criterion))
                                 .order_by(Review.id)).unique().all()
    return jsonify(application_id=found.id, reviews=[{
        "reviewer": r.reviewer.name, "submitted_at": r.submitted_at.isoformat(),
        "recommendation": r.recommendation, "recommended_amount": r.recommended_amount,
        "justification": r.justification,
        "scores": [{"criterion": s.criterion.title, "weight": s.criterion.weight, "score": s.score,
                    "comment": s.comment} for s in r.scores],
    } for r in reviews])


@bp.route("/vurdering/soknad/<int:application_id>/sporsmal", methods=["GET", "POST"])
@roles_required(*STAFF)
def ask(application_id: int):
    found = load(application_id)
    if not permissions.can_ask(current_user, found):
        abort(403)
    form = QuestionForm()
    if form.validate_on_submit():
        if attempt(form, operations.request_info, found, form.question.data, current_user):
            flash(_("The question is sent to the applicant. The application waits for the answer."), "success")
            return redirect(url_for("review.application", application_id=found.id))
    return render_template("review/ask.html", application=found, form=form), form_status(form)

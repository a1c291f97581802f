"""The applicant answers the advance notice of a repayment claim (forvaltningsloven § 16) on
their page, before its deadline; the answer's attachment, for them and for staff."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from potten.applications.models import barred
from potten.core.i18n import gettext as _
from potten.core.views import attempt, form_status, stored_file
from potten.extensions import db
from potten.reports import access, bp, repayment
from potten.reports.forms import ClaimAnswerForm
from potten.reports.models import RepaymentClaim


def _claim_of(application, claim_id: int) -> RepaymentClaim:
    claim = db.session.get(RepaymentClaim, claim_id)
    if claim is None or claim.application_id != application.id:
        abort(404)
    return claim


@bp.route("/soknad/<int:application_id>/tilbakebetaling/<int:claim_id>/svar", methods=["GET", "POST"])
@login_required
def answer_claim(application_id: int, claim_id: int):
    application = access.own_application(application_id)
    claim = _claim_of(application, claim_id)
    if not repayment.can_answer(claim):
        return redirect(url_for("applications.show", application_id=application_id) + "#repayment")
    form = ClaimAnswerForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload and upload.filename else None
        if attempt(form, repayment.answer_notice, claim, form.text.data, upload.filename if data else None, data,
                   current_user):
            flash(_("Your answer is sent. We read it before we decide whether you must pay back."), "success")
            return redirect(url_for("applications.show", application_id=application_id) + "#repayment")
        if data and not form.file.errors:  # the file was fine, but the form was not: it must be chosen again
            form.file.errors = [_("Choose the file again: a file cannot be kept when the form has an error.")]
    return render_template("reports/claim_answer.html", claim=claim, application=application,
                           form=form), form_status(form)


@bp.get("/tilbakebetaling/<int:claim_id>/svar/vedlegg")
@login_required
def answer_file(claim_id: int):
    """The attachment of the applicant's answer: for the applicant and for staff who read claims."""
    claim = db.session.get(RepaymentClaim, claim_id)
    answer = claim.answer if claim is not None else None
    if answer is None or answer.filename is None:
        abort(404)
    application = claim.application
    if not (application.is_own(current_user)
            or current_user.has_role(*access.READERS) and not barred(current_user, application)):
        abort(404)  # habilitet: a declared conflict of interest makes the case unknown, as to a stranger
    return stored_file(answer)


@bp.app_template_global()
def repayment_claims_of(application) -> list:
    """The repayment claims of ``application``, with their answers (for the application page)."""
    return repayment.claims_of(application, with_answers=True)


@bp.app_template_global()
def claim_can_be_answered(claim) -> bool:
    return repayment.can_answer(claim)

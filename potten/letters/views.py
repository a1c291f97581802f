"""Letters: the staff overview with retry, the applicant's letters, and the download."""
import io

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role, roles_required
from potten.core.security import page_number
from potten.core.views import button_action
from potten.extensions import db
from potten.letters import bp, operations, queries
from potten.letters.models import DOCX, FAILED, PENDING, SENT, Letter
from potten.letters.permissions import can_view_letter, is_letter_staff

STATUS_LABELS = {PENDING: _l("Waiting to be sent"), SENT: _l("Sent"), FAILED: _l("Failed")}


@bp.app_template_global("letters_for")
def letters_for_template(application):
    """For ``templates/letters/_for_application.html``: the letters the current user may see."""
    return queries.letters_for(application, current_user)


@bp.app_template_global("letter_status_label")
def letter_status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, ""))


@bp.app_template_global("is_letter_staff")
def is_letter_staff_template() -> bool:
    return is_letter_staff(current_user)


@bp.get("/brev")
@roles_required(Role.ADMIN, Role.DECISION_MAKER)
def overview():
    status = request.args.get("status")
    status = status if status in queries.STATUSES else None
    counts = queries.counts()
    page = page_number(request.args.get("side"))
    letters = queries.overview(status, page, total=counts[status] if status else sum(counts.values()),
                               viewer=current_user)
    return render_template("letters/overview.html", letters=letters, status=status, counts=counts,
                           form=ActionForm())


@bp.post("/brev/<int:letter_id>/prov-igjen")
@roles_required(Role.ADMIN, Role.DECISION_MAKER)
def retry(letter_id: int):
    letter = db.session.get(Letter, letter_id)
    if letter is None or not can_view_letter(letter, current_user):
        abort(404)
    button_action(lambda: operations.retry_letter(letter, current_user),
                  _("The letter to %(email)s will be sent again.", email=letter.recipient_email))
    return redirect(url_for("letters.overview", status=request.args.get("status") or None))


@bp.get("/mine-brev")
@login_required
def mine():
    return render_template("letters/mine.html", applications=queries.own_applications_with_letters(current_user))


@bp.get("/brev/<int:letter_id>/vedtaksbrev.docx")
@login_required
def download(letter_id: int):
    letter = db.session.get(Letter, letter_id)
    if letter is None or not can_view_letter(letter, current_user) or letter.content is None:
        abort(404)
    response = send_file(io.BytesIO(letter.content), mimetype=DOCX, as_attachment=True,
                         download_name=letter.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

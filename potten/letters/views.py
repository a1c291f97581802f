"""Letters: the staff overview with retry, the applicant's letters, and the download."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import undefer

from potten.core.formatting import day
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role, roles_required
from potten.core.security import page_number
from potten.core.views import attempt, button_action, file_response, form_status
from potten.extensions import db
from potten.letters import bp, operations, queries
from potten.letters.forms import LetterSettingsForm
from potten.letters.kinds import label
from potten.letters.models import DOCX, FAILED, PDF, PENDING, SENT, Letter
from potten.letters.permissions import can_view_letter, is_letter_staff
from potten.letters.settings import FIELDS as SETTINGS_FIELDS
from potten.letters.settings import letter_settings

STATUS_LABELS = {PENDING: _l("Waiting to be sent"), SENT: _l("Sent"), FAILED: _l("Failed")}


@bp.app_template_global("letters_for")
def letters_for_template(application):
    """For ``templates/letters/_for_application.html``: the letters the current user may see."""
    return queries.letters_for(application, current_user)


@bp.app_template_global("letter_status_label")
def letter_status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, ""))


@bp.app_template_global("letter_label")
def letter_label(letter) -> str:
    """"New decision after appeal, 3 March 2026": what the letter is, and its date."""
    return _("%(kind)s, %(date)s", kind=label(letter.kind), date=day(letter.created_at))


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
    """The letter as the .docx it was built as (for staff; for the applicant when no PDF was made)."""
    letter = db.session.get(Letter, letter_id, options=[undefer(Letter.content)])
    if letter is None or not can_view_letter(letter, current_user) or letter.content is None:
        abort(404)
    return file_response(letter.content, DOCX, letter.filename, as_attachment=True)


@bp.get("/brev/<int:letter_id>/brev.pdf")
@login_required
def download_pdf(letter_id: int):
    """The letter as sent: PDF/A-2b."""
    letter = db.session.get(Letter, letter_id, options=[undefer(Letter.pdf)])
    if letter is None or not can_view_letter(letter, current_user) or letter.pdf is None:
        abort(404)
    return file_response(letter.pdf, PDF, letter.pdf_filename, as_attachment=False)


@bp.get("/regler")
def rules():
    """The scheme's rules, public: every letter names them and links here."""
    return render_template("letters/rules.html", settings=letter_settings())


@bp.route("/brev/innstillinger", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():
    """The admin's settings of every letter: rules, delegation, role, contact block."""
    current = letter_settings()
    form = LetterSettingsForm(obj=current if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in SETTINGS_FIELDS}
        if attempt(form, operations.save_settings, values, current_user):
            flash(_("The letter settings are saved. New letters use them."), "success")
            return redirect(url_for("letters.settings"))
    return render_template("letters/settings.html", form=form), form_status(form)

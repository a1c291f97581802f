"""Attachments: step 3 of the form (its own form, so a refused file never costs typed text),
download for those allowed to see the application, and removal from a draft."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from potten.applications import access, bp, operations
from potten.applications.forms import UploadForm
from potten.applications.models import Application
from potten.applications.steps import STEPS
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.views import attempt, button_action, form_status, stored_file


@bp.route("/soknad/<int:application_id>/vedlegg", methods=["GET", "POST"])
@login_required
def attachments(application_id: int):
    application = access.editable(application_id, (joinedload(Application.round), joinedload(Application.attachments)))
    form = UploadForm()
    if request.method == "POST" and form.validate():
        upload = form.file.data
        if not upload or not upload.filename:
            form.file.errors.append(_("Choose a file first."))
        elif done := attempt(form, operations.add_attachment, application, upload.filename, upload.read(),
                             current_user):
            flash(_("“%(name)s” is added to the application.", name=done.value.filename), "success")
            return redirect(url_for("applications.attachments", application_id=application.id))
    return render_template("applications/step_attachments.html", application=application, form=form,
                           step="attachments", steps=STEPS, remove_form=ActionForm()), form_status(form)


@bp.get("/soknad/<int:application_id>/vedlegg/<int:attachment_id>")
@login_required
def download(application_id: int, attachment_id: int):
    attachment = access.attachment_of(access.viewable(application_id), attachment_id)
    return stored_file(attachment)


@bp.post("/soknad/<int:application_id>/vedlegg/<int:attachment_id>/slett")
@login_required
def remove_attachment(application_id: int, attachment_id: int):
    application = access.editable(application_id)
    attachment = access.attachment_of(application, attachment_id)
    button_action(lambda: operations.remove_attachment(attachment, current_user),
                  _("“%(name)s” is removed.", name=attachment.filename))
    return redirect(url_for("applications.attachments", application_id=application.id))

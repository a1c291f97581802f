"""Attachments: step 3 of the form (its own form, so a refused file never costs typed text),
download for those allowed to see the application, and removal from a draft."""
import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from potten.applications import access, bp, operations
from potten.applications.forms import UploadForm
from potten.applications.steps import STEPS
from potten.core import outbox
from potten.core.errors import DomainError
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _


@bp.route("/soknad/<int:application_id>/vedlegg", methods=["GET", "POST"])
@login_required
def attachments(application_id: int):
    application = access.editable(application_id)
    form = UploadForm()
    status = 200
    if request.method == "POST":
        if not form.validate():
            status = 400
        elif not form.file.data or not form.file.data.filename:
            form.file.errors.append(_("Choose a file first."))
        else:
            upload = form.file.data
            try:
                attachment = operations.add_attachment(application, upload.filename, upload.read(), current_user)
            except DomainError as exc:
                form.file.errors.append(str(exc.message))
            else:
                outbox.commit()
                flash(_("“%(name)s” is added to the application.", name=attachment.filename), "success")
                return redirect(url_for("applications.attachments", application_id=application.id))
    return render_template("applications/step_attachments.html", application=application, form=form,
                           step="attachments", steps=STEPS, remove_form=ActionForm()), status


@bp.get("/soknad/<int:application_id>/vedlegg/<int:attachment_id>")
@login_required
def download(application_id: int, attachment_id: int):
    attachment = access.attachment_of(access.viewable(application_id), attachment_id)
    response = send_file(io.BytesIO(attachment.data), mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename, etag=attachment.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    return response


@bp.post("/soknad/<int:application_id>/vedlegg/<int:attachment_id>/slett")
@login_required
def remove_attachment(application_id: int, attachment_id: int):
    application = access.editable(application_id)
    attachment = access.attachment_of(application, attachment_id)
    if ActionForm().validate():
        name = attachment.filename
        operations.remove_attachment(attachment, current_user)
        outbox.commit()
        flash(_("“%(name)s” is removed.", name=name), "success")
    else:
        flash(_("The page had been open too long. Please try again."), "error")
    return redirect(url_for("applications.attachments", application_id=application.id))

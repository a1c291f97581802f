"""Loading an application for the person asking: other people's applications are not found (404)."""
from flask import abort, flash, redirect, url_for
from flask_login import current_user

from potten.applications.models import Application, Attachment
from potten.core.i18n import gettext as _
from potten.extensions import db


def viewable(application_id: int, options=()) -> Application:
    """``options``: loader options, to fetch what the page needs in the same query."""
    application = db.session.get(Application, application_id, options=options)
    if application is None or not application.can_view(current_user):
        abort(404)
    return application


def own(application_id: int, options=()) -> Application:
    """``options``: loader options, to fetch what the page needs in the same query."""
    application = db.session.get(Application, application_id, options=options)
    if application is None or not application.is_own(current_user):
        abort(404)
    return application


def editable(application_id: int, options=()) -> Application:
    """The applicant's own draft; a sent application sends them to its page instead."""
    application = own(application_id, options)
    if not application.is_editable:
        flash(_("This application has been sent and can no longer be changed."), "warning")
        abort(redirect(url_for("applications.show", application_id=application.id)))
    return application


def attachment_of(application: Application, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != application.id:
        abort(404)
    return attachment

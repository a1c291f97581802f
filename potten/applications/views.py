"""The applicant's pages: my applications, start one, see one, its receipt, withdraw it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from potten.applications import access, bp, operations, queries, timeline
from potten.applications.cleaning import format_account
from potten.applications.filetypes import human_size
from potten.applications.forms import TARGET_GROUP_LABELS, NewApplicationForm, WithdrawForm
from potten.applications.models import TARGET_GROUPS, Application
from potten.applications.workflow import Status
from potten.core.i18n import gettext as _
from potten.core.time import utcnow
from potten.core.views import attempt, button_action, form_status
from potten.extensions import db
from potten.rounds.models import Round


@bp.get("/mine-soknader")
@login_required
def mine():
    return render_template("applications/mine.html", applications=queries.listed_for(current_user), now=utcnow())


@bp.route("/utlysning/<int:round_id>/ny", methods=["GET", "POST"])
@login_required
def new(round_id: int):
    round_ = db.session.get(Round, round_id) or abort(404)
    form = NewApplicationForm(data={"applicant": "person"})
    form.applicant.choices = [SelectChoice("person", _("Myself, as a private person"))] + [
        SelectChoice(str(org.id), org.name) for org in current_user.organisations]
    if form.validate_on_submit():
        chosen = form.applicant.data
        organisation = next((o for o in current_user.organisations if str(o.id) == chosen), None)
        if chosen != "person" and organisation is None:
            form.applicant.errors.append(_("Choose who is applying."))
        elif done := attempt(form, operations.start_draft, round_, current_user, organisation):
            return redirect(url_for("applications.about", application_id=done.value.id))
    drafts = queries.listed_for(current_user, Application.round_id == round_.id,
                                 Application.status == Status.DRAFT)
    return render_template("applications/new.html", round=round_, form=form, drafts=drafts,
                           is_open=round_.is_open()), form_status(form)


# what the application page shows of the application's own rows, loaded with it in one statement: the few
# budget lines and attachments too (joined, their rows multiply: 3 lines and 3 files are 9 rows), and the
# applicant's name for staff, without the roles and organisations a logged-in user is loaded with
SHOWN_WITH = (joinedload(Application.round), joinedload(Application.focus_area), joinedload(Application.organisation),
              joinedload(Application.applicant).lazyload("*"), joinedload(Application.budget_lines),
              joinedload(Application.attachments))


@bp.get("/soknad/<int:application_id>")
@login_required
def show(application_id: int):
    application = access.viewable(application_id, options=SHOWN_WITH)
    return render_template("applications/show.html", application=application,
                           events=timeline.events(application, current_user))


@bp.get("/soknad/<int:application_id>/kvittering")
@login_required
def receipt(application_id: int):
    application = access.own(application_id)
    if application.status == Status.DRAFT:
        return redirect(url_for("applications.check", application_id=application.id))
    return render_template("applications/receipt.html", application=application)


@bp.route("/soknad/<int:application_id>/trekk", methods=["GET", "POST"])
@login_required
def withdraw(application_id: int):
    application = access.own(application_id)
    if not application.is_withdrawable:
        flash(_("This application can no longer be withdrawn."), "warning")
        return redirect(url_for("applications.show", application_id=application.id))
    form = WithdrawForm()
    if form.validate_on_submit() and attempt(form, operations.withdraw, application, current_user, form.reason.data):
        flash(_("The application is withdrawn. We have sent you a confirmation by e-mail."), "success")
        return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/withdraw.html", application=application, form=form), form_status(form)


@bp.post("/soknad/<int:application_id>/navn-i-listen")
@login_required
def name_consent(application_id: int):
    """A private applicant shows or hides their name in the public list of grants."""
    application = access.own(application_id)
    shown = request.form.get("shown") == "yes"
    button_action(lambda: operations.set_name_shown(application, shown, current_user),
                  _("Your name is shown in the public list of grants.") if shown
                  else _("Your name is no longer shown in the public list of grants."))
    return redirect(url_for("applications.show", application_id=application.id, _anchor="name-consent"))


@bp.app_template_global()
def target_group_names(groups) -> str:
    """The chosen target groups in the reader's language, in the form's order."""
    return ", ".join(str(TARGET_GROUP_LABELS[g]) for g in TARGET_GROUPS if g in (groups or [])) or "–"


@bp.app_template_filter("account")
def account_filter(number: str | None) -> str:
    return format_account(number) or "–"


bp.add_app_template_filter(human_size, "filesize")

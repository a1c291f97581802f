"""Organisations an applicant applies for: register, see, edit, and manage the members."""
from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from potten.accounts import bp
from potten.accounts import organisation_operations as operations
from potten.accounts.models import Organisation, User
from potten.accounts.organisation_forms import AddMemberForm, OrganisationForm
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.views import attempt, button_action, form_status
from potten.extensions import db


def _load(organisation_id: int, manage: bool = False) -> Organisation:
    """The organisation if the user may see it (else 404), and manage it when asked (else 403)."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.can_view(current_user):
        abort(404)
    if manage and not organisation.can_manage(current_user):
        abort(403)
    return organisation


def _fields(form: OrganisationForm) -> dict:
    return {name: form[name].data for name in operations.FIELDS}


@bp.get("/mine-organisasjoner")
@login_required
def my_organisations():
    return render_template("accounts/my_organisations.html", organisations=current_user.organisations)


@bp.route("/organisasjon/ny", methods=["GET", "POST"])
@login_required
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit() and (done := attempt(form, operations.register_organisation, current_user,
                                                      **_fields(form))):
        organisation = done.value
        flash(_("%(name)s is registered. You are its first member.", name=organisation.name), "success")
        return redirect(url_for("accounts.organisation", organisation_id=organisation.id))
    return render_template("accounts/organisation_form.html", form=form, organisation=None), form_status(form)


@bp.get("/organisasjon/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    organisation = _load(organisation_id)
    return render_template("accounts/organisation.html", organisation=organisation,
                           member_form=AddMemberForm(), action_form=ActionForm())


@bp.route("/organisasjon/<int:organisation_id>/endre", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id: int):
    organisation = _load(organisation_id, manage=True)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit() and attempt(form, operations.update_organisation, organisation, current_user,
                                             **_fields(form)):
        flash(_("The changes are saved."), "success")
        return redirect(url_for("accounts.organisation", organisation_id=organisation.id))
    return render_template("accounts/organisation_form.html", form=form,
                           organisation=organisation), form_status(form)


@bp.post("/organisasjon/<int:organisation_id>/medlemmer")
@login_required
def add_member(organisation_id: int):
    organisation = _load(organisation_id, manage=True)
    form = AddMemberForm()
    if form.validate() and (done := attempt(form, operations.add_member, organisation, form.email.data,
                                            current_user)):
        flash(_("%(name)s is now a member. We have told them by e-mail.", name=done.value.name), "success")
        return redirect(url_for("accounts.organisation", organisation_id=organisation.id))
    return render_template("accounts/organisation.html", organisation=organisation,
                           member_form=form, action_form=ActionForm()), form_status(form)


@bp.post("/organisasjon/<int:organisation_id>/medlemmer/<int:user_id>/fjern")
@login_required
def remove_member(organisation_id: int, user_id: int):
    organisation = _load(organisation_id, manage=True)
    member = db.session.get(User, user_id)
    if member is None or not organisation.has_member(member):
        abort(404)
    done = button_action(lambda: operations.remove_member(organisation, member, current_user),
                         _("%(name)s is no longer a member.", name=member.name))
    if done and not organisation.can_view(current_user):  # they left
        return redirect(url_for("accounts.my_organisations"))
    return redirect(url_for("accounts.organisation", organisation_id=organisation.id))

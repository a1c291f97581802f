"""Organisations an applicant applies for: register, see, edit, and manage the members."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from potten.accounts import bp, invitations
from potten.accounts import organisation_operations as operations
from potten.accounts.models import Organisation, User
from potten.accounts.organisation_forms import AddMemberForm, OrganisationForm
from potten.core import limits
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
    return render_template("accounts/my_organisations.html", organisations=current_user.organisations,
                           invitations=invitations.pending_for(current_user), action_form=ActionForm())


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
                           member_form=AddMemberForm(), action_form=ActionForm(),
                           invitations=_invited(organisation) if organisation.can_manage(current_user) else [])


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
@limits.limit("invite_account", key_func=limits.account_key)
def add_member(organisation_id: int):
    """Invite an address; the answer is the same whether it has an account or not."""
    organisation = _load(organisation_id, manage=True)
    form = AddMemberForm()
    if form.validate() and attempt(form, invitations.invite, organisation, form.email.data, current_user):
        flash(_("We have sent an invitation to %(email)s. The person becomes a member when they accept it "
                "under My organisations, with an account for that address.", email=form.email.data.strip()),
              "success")
        return redirect(url_for("accounts.organisation", organisation_id=organisation.id))
    return render_template("accounts/organisation.html", organisation=organisation, member_form=form,
                           action_form=ActionForm(), invitations=_invited(organisation)), form_status(form)


@bp.post("/invitasjon/<int:invitation_id>")
@login_required
def answer_invitation(invitation_id: int):
    """Accept or decline an invitation to one's own address (anyone else's: 404)."""
    invitation = db.session.get(invitations.Invitation, invitation_id)
    if invitation is None or invitation not in invitations.pending_for(current_user):
        abort(404)
    accept = request.form.get("answer") == "accept"
    name = invitation.organisation.name
    button_action(lambda: invitations.answer(invitation, current_user, accept),
                  _("You are now a member of %(name)s.", name=name) if accept
                  else _("You have declined the invitation from %(name)s.", name=name))
    return redirect(url_for("accounts.my_organisations"))


@bp.post("/organisasjon/<int:organisation_id>/invitasjoner/<int:invitation_id>/trekk")
@login_required
def withdraw_invitation(organisation_id: int, invitation_id: int):
    """A member (or an admin) takes back an invitation that is not answered yet."""
    organisation = _load(organisation_id, manage=True)
    invitation = db.session.get(invitations.Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id or not invitation.is_pending:
        abort(404)
    email = invitation.email
    button_action(lambda: invitations.withdraw(invitation, current_user),
                  _("The invitation to %(email)s is withdrawn. The address can no longer accept it.", email=email))
    return redirect(url_for("accounts.organisation", organisation_id=organisation.id))


def _invited(organisation: Organisation) -> list:
    """The addresses invited and not yet answered (members see whom they have asked)."""
    return db.session.scalars(db.select(invitations.Invitation).where(
        invitations.Invitation.organisation_id == organisation.id,
        invitations.Invitation.answered_at.is_(None)).order_by(invitations.Invitation.id)).all()


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

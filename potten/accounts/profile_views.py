"""The profile: own details, language, password, and the verification link again."""
from flask import flash, redirect, render_template, session, url_for
from flask_babel import refresh
from flask_login import current_user, login_required, login_user

from potten.accounts import bp, operations
from potten.accounts.forms import ChangePasswordForm, ProfileForm
from potten.accounts.tokens import verification_max_age
from potten.core import limits
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.views import attempt, button_action, form_status


@bp.get("/profil")
@login_required
def profile():
    return render_template("accounts/profile.html", user=current_user, form=ActionForm())


@bp.route("/profil/endre", methods=["GET", "POST"])
@login_required
def edit_profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit() and attempt(form, operations.update_profile, current_user, current_user,
                                             name=form.name.data, phone=form.phone.data, locale=form.locale.data):
        session["locale"] = current_user.locale
        refresh()  # the message below, and every page from now on, in the chosen language
        flash(_("Your details are saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/edit_profile.html", form=form), form_status(form)


@bp.route("/profil/passord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and attempt(form, operations.change_password, current_user,
                                             form.current_password.data, form.password.data):
        login_user(current_user._get_current_object())  # this session goes on; every other one ends
        flash(_("Your new password is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), form_status(form)


@bp.post("/profil/send-lenke-igjen")
@login_required
@limits.limit("verification_account", key_func=limits.account_key)
def resend_verification():
    if current_user.is_verified:
        flash(_("Your e-mail address is already confirmed."), "success")
    else:
        button_action(lambda: operations.send_verification(current_user),
                      _("We have sent the link again to %(email)s. It works for %(hours)d hours.",
                        email=current_user.email, hours=verification_max_age() // 3600))
    return redirect(url_for("accounts.profile"))

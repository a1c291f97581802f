"""Log in, log out, register."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from potten.accounts import bp, operations
from potten.accounts.forms import LoginForm, RegisterForm
from potten.core import outbox
from potten.core.errors import DomainError
from potten.core.forms import ActionForm


def _safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/logg-inn", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.find_user_by_email(form.email.data)
        if user is None or not user.is_active or not user.check_password(form.password.data):
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        else:
            login_user(user)
            return redirect(_safe_next(url_for("applications.mine")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logg-ut")
def logout():
    if ActionForm().validate():
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("public.index"))


@bp.route("/registrer", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.register(form.email.data, form.name.data, form.password.data,
                                       locale=str(get_locale() or "nb")[:2], phone=form.phone.data)
        except DomainError as exc:
            getattr(form, exc.field).errors.append(str(exc.message))
        else:
            outbox.commit()
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(_safe_next(url_for("applications.mine")))
    return render_template("accounts/register.html", form=form)


@bp.get("/profil")
@login_required
def profile():
    return render_template("accounts/profile.html", user=current_user)

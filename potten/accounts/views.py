"""Log in, log out, register, confirm the e-mail address, reset a forgotten password."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, logout_user

from potten.accounts import bp, operations, sessions
from potten.accounts.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from potten.core import limits, unit_of_work
from potten.core.errors import DomainError
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.security import safe_target
from potten.core.views import attempt, form_status, show_error


def _safe_next(default: str) -> str:
    return safe_target(request.args.get("next"), default)


def _page(template: str, form, **context):
    """The page with its form; a form with errors answers 400."""
    return render_template(template, form=form, **context), form_status(form)


@bp.route("/logg-inn", methods=["GET", "POST"])
@limits.limit("login_client")
def login():
    form = LoginForm()
    if form.validate_on_submit():
        result = operations.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            sessions.log_in(result.user)
            return redirect(_safe_next(url_for("applications.mine")))
        show_error(form, result.refusal)
        unit_of_work.keep_on_refusal()  # the count of wrong passwords is kept
    return _page("accounts/login.html", form)


@bp.post("/logg-ut")
def logout():
    if ActionForm().validate():
        sessions.end(getattr(current_user, "session_token", None))
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("public.index"))


@bp.route("/registrer", methods=["GET", "POST"])
@limits.limit("register_client")
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        done = attempt(form, operations.register, form.email.data, form.name.data, form.password.data,
                       locale=str(get_locale() or "nb")[:2], phone=form.phone.data)
        if done:  # the same answer whether the address had an account (its owner gets a mail) or not
            flash(_("Thank you! We have sent an e-mail to %(email)s. Open the link in it to confirm the address; "
                    "then log in with the password you chose. If nothing arrives within a few minutes, check "
                    "your spam folder.", email=form.email.data.strip()), "success")
            return redirect(url_for("accounts.login", next=_safe_next(None)))
    return _page("accounts/register.html", form)


@bp.get("/bekreft-epost/<token>")
def verify_email(token: str):
    """The link in the verification mail. The signed token is the proof, so a plain GET
    may confirm the address: it changes only that, and only once."""
    try:
        operations.verify_email(token)
    except DomainError as exc:
        return render_template("accounts/verify_problem.html", message=exc.message), 400
    flash(_("Thank you! Your e-mail address is confirmed."), "success")
    return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))


@bp.route("/glemt-passord", methods=["GET", "POST"])
@limits.limit("reset_client")
@limits.limit("reset_address", key_func=limits.address_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        flash(_("If there is an account with the address %(email)s, we have sent it an e-mail with a link "
                "to choose a new password. The link works for one hour. If nothing arrives within a few "
                "minutes, check your spam folder.", email=form.email.data), "success")
        return redirect(url_for("accounts.login"))
    return _page("accounts/forgot_password.html", form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = operations.user_for_reset(token)
    except DomainError as exc:
        return _no_referrer(render_template("accounts/forgot_password.html", form=ForgotPasswordForm(),
                                            problem=exc.message), 400)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        operations.reset_password(user, form.password.data)
        flash(_("Your new password is saved. Log in with it now."), "success")
        return redirect(url_for("accounts.login"))
    return _no_referrer(*_page("accounts/reset_password.html", form, user=user))


def _no_referrer(page, status: int = 200):
    """The token is in this page's address: do not hand it on to other sites, nor keep the page."""
    return page, status, {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

"""The programme office's admin pages: users and their roles, and the audit log."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from potten.accounts import operations, sessions
from potten.accounts.models import User
from potten.admin import bp, queries
from potten.admin.forms import GRANTABLE, ROLE_LABELS, AuditFilterForm, RoleForm, UserSearchForm
from potten.core.audit_words import action_label, object_label
from potten.core.forms import ActionForm
from potten.core.i18n import gettext as _
from potten.core.roles import Role, roles_required
from potten.core.security import page_number
from potten.core.views import button_action
from potten.extensions import db


def _page() -> int:
    return page_number(request.args.get("side"))


def _user(user_id: int) -> User:
    """The account with its roles and organisations (the page shows both), in one statement."""
    return db.session.get(User, user_id, options=(joinedload(User.role_rows), joinedload(User.organisations))) \
        or abort(404)


@bp.get("/admin/brukere")
@roles_required(Role.ADMIN)
def users():
    form = UserSearchForm(formdata=request.args)
    text = form.q.data if form.validate() else ""
    return render_template("admin/users.html", form=form, pagination=queries.search_users(text or "", _page()),
                           role_labels=ROLE_LABELS)


@bp.get("/admin/brukere/<int:user_id>")
@roles_required(Role.ADMIN)
def user(user_id: int):
    found = _user(user_id)
    return render_template("admin/user.html", user=found, grantable=GRANTABLE, role_labels=ROLE_LABELS,
                           form=ActionForm(), sessions=sessions.count(found))


@bp.post("/admin/brukere/<int:user_id>/roller")
@roles_required(Role.ADMIN)
def change_role(user_id: int):
    user = _user(user_id)
    form = RoleForm()
    grant = form.change.data == "grant"
    role = Role(form.role.data) if form.role.data in {r.value for r in GRANTABLE} else None
    change = operations.grant_role if grant else operations.revoke_role
    names = {"name": user.name, "role": ROLE_LABELS.get(role, "")}
    button_action(lambda: change(user, role, current_user),
                  _("%(name)s now has the role “%(role)s”.", **names) if grant
                  else _("%(name)s no longer has the role “%(role)s”.", **names), form=form)
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/admin/brukere/<int:user_id>/aktiv")
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    user = _user(user_id)
    active = request.form.get("active") == "1"
    button_action(lambda: operations.set_active(user, active, current_user),
                  _("The account is active again.") if active
                  else _("The account is deactivated: it can no longer log in."))
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/admin/brukere/<int:user_id>/logg-ut")
@roles_required(Role.ADMIN)
def end_sessions(user_id: int):
    """Log the account out everywhere: every browser it is logged in on must log in again."""
    user = _user(user_id)
    button_action(lambda: operations.end_sessions(user, current_user),
                  _("%(name)s is logged out everywhere.", name=user.name))
    return redirect(url_for("admin.user", user_id=user.id))


@bp.get("/admin/logg")
@roles_required(Role.ADMIN)
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    actions, object_types = queries.audit_choices()
    form.action.choices = [SelectChoice("", _("All"))] + sorted(
        (SelectChoice(a, action_label(a)) for a in actions), key=lambda c: c.label)
    form.object_type.choices = [SelectChoice("", _("All"))] + sorted(
        (SelectChoice(t, object_label(t)) for t in object_types), key=lambda c: c.label)
    filters = {}
    if form.validate():
        filters = {"action": form.action.data or "", "actor": form.actor.data or "",
                   "object_type": form.object_type.data or "",
                   "object_id": int(form.object_id.data) if form.object_id.data else None}
    page = queries.audit_entries(**filters, before=_entry_id("før"), after=_entry_id("etter"),
                                 oldest=request.args.get("eldste") == "1")
    return render_template("admin/audit_log.html", form=form, pagination=page)


def _entry_id(name: str) -> int | None:
    """An audit entry's id in the address (where a page of the log starts), or None."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < 2**31 else None

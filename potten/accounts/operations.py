"""Operations on accounts: they change state, log it and flush; the caller commits."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from potten.accounts.models import User, UserRole
from potten.core import audit
from potten.core.errors import DomainError
from potten.core.roles import Role
from potten.extensions import db


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def register(email: str, name: str, password: str, locale: str = "nb", phone: str | None = None) -> User:
    """Create an applicant account (not yet verified) and mail the verification link."""
    email = email.strip()
    if find_user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists. Log in, or reset your password."),
                          field="email")
    user = User(email=email.lower(), name=name.strip(), phone=(phone or "").strip() or None, locale=locale)
    user.set_password(password)
    user.role_rows = [UserRole(role=Role.APPLICANT.value)]
    db.session.add(user)
    audit.log("user.registered", user, actor=user, after={"email": user.email, "locale": locale})
    return user


def set_locale(user: User, locale: str) -> None:
    before = user.locale
    user.locale = locale
    audit.log("user.locale_changed", user, actor=user, before={"locale": before}, after={"locale": locale})


def grant_role(user: User, role: Role, actor: User) -> None:
    """Give ``user`` a role (an admin's action)."""
    if user.has_role(role):
        return
    before = sorted(r.value for r in user.roles)
    user.role_rows.append(UserRole(role=role.value))
    audit.log("user.role_granted", user, actor=actor, before={"roles": before},
              after={"roles": sorted([*before, role.value])})


def revoke_role(user: User, role: Role, actor: User) -> None:
    before = sorted(r.value for r in user.roles)
    user.role_rows = [r for r in user.role_rows if r.role != role.value]
    audit.log("user.role_revoked", user, actor=actor, before={"roles": before},
              after={"roles": sorted(r.role for r in user.role_rows)})

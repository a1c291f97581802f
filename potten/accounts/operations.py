"""Operations on accounts: they change state, log it and flush; the request edge commits."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from potten.accounts import sessions, throttle, tokens
from potten.accounts.models import User, UserRole, spend_password_check_time
from potten.core import audit
from potten.core.errors import Checklist, DomainError
from potten.core.i18n import lazy_gettext as _l
from potten.core.mail import send_mail
from potten.core.roles import Role
from potten.core.time import utcnow
from potten.extensions import db

PROFILE_FIELDS = ("name", "phone", "locale", "address", "postcode", "city")
LOCALES = ("nb", "en")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


@dataclass(frozen=True)
class LoginResult:
    """What a login attempt came to: the user, or the refusal to show (never both)."""
    user: User | None = None
    refusal: DomainError | None = None


def authenticate(email: str, password: str) -> LoginResult:
    """The active account with this address and password, or the refusal, with the same words
    whether the address exists or not; an unknown address costs the same hashing time as a wrong
    password, so timing does not tell them apart either. While the address must wait after too many
    wrong passwords, the password is not checked at all. A wrong password is counted (flushed): the
    count must be committed with the refusal."""
    waiting = throttle.check(email)
    if waiting is not None:
        return LoginResult(refusal=waiting)
    user = find_user_by_email(email)
    if user is None:
        spend_password_check_time(password)
    elif user.check_password(password) and user.is_active:
        throttle.cleared(email)
        return LoginResult(user=user)
    throttle.failed(email)
    return LoginResult(refusal=DomainError(_l("The e-mail address or the password is wrong."), field="password"))


def register(email: str, name: str, password: str, locale: str = "nb", phone: str | None = None) -> User | None:
    """Create an applicant account (not yet verified) and mail the verification link. If the address
    has an account already, mail its owner instead (a way to log in or choose a new password) and return
    None: the person registering is told the same either way, so registration does not tell who has an
    account, and takes as long (the password is hashed either way)."""
    email = email.strip()
    existing = find_user_by_email(email)
    if existing is not None:
        spend_password_check_time(password)
        if existing.is_active:
            send_mail(existing.email, "account_exists", existing.locale, name=existing.name,
                      login=tokens.external_url("accounts.login"),
                      reset=tokens.external_url("accounts.forgot_password"))
        return None
    user = User(email=email.lower(), name=name.strip(), phone=(phone or "").strip() or None, locale=locale)
    user.set_password(password)
    user.role_rows = [UserRole(role=Role.APPLICANT.value)]
    db.session.add(user)
    audit.log("user.registered", user, actor=user, after={"email": user.email, "name": user.name, "locale": locale})
    _mail_verification_link(user)
    return user


def send_verification(user: User) -> None:
    """Mail the verification link again (the user asked for it)."""
    if user.is_verified:
        return
    _mail_verification_link(user)
    audit.log("user.verification_sent", user, actor=user, after={"email": user.email})


def _mail_verification_link(user: User) -> None:
    db.session.flush()  # the token names the user's id
    send_mail(user.email, "verify_email", user.locale, name=user.name,
              link=tokens.external_url("accounts.verify_email", token=tokens.verification_token(user)),
              hours=tokens.verification_max_age() // 3600)


def _read_token(read, token: str, expired, invalid) -> dict:
    try:
        return read(token)
    except tokens.TokenExpired as exc:
        raise DomainError(expired) from exc
    except tokens.TokenInvalid as exc:
        raise DomainError(invalid) from exc


def _linked_user(user_id) -> User | None:
    """The account a mailed link names, without its roles and organisations: the link's page and what it
    changes need neither (they were two statements more)."""
    return db.session.get(User, user_id, options=(lazyload(User.role_rows), lazyload(User.organisations)))


def verify_email(token: str) -> User:
    """Mark the address in a verification link as confirmed (once; a second click changes nothing)."""
    data = _read_token(tokens.read_verification, token,
                       expired=_l("This link has expired. Log in and ask for a new one on your profile page."),
                       invalid=_l("This link does not work. Check that you copied all of it from the e-mail."))
    user = _linked_user(data.get("user"))
    if user is None or user.email != data.get("email"):
        raise DomainError(_l("This link does not work. Check that you copied all of it from the e-mail."))
    if not user.is_verified:
        user.email_verified_at = utcnow()
        audit.log("user.email_verified", user, actor=user, before={"email_verified_at": None},
                  after={"email_verified_at": user.email_verified_at})
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    send_mail(user.email, "reset_password", user.locale, name=user.name,
              link=tokens.external_url("accounts.reset_password", token=tokens.reset_token(user)),
              minutes=tokens.reset_max_age() // 60)
    audit.log("user.password_reset_requested", user, after={"email": user.email})


def user_for_reset(token: str) -> User:
    """The account a reset link is for; DomainError if it expired, was used or was altered."""
    data = _read_token(tokens.read_reset, token,
                       expired=_l("This link has expired: it works for one hour. Ask for a new one below."),
                       invalid=_l("This link does not work. Ask for a new one below."))
    user = _linked_user(data.get("user"))
    if (user is None or not user.is_active
            or data.get("pw") != tokens.password_fingerprint(user.password_hash)):
        raise DomainError(_l("This link has already been used. Ask for a new one below."))
    return user


def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link. The link proves the address, so it is confirmed too."""
    user.set_password(password)
    sessions.end_all(user)  # whoever knew the old password is logged out everywhere
    throttle.cleared(user.email)  # the link proved the address: no need to wait any more
    after = {"password": "changed"}
    if not user.is_verified:
        user.email_verified_at = utcnow()
        after["email_verified_at"] = user.email_verified_at
    audit.log("user.password_reset", user, actor=user, after=after)


ADDRESS_PART_MISSING = {
    "address": _l("Give the street address too, or leave the whole postal address empty."),
    "postcode": _l("Give the postcode too, or leave the whole postal address empty."),
    "city": _l("Give the place too, or leave the whole postal address empty."),
}


def update_profile(user: User, actor: User, **values) -> None:
    """Change name, phone, language and the optional postal address; logs the fields that
    changed, before and after. An address is all three parts or none."""
    values = {k: v for k, v in values.items() if k in PROFILE_FIELDS}
    if "name" in values:
        values["name"] = values["name"].strip()
    for key in ("phone", "address", "postcode", "city"):
        if key in values:
            values[key] = " ".join((values[key] or "").split()) or None
    checks = Checklist()  # every problem of the form at once
    parts = [values.get(k) for k in ("address", "postcode", "city") if k in values]
    if parts and any(parts) and not all(parts):
        for missing in (k for k in ("address", "postcode", "city") if not values.get(k)):
            checks.add(ADDRESS_PART_MISSING[missing], missing)
    if values.get("locale", "nb") not in LOCALES:
        checks.add(_l("Choose a language."), "locale")
    checks.raise_if_any()
    before = {k: getattr(user, k) for k, v in values.items() if getattr(user, k) != v}
    if not before:
        return
    for key in before:
        setattr(user, key, values[key])
    audit.log("user.profile_changed", user, actor=actor, before=before, after={k: values[k] for k in before})


WRONG_PASSWORD = _l("The current password is wrong.")


def change_password(user: User, current: str, new: str) -> None:
    """Change the password of a logged-in user, who must know the current one."""
    if not user.check_password(current):
        raise DomainError(WRONG_PASSWORD, field="current_password")
    user.set_password(new)
    sessions.end_all(user, keep=user.session_token)  # this session goes on; every other one ends
    audit.log("user.password_changed", user, actor=user, after={"password": "changed"})


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
    """Take a role from ``user``. An admin cannot take away their own admin role,
    so there is always an admin left who can give roles."""
    if not user.has_role(role):
        return
    if role == Role.APPLICANT:
        raise DomainError(_l("Every account keeps the applicant role."))
    if role == Role.ADMIN and user.id == actor.id:
        raise DomainError(_l("You cannot take away your own admin role. Ask another admin."))
    before = sorted(r.value for r in user.roles)
    user.role_rows = [r for r in user.role_rows if r.role != role.value]
    audit.log("user.role_revoked", user, actor=actor, before={"roles": before},
              after={"roles": sorted(r.role for r in user.role_rows)})


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivate an account (it can no longer log in; its history stays) or reactivate it."""
    if user.active == active:
        return
    if not active and user.id == actor.id:
        raise DomainError(_l("You cannot deactivate your own account."))
    user.active = active
    if not active:
        sessions.end_all(user)
    audit.log("user.reactivated" if active else "user.deactivated", user, actor=actor,
              before={"active": not active}, after={"active": active})


def end_sessions(user: User, actor: User) -> int:
    """Log ``user`` out everywhere (an admin's action, e.g. for a lost phone); how many sessions ended."""
    ended = sessions.end_all(user, keep=actor.session_token if actor.id == user.id else None)
    audit.log("user.sessions_ended", user, actor=actor, after={"sessions_ended": ended})
    return ended

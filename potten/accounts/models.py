"""Users, their roles, and the organisations they apply for."""
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import joinedload, lazyload

from potten.core.i18n import lazy_gettext as _l
from potten.core.roles import Role
from potten.core.time import utcnow
from potten.core.types import UTCDateTime
from potten.extensions import db

memberships = db.Table(
    "membership",
    db.Column("user_id", db.Integer, db.ForeignKey("user.id"), primary_key=True),
    db.Column("organisation_id", db.Integer, db.ForeignKey("organisation.id"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    phone = db.Column(db.String(40), nullable=True)
    # an optional postal address, for letters to a private applicant
    address = db.Column(db.String(200), nullable=True)
    postcode = db.Column(db.String(4), nullable=True)
    city = db.Column(db.String(100), nullable=True)
    password_hash = db.Column(db.String(255), nullable=False)
    locale = db.Column(db.String(5), nullable=False, default="nb")
    email_verified_at = db.Column(UTCDateTime, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    active = db.Column(db.Boolean, nullable=False, default=True)

    role_rows = db.relationship("UserRole", cascade="all, delete-orphan", lazy="selectin")
    organisations = db.relationship("Organisation", secondary=memberships, back_populates="members",
                                    lazy="selectin")

    @property
    def is_active(self) -> bool:
        return self.active

    session_token = None  # str: the server-side session this object was loaded for (not a column)

    def get_id(self) -> str:
        """What the session cookie holds: the token of a server-side session (``potten.accounts.sessions``).
        Flask-Login asks when it logs the user in: a user loaded without a session gets a new one."""
        if not self.session_token:
            from potten.accounts import sessions

            self.session_token = sessions.create(self)
        return self.session_token

    @property
    def roles(self) -> set[Role]:
        return {Role(r.role) for r in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_verified(self) -> bool:
        """The e-mail address is confirmed; an application can only be submitted then."""
        return self.email_verified_at is not None

    @property
    def is_staff(self) -> bool:
        return self.has_role(Role.REVIEWER, Role.DECISION_MAKER, Role.FINANCE, Role.ADMIN)

    def belongs_to(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and any(o.id == organisation_id for o in self.organisations)

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        from argon2.exceptions import VerificationError

        try:
            return _hasher().verify(self.password_hash, password)
        except (VerificationError, ValueError):
            return False


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), primary_key=True)
    role = db.Column(db.String(32), primary_key=True)


def named(relationship):
    """A loader option: the person ``relationship`` points at, read in the same statement as its row, for
    their name on a page. Their roles and organisations (two statements more, each time users are read)
    are read only if something asks for them."""
    return joinedload(relationship).options(lazyload(User.role_rows), lazyload(User.organisations))


class Organisation(db.Model):
    """An association, organisation or business that applies (lag, forening, næringsliv)."""

    __tablename__ = "organisation"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(32), nullable=False, default="association")
    orgnr = db.Column(db.String(9), nullable=False, unique=True)
    contact_name = db.Column(db.String(200), nullable=False)
    contact_email = db.Column(db.String(254), nullable=False)
    contact_phone = db.Column(db.String(40), nullable=True)
    address = db.Column(db.String(200), nullable=False)
    postcode = db.Column(db.String(4), nullable=False)
    city = db.Column(db.String(100), nullable=False, default="Larvik")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    members = db.relationship("User", secondary=memberships, back_populates="organisations",
                              order_by="User.name")

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def orgnr_display(self) -> str:
        """``974 760 673``, as Brønnøysundregistrene write it."""
        from stdnum.no import orgnr

        return orgnr.format(self.orgnr)

    def has_member(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and any(m.id == user.id for m in self.members)

    def can_view(self, user) -> bool:
        """Members, and staff who handle its applications (admin, decision makers, finance)."""
        if self.has_member(user):
            return True
        return getattr(user, "is_authenticated", False) and user.has_role(
            Role.ADMIN, Role.DECISION_MAKER, Role.FINANCE)

    def can_manage(self, user) -> bool:
        """Edit the details and the members: the members themselves, and admins."""
        return self.has_member(user) or (getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN))


KINDS = {
    "association": _l("Club or association (lag, forening)"),
    "organisation": _l("Organisation"),
    "business": _l("Business (næringsliv)"),
}


def _hasher():
    from argon2 import PasswordHasher

    if current_app.config.get("PASSWORD_HASH_FAST"):
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


_DUMMY_HASHES: dict[bool, str] = {}


def spend_password_check_time(password: str) -> None:
    """Check ``password`` against a throw-away hash: as slow as checking a real account."""
    from argon2.exceptions import VerificationError

    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    if fast not in _DUMMY_HASHES:
        _DUMMY_HASHES[fast] = _hasher().hash("not-a-password")
    try:
        _hasher().verify(_DUMMY_HASHES[fast], password)
    except (VerificationError, ValueError):
        pass

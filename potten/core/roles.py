"""Roles and the view decorator that checks them (deny by default)."""
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


class Role(StrEnum):
    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    DECISION_MAKER = "decision_maker"
    FINANCE = "finance"
    ADMIN = "admin"


STAFF = (Role.REVIEWER, Role.DECISION_MAKER, Role.FINANCE, Role.ADMIN)


def roles_required(*roles: Role):
    """Allow the view only to logged-in users holding one of ``roles``.

    The wrapped view carries ``allowed_roles``, so the access test
    (tests/test_access.py) knows what to expect of every route.
    """
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        wrapped.allowed_roles = frozenset(roles)
        return wrapped
    return decorator

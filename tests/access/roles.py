"""The roles of the access table, and small helpers to write a row by hand.

A row maps every role to the exact answer expected: an HTTP status, or ``LOGIN`` (a redirect to the login
page). The helpers only save typing: ``only(admin=200)`` reads "the admin gets 200, an anonymous visitor
is sent to log in, everyone else gets 403".
"""
ROLES = (
    "anonymous",
    "owner",                  # the applicant who owns the world's applications (and member of its organisation)
    "stranger",               # another applicant
    "reviewer",               # a reviewer assigned to the application, declared no conflict, review submitted
    "reviewer_unassigned",    # a reviewer not assigned to it
    "reviewer_conflicted",    # a reviewer assigned to it who declared a conflict of interest
    "decision_maker",         # declared no conflict on the world's applications
    "decision_maker_conflicted",  # declared a conflict on the world's applications: as unknown to them as
                                  # to a stranger, while their role's own pages stay open
    "finance",
    "admin",                  # the programme office; declared no conflict on the world's applications
)
LOGIN = "login"  # a redirect to the login page


def everyone(status) -> dict:
    """The same answer for every role, anonymous visitors included."""
    return dict.fromkeys(ROLES, status)


def logged_in(status, **exceptions) -> dict:
    """Anonymous visitors are sent to log in; every logged-in role gets ``status`` unless named."""
    return _row({**dict.fromkeys(ROLES, status), "anonymous": LOGIN}, exceptions)


def only(others=403, **allowed) -> dict:
    """Anonymous visitors are sent to log in; the roles named get their answer; all others ``others``."""
    return _row({**dict.fromkeys(ROLES, others), "anonymous": LOGIN}, allowed)


def _row(row: dict, changes: dict) -> dict:
    unknown = set(changes) - set(ROLES)
    assert not unknown, f"not a role: {unknown}"
    row.update(changes)
    return row



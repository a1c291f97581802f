"""Where each role starts after login: the one place that says so.

A user with one staff role lands on that role's page; a user with several on the shared
work page ("Mitt arbeid", which shows the work of every role they hold); everyone else on
their own applications. An endpoint an area has not built yet is skipped for the next one.
"""
from flask import current_app

from potten.core.roles import STAFF, Role

WORK = "public.work"
LANDING = {  # role → its start pages, the first that exists wins
    Role.REVIEWER: ("review.worklist", WORK),
    Role.DECISION_MAKER: (WORK,),  # the decision maker's overview: what waits for them
    Role.FINANCE: ("finance.desk", WORK),
    Role.ADMIN: ("rounds.index", WORK),
    Role.APPLICANT: ("applications.mine",),
}


def landing_endpoint(user) -> str:
    """The endpoint ``user`` starts on."""
    staff = [role for role in STAFF if user.has_role(role)]
    if len(staff) > 1:
        return WORK
    role = staff[0] if staff else Role.APPLICANT
    views = current_app.view_functions
    return next(endpoint for endpoint in LANDING[role] if endpoint in views)

"""The staff's start page ("Mitt arbeid"): what waits for each role the user holds, on one page.
Where each role lands after login is said in ``potten.core.landing``.
"""
from flask import current_app, render_template
from flask_login import current_user

from potten.core.roles import STAFF, Role, roles_required
from potten.public import bp, work


@bp.get("/mitt-arbeid", endpoint="work")
@roles_required(*STAFF)
def work_page():
    user = current_user
    sections = {}
    if user.has_role(Role.REVIEWER):
        sections["reviews"] = work.reviews_to_do(user)
    if user.has_role(Role.DECISION_MAKER):
        sections["assign"] = work.to_assign(user)
        sections["decide"] = work.to_decide(user)
        sections["appeals"] = work.appeals(user)
        sections["reports"] = work.reports_to_approve(user)
    if user.has_role(Role.ADMIN):
        sections["rounds"] = work.open_rounds()
    finance_desk = "finance.desk" if "finance.desk" in current_app.view_functions else None
    return render_template("public/work.html", sections=sections, finance_desk=finance_desk,
                           is_finance=user.has_role(Role.FINANCE))

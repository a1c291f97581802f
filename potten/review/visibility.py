"""Which applications of a focus area a person may see in its ranking: not their own (nor their
organisations'), none they declared a conflict on, no drafts or withdrawn ones; and those they have
not declared on yet. The ranking (``potten.decisions.ranking``) builds on these conditions."""
from sqlalchemy import and_, bindparam, false, func, or_, select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.extensions import db
from potten.review.models import ConflictDeclaration

HIDDEN_STATUSES = (Status.DRAFT, Status.WITHDRAWN)


def visible(with_organisations: bool):
    """Not a party, and no declared conflict (the ranking row is hidden then); the viewer is the
    parameter ``user_id``, their organisations ``org_ids``."""
    conditions = [Application.applicant_id != bindparam("user_id"),
                  func.coalesce(ConflictDeclaration.has_conflict, false()) == false()]
    if with_organisations:
        conditions.append(or_(Application.organisation_id.is_(None),
                              Application.organisation_id.not_in(bindparam("org_ids", expanding=True))))
    return and_(*conditions)


def viewer(user) -> dict:
    org_ids = [o.id for o in user.organisations]
    return {"user_id": user.id, "org_ids": org_ids} if org_ids else {"user_id": user.id}


def undeclared_ids(focus_area, user) -> list[int]:
    """The applications of ``focus_area`` the user may see but has not declared on."""
    params = viewer(user)
    return list(db.session.scalars(
        select(Application.id)
        .outerjoin(ConflictDeclaration, and_(ConflictDeclaration.application_id == Application.id,
                                             ConflictDeclaration.user_id == user.id))
        .where(Application.focus_area_id == focus_area.id, Application.status.not_in(HIDDEN_STATUSES),
               visible("org_ids" in params), ConflictDeclaration.id.is_(None)), params))

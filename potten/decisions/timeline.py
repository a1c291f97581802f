"""The decisions and appeals on the staff page of an application (``potten.review.timeline``)."""
from sqlalchemy import select

from potten.decisions.models import Appeal, Decision
from potten.extensions import db
from potten.review import timeline


@timeline.section
def decisions_and_appeals(application, user, cleared: bool, manager: bool) -> dict:
    """Shown to decision makers and administrators without a conflict on the application."""
    if not (cleared and manager):
        return {"decisions": [], "appeals": []}
    return {
        "decisions": db.session.scalars(select(Decision).where(
            Decision.application_id == application.id).order_by(Decision.id.desc())).all(),
        "appeals": db.session.scalars(select(Appeal).where(
            Appeal.application_id == application.id).order_by(Appeal.id.desc())).all(),
    }

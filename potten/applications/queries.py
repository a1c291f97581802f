"""What the applicant's lists read: a few columns of many applications, as plain rows."""
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, or_, select

from potten.accounts.models import Organisation
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.extensions import db
from potten.rounds.models import Round, localized


class Listed(NamedTuple):
    """One line of the applicant's list: the few columns it shows, without loading whole objects."""
    id: int
    title: str
    case_number: str | None
    status: Status
    updated_at: datetime
    organisation_name: str | None
    round_title: str
    round_title_en: str | None
    opens_at: datetime
    closes_at: datetime

    @property
    def round_label(self) -> str:
        return localized(self.round_title, self.round_title_en)

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    def round_is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def listed_for(user, *conditions) -> list[Listed]:
    """``user``'s applications and those of their organisations, newest change first."""
    org_ids = [o.id for o in user.organisations]
    statement = _listed(bool(org_ids))
    if conditions:
        statement = statement.where(*conditions)
    params = {"user_id": user.id, "org_ids": org_ids}
    return [Listed(*row) for row in db.session.execute(statement, params)]


@cache
def _listed(with_organisations: bool):
    """Built once (SQLAlchemy caches the SQL, not the building of the statement). Without organisations,
    the empty IN is left out: with it, PostgreSQL scans the whole table."""
    mine = Application.applicant_id == bindparam("user_id")
    if with_organisations:
        mine = or_(mine, Application.organisation_id.in_(bindparam("org_ids", expanding=True)))
    return (select(Application.id, Application.title, Application.case_number, Application.status,
                   Application.updated_at, Organisation.name, Round.title, Round.title_en, Round.opens_at,
                   Round.closes_at)
            .join(Round, Round.id == Application.round_id)
            .outerjoin(Organisation, Organisation.id == Application.organisation_id)
            .where(mine)
            .order_by(Application.updated_at.desc(), Application.id.desc()))

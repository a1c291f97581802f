"""The public list of grants (offentleglova): what was granted to whom, per round and focus area.

Only decisions in force that grant money are listed. An organisation is shown by name; a
private person only as "privatperson", unless they agreed on their application to their name
being shown (``Application.publish_name``). The same rows feed the page, the CSV and the JSON.

The finished files and the page's table are kept under the database's version ``grants``
(``potten.core.versions``: ``VERSION`` below lists what they read), built once per change.
"""
import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from potten.accounts.models import Organisation, User
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import version_cache, versions
from potten.core.i18n import lazy_gettext as _l
from potten.core.time import utc_to_oslo
from potten.decisions.models import Decision
from potten.extensions import db
from potten.rounds.models import FocusArea, Round, localized

PRIVATE_PERSON = "privatperson"  # the value in the files, in any language
NOT_LISTED = (Status.WITHDRAWN,)

FIELDS = [  # (name in CSV and JSON, what it holds): documented on the page
    ("year", _l("The round's year")),
    ("round", _l("The round's title")),
    ("focus_area", _l("The focus area the grant is from")),
    ("case_number", _l("The case number, YYYY-NNNN")),
    ("project", _l("The project's title, as the applicant wrote it")),
    ("recipient", _l("The organisation's name, or the person's name if they agreed to it being shown; "
                     "otherwise “privatperson”")),
    ("recipient_type", _l("“organisation” or “private_person”")),
    ("organisation_number", _l("The organisation number (9 digits); empty for a private person")),
    ("amount_nok", _l("The amount granted, in whole kroner")),
    ("status", _l("The application's status: approved, partly_approved, appealed, appeal_forwarded, "
                  "disbursed or closed")),
    ("decided_on", _l("The date of the decision in force, YYYY-MM-DD")),
]
FIELD_NAMES = tuple(name for name, _ in FIELDS)
LICENCE, PUBLISHER = "NLOD 2.0", "Larvik kommune – Områdesatsing Torstrand"

# A row of these tables counts when its application has a grant in force (``grants`` lists no other).
_GRANTED = ("EXISTS (SELECT 1 FROM decision d WHERE d.application_id = {app} AND d.in_force "
            "AND d.granted_amount > 0)")
_HAS_GRANT = ("EXISTS (SELECT 1 FROM application a JOIN decision d ON d.application_id = a.id "
              "WHERE a.{column} = {{row}}.id AND d.in_force AND d.granted_amount > 0)")
# What ``grants`` and ``rounds_with_grants`` read (tests/public/test_grants_cache.py checks the statement)
VERSION = versions.watch(
    "grants",
    versions.Watch("application", ("title", "case_number", "status", "publish_name", "organisation_id",
                                   "applicant_id", "round_id", "focus_area_id"), _GRANTED.format(app="{row}.id")),
    versions.Watch("decision", ("application_id", "granted_amount", "decided_at", "in_force"),
                   "{row}.in_force AND {row}.granted_amount > 0"),
    versions.Watch("user", ("name",), _HAS_GRANT.format(column="applicant_id")),
    versions.Watch("organisation", ("name", "orgnr"), _HAS_GRANT.format(column="organisation_id")),
    versions.Watch("round", ("year", "title", "title_en", "opens_at")),
    versions.Watch("focus_area", ("name", "name_en", "position", "round_id")),
)


@dataclass
class Grant:
    year: int
    round: str
    focus_area: str
    case_number: str | None
    project: str
    recipient: str
    recipient_type: str
    organisation_number: str | None
    amount_nok: int
    status: str
    decided_on: str
    round_id: int
    focus_area_id: int

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def public(self) -> dict:
        """The documented fields only (read one by one: ``asdict`` copies every value, and the files
        have a row per grant)."""
        return {name: getattr(self, name) for name in FIELD_NAMES}


def rounds_with_grants() -> list[Round]:
    """Rounds that have at least one grant, newest first (the page's choices)."""
    has = select(Application.round_id).join(Decision, Decision.application_id == Application.id).where(
        Decision.in_force.is_(True), Decision.granted_amount > 0, Application.status.not_in(NOT_LISTED))
    return list(db.session.scalars(select(Round).where(Round.id.in_(has)).order_by(Round.opens_at.desc())))


def grants(round_id: int | None = None, focus_area_id: int | None = None) -> list[Grant]:
    """The grants, by round (newest first), focus area and case number."""
    query = (
        select(Application.id, Application.title, Application.case_number, Application.status,
               Application.publish_name, Application.organisation_id, Organisation.name.label("organisation"),
               Organisation.orgnr, User.name.label("person"), Decision.granted_amount, Decision.decided_at,
               Round.id.label("round_id"), Round.year, Round.title.label("round_title"),
               Round.title_en.label("round_title_en"), FocusArea.id.label("area_id"), FocusArea.name.label("area"),
               FocusArea.name_en.label("area_en"))
        .join(Decision, Decision.application_id == Application.id)
        .join(User, User.id == Application.applicant_id)
        .outerjoin(Organisation, Organisation.id == Application.organisation_id)
        .join(Round, Round.id == Application.round_id)
        .join(FocusArea, FocusArea.id == Application.focus_area_id)
        .where(Decision.in_force.is_(True), Decision.granted_amount > 0, Application.status.not_in(NOT_LISTED))
        .order_by(Round.opens_at.desc(), FocusArea.position, Application.case_number))
    if round_id is not None:
        query = query.where(Application.round_id == round_id)
    if focus_area_id is not None:
        query = query.where(Application.focus_area_id == focus_area_id)
    return [_grant(row) for row in db.session.execute(query)]


def _grant(row) -> Grant:
    if row.organisation_id is not None:
        recipient, kind = row.organisation, "organisation"
    else:
        recipient, kind = (row.person if row.publish_name else PRIVATE_PERSON), "private_person"
    return Grant(year=row.year, round=localized(row.round_title, row.round_title_en),
                 focus_area=localized(row.area, row.area_en), case_number=row.case_number, project=row.title,
                 recipient=recipient, recipient_type=kind,
                 organisation_number=row.orgnr if row.organisation_id is not None else None,
                 amount_nok=row.granted_amount, status=Status(row.status).value,
                 decided_on=_date(row.decided_at).isoformat(), round_id=row.round_id, focus_area_id=row.area_id)


def _date(moment) -> date:
    return utc_to_oslo(moment).date()


def _cell(value) -> str:
    """Text a spreadsheet must not run as a formula (a cell starting with = + - @) gets a quote."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: list[Grant]) -> bytes:
    """``;``-separated, UTF-8 with a byte order mark: Norwegian Excel opens it with æøå and numbers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([name for name, _ in FIELDS])
    for grant in rows:
        data = grant.public()
        writer.writerow([data[name] if name == "amount_nok" else _cell(data[name]) for name, _ in FIELDS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_file(round_id: int | None, area_id: int | None) -> bytes:
    """The grants as CSV (``to_csv``), built once per version of the data."""
    return version_cache.fetch(VERSION, ("csv", round_id, area_id),
                               lambda: to_csv(grants(round_id, area_id)))


def json_file(round_id: int | None, area_id: int | None) -> bytes:
    """The grants as JSON with their field names, licence and publisher, built once per version."""
    def build() -> bytes:
        return current_app.json.dumps({"grants": [g.public() for g in grants(round_id, area_id)],
                                       "fields": list(FIELD_NAMES), "licence": LICENCE,
                                       "publisher": PUBLISHER}, separators=(",", ":")).encode() + b"\n"  # as jsonify
    return version_cache.fetch(VERSION, ("json", round_id, area_id), build)


def page(round_id: int | None, area_id: int | None, newest: bool, render) -> dict:
    """What the page shows, built once per version: ``rounds`` (id, label) with grants, the ``round`` shown
    (the newest with grants when ``newest``) with its focus areas ``areas`` (id, label), and its grants'
    ``count``, ``total`` and table ``rows``, which ``render(grants, show_round)`` makes."""
    def build() -> bytes:
        rounds = rounds_with_grants()
        shown = rounds[0] if newest and rounds else db.session.get(Round, round_id) if round_id else None
        rows = grants(shown.id if shown else None, area_id)
        return json.dumps({
            "rounds": [(r.id, r.label) for r in rounds], "round": shown.id if shown else None,
            "areas": [(a.id, a.label) for a in shown.focus_areas] if shown else [],
            "count": len(rows), "total": sum(g.amount_nok for g in rows),
            "rows": str(render(rows, shown is None))}, ensure_ascii=False).encode()
    return json.loads(version_cache.fetch(VERSION, ("page", round_id, area_id, newest), build))

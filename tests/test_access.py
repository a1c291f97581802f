"""Who may open what: every URL rule of the app × every role gets the answer its view declares.

The expectation is read from the view itself, so a route added later is covered
without editing a table here:

- ``roles_required(...)`` marks the view with ``allowed_roles``: anonymous
  visitors are sent to the login page, other roles get 403, the allowed roles
  get neither 403 nor 500 (a 404 for another person's object is right: the
  applicant here never owns the objects of the world);
- flask_login's ``login_required``: anonymous visitors are sent to the login page,
  everyone logged in gets no 500 and no login page (403 and 404 come from object rules);
- neither: a public page, which answers everyone without 403, 500 or a login page.

URL parameters are filled by name from a small world (a round, an application
another applicant submitted, its attachment, a decision …). A rule with a
parameter name not in ``PARAMETERS`` fails the test: add it there (and its object
to ``build_world``). A GET never changes the database, and neither does a POST
without a CSRF token, whoever sends it.
"""
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import flask_login
import pytest
from sqlalchemy import select

from potten.accounts.models import User
from potten.applications.models import Attachment
from potten.applications.workflow import Status
from potten.core.outbox import FAILED, OutboxEntry
from potten.core.roles import Role
from potten.decisions.models import Decision
from potten.extensions import db
from tests.factories import (
    make_application,
    make_declaration,
    make_organisation,
    make_review,
    make_round,
    make_user,
)

ROLES = ("anonymous", "applicant", "reviewer", "decision_maker", "finance", "admin")
PUBLIC, LOGIN = "public", "login"
MISSING = 999_999  # names no object: for the kinds of objects no area has made yet
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

PARAMETERS = {  # URL parameter name → its value in the world
    "round_id": lambda w: w.round.id,
    "focus_area_id": lambda w: w.round.focus_areas[0].id,
    "criterion_id": lambda w: w.round.criteria[0].id,
    "application_id": lambda w: w.application.id,
    "attachment_id": lambda w: w.attachment.id,
    "user_id": lambda w: w.owner.id,
    "organisation_id": lambda w: w.organisation.id,
    "decision_id": lambda w: w.decision.id,
    "entry_id": lambda w: w.outbox_entry.id,
    "review_id": lambda w: w.first_row("review"),
    "letter_id": lambda w: w.first_row("letter", "decision_letter"),
    "appeal_id": lambda w: w.first_row("appeal"),
    "reason_id": lambda w: w.first_row("standard_reason"),
    "report_id": lambda w: w.first_row("final_report"),  # reports: tests/reports/test_access.py has their table
    "claim_id": lambda w: w.first_row("repayment_claim"),
    "annual_report_id": lambda w: w.first_row("annual_report"),
    "kind": lambda w: "docx",
    "payout_id": lambda w: w.first_row("payout"),
    "batch_id": lambda w: w.first_row("payment_batch"),
    "filename": lambda w: "potten.css",  # static files
    "token": lambda w: "not-a-valid-token",  # e-mail links: a wrong token gives a clear page, never 500
}

_LOGIN_REQUIRED_CODE = flask_login.login_required(lambda: None).__code__


def _parameters(rule) -> set[str]:
    """The parameters a URL needs (those the rule gives itself as defaults excluded)."""
    return set(rule.arguments) - set(rule.defaults or {})


def access_rule(view) -> frozenset | str:
    """What ``view`` declares: its allowed roles, LOGIN (flask_login's ``login_required``), or PUBLIC."""
    login = False
    while view is not None:
        roles = getattr(view, "allowed_roles", None)
        if roles is not None:
            return frozenset(Role(r) for r in roles)
        login = login or getattr(view, "__code__", None) is _LOGIN_REQUIRED_CODE
        view = getattr(view, "__wrapped__", None)
    return LOGIN if login else PUBLIC


@dataclass
class World:
    round: object
    owner: User
    organisation: object
    application: object
    attachment: Attachment
    decision: Decision
    outbox_entry: OutboxEntry
    users: dict[str, User] = field(default_factory=dict)

    def first_row(self, *tables: str) -> int:
        for name in tables:
            table = db.metadata.tables.get(name)
            if table is not None:
                found = db.session.scalar(select(table.c.id).order_by(table.c.id).limit(1))
                if found is not None:
                    return found
        return MISSING


def build_world() -> World:
    """One of each object a URL can name, owned by an applicant none of the test users is."""
    round_ = make_round()
    owner = make_user("applicant", name="Olga Eier")
    organisation = make_organisation(members=[owner])
    application = make_application(applicant=owner, round_=round_, organisation=organisation,
                                   status=Status.SUBMITTED)
    attachment = Attachment(application=application, filename="budsjett.pdf", content_type="application/pdf",
                            size=8, sha256=hashlib.sha256(b"%PDF-1.4").hexdigest(), data=b"%PDF-1.4",
                            uploaded_by_id=owner.id)
    db.session.add(attachment)
    decided = make_application(applicant=owner, round_=round_, status=Status.APPROVED, title="Lekeplassdugnad")
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    decision = Decision(application=decided, outcome="approved", requested_amount=40_000, granted_amount=40_000,
                        reasons="Et godt tiltak for nabolaget.", decided_by_id=users["decision_maker"].id)
    entry = OutboxEntry(job="send_mail", queue="mail", status=FAILED, payload={"to": owner.email})
    db.session.add_all([decision, entry])
    # Staff have declared they have no conflict, so object rules let each allowed role in.
    make_review(application, users["reviewer"])
    for role in ("decision_maker", "admin"):
        for case in (application, decided):
            make_declaration(case, users[role])
    db.session.commit()
    return World(round_, owner, organisation, application, attachment, decision, entry, users)


def path_for(rule, world: World) -> str:
    unknown = [name for name in _parameters(rule) if name not in PARAMETERS]
    if unknown:
        raise LookupError(f"{rule.rule} has the URL parameter(s) {', '.join(unknown)}, which the access test "
                          f"cannot fill: add them to PARAMETERS in tests/test_access.py (and their object to "
                          f"build_world)")
    return rule.build({**(rule.defaults or {}), **{name: PARAMETERS[name](world) for name in _parameters(rule)}})[1]


class Visitor:
    """Requests as one role, each in its own app context (flask_login keeps the user in ``g``)."""

    def __init__(self, app, role: str, user: User | None):
        self.app, self.role, self.client = app, role, app.test_client()
        self.roles = user.roles if user else set()
        if user is not None:
            with self.client.session_transaction() as session:
                session["_user_id"] = user.get_id()
                session["_fresh"] = True

    def send(self, method: str, path: str):
        with self.app.app_context():
            return self.client.open(path, method=method, data={} if method in STATE_CHANGING else None)


def visitors(app, world: World) -> list[Visitor]:
    return [Visitor(app, role, world.users.get(role)) for role in ROLES]


def problem(declared, visitor: Visitor, response, login_path: str) -> str | None:
    """What is wrong with ``response`` to ``visitor``, given what the view ``declared``; None if right."""
    status = response.status_code
    to_login = status in (301, 302, 303) and urlsplit(response.headers.get("Location", "")).path == login_path
    if status >= 500:
        return f"answered {status}"
    if declared == PUBLIC:
        if to_login:
            return "sent to the login page, but the view is marked neither login_required nor roles_required"
        return f"answered {status} on a public page" if status in (401, 403) else None
    if visitor.role == "anonymous":
        return None if to_login else f"expected a redirect to the login page, got {status}"
    if declared == LOGIN:  # object rules decide: 403 (may see, may not change) and 404 (not yours) are both right
        return "sent a logged-in user to the login page" if to_login or status == 401 else None
    if visitor.roles & declared:
        return f"answered {status} to a role the view allows" if status in (401, 403) or to_login else None
    return None if status == 403 else f"expected 403 for a role the view does not allow, got {status}"


def database_state() -> dict[str, str]:
    """A digest of every table's rows."""
    state = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
            state[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])


def rules_with(app, methods: set[str]) -> list:
    return sorted((r for r in app.url_map.iter_rules() if r.methods & methods), key=lambda r: r.rule)


def check_rules(app, methods: set[str]) -> list[str]:
    """Send every rule accepting one of ``methods`` as every role; the list of what went wrong."""
    from flask import url_for

    world = build_world()
    with app.test_request_context():
        login_path = url_for("accounts.login")
    people, failures = visitors(app, world), []
    for rule in rules_with(app, methods):
        try:
            path = path_for(rule, world)
        except LookupError as exc:
            failures.append(str(exc))
            continue
        declared = access_rule(app.view_functions[rule.endpoint])
        for method in sorted(rule.methods & methods):
            before = database_state()
            for visitor in people:
                try:
                    response = visitor.send(method, path)
                except Exception as exc:  # noqa: BLE001  (reported with the rule and role, then the next)
                    failures.append(f"{method} {path} as {visitor.role}: raised {type(exc).__name__}: {exc}")
                    continue
                wrong = problem(declared, visitor, response, login_path)
                if wrong:
                    failures.append(f"{method} {path} as {visitor.role}: {wrong}")
            changed = changed_tables(before, database_state())
            if changed:
                failures.append(f"{method} {path} (without a CSRF token) changed the database: {', '.join(changed)}")
    return failures


def test_every_url_parameter_can_be_filled(app):
    unknown = {name for rule in app.url_map.iter_rules() for name in _parameters(rule) if name not in PARAMETERS}
    assert not unknown, (f"URL parameters the access test cannot fill: {', '.join(sorted(unknown))}. "
                         f"Add them to PARAMETERS in tests/test_access.py (and their object to build_world).")


def test_every_page_answers_each_role_as_its_view_declares(app):
    failures = check_rules(app, {"GET"})
    assert not failures, "\n".join(failures)


def test_a_post_without_csrf_token_changes_nothing_for_anyone(app):
    failures = check_rules(app, STATE_CHANGING)
    assert not failures, "\n".join(failures)


def test_the_access_test_sees_the_declarations(app):
    """The reader of views above must recognise both markings, or every rule would pass as public."""
    views = app.view_functions
    assert access_rule(views["rounds.index"]) == {Role.ADMIN}
    assert access_rule(views["accounts.profile"]) == LOGIN
    assert access_rule(views["public.index"]) == PUBLIC


@pytest.mark.parametrize("path", ["/mine-soknader", "/profil", "/utlysning/1/ny", "/admin/runder",
                                  "/admin/runder/ny", "/admin/runder/1"])
def test_login_required(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/logg-inn?next=")


@pytest.mark.parametrize("path", ["/admin/runder/ny", "/admin/runder/1", "/admin/runder/1/kriterier/1/fjern"])
def test_login_required_to_post(client, path):
    response = client.post(path, data={})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/logg-inn?next=")


@pytest.mark.parametrize("role", ["applicant", "reviewer", "decision_maker", "finance"])
@pytest.mark.parametrize("path", ["/admin/runder", "/admin/runder/ny"])
def test_round_administration_is_for_the_programme_office_only(client, login_as, role, path):
    login_as(role)
    assert client.get(path).status_code == 403

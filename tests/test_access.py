"""Who may open what: every URL rule of the app × every role, against a table written by hand.

The expected answers are in ``tests/access/policy_<area>.py``, one module per area, each a dict
``{(method, URL rule): {role: status}}`` (see ``tests/access/README.md``). Nothing here reads the views'
decorators: the table says what *should* happen, so a decorator changed by mistake, or an object rule
removed, makes this test fail. A URL rule (and method) of the app without a row fails too, so a new route
needs its row; a row for a rule that no longer exists fails as well.

Requests are sent without a CSRF token: a POST that gets past the access checks stops at the form, and
nothing, for anyone, may change the database.
"""
import hashlib
import importlib
import pkgutil
from urllib.parse import urlsplit

import pytest

import tests.access
from potten.extensions import db
from tests.access.roles import LOGIN, ROLES
from tests.access.world import build_world, path_for
from tests.factories import session_token

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
STATE_CHANGING = METHODS - {"GET"}


def policy() -> dict:
    """Every area's rows together; a row defined twice is an error."""
    table = {}
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name.startswith("policy_"):
            rows = importlib.import_module(f"tests.access.{module.name}").POLICY
            twice = set(rows) & set(table)
            assert not twice, f"rows defined twice: {twice}"
            table.update(rows)
    return table


def routes(app) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods & METHODS}


def test_every_route_has_a_row_and_every_row_a_route(app):
    table, known = policy(), routes(app)
    missing = sorted(known - set(table))
    assert not missing, ("routes without a row in the access table (add one to tests/access/policy_<area>.py, "
                         "see tests/access/README.md):\n" + "\n".join(f"{m} {r}" for m, r in missing))
    stale = sorted(set(table) - known)
    assert not stale, "rows for routes the app does not have:\n" + "\n".join(f"{m} {r}" for m, r in stale)
    for key, row in table.items():
        assert set(row) == set(ROLES), f"{key}: the row must name every role exactly once"


def test_every_url_parameter_can_be_filled(app):
    world = build_world()
    problems = []
    for rule in app.url_map.iter_rules():
        try:
            path_for(rule, world)
        except LookupError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


class Visitor:
    """Requests as one role, each in its own app context (as in production, nothing carries over)."""

    def __init__(self, app, role: str, user):
        self.app, self.role, self.client = app, role, app.test_client()
        if user is not None:
            with self.client.session_transaction() as session:
                session["_user_id"] = session_token(user)
                session["_fresh"] = True

    def send(self, method: str, path: str):
        with self.app.app_context():
            return self.client.open(path, method=method, data={} if method in STATE_CHANGING else None)


def _answer(response, login_path: str):
    if response.status_code in (301, 302, 303) and \
            urlsplit(response.headers.get("Location", "")).path == login_path:
        return LOGIN
    return response.status_code


def database_state() -> dict[str, str]:
    """A digest of every table's rows (the sessions' last-seen times excepted: reading them is no change)."""
    state = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == "user_session":
                continue
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
            state[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def check_table(app, methods: set[str]) -> list[str]:
    """Send every row's request as every role; what differs from the table, and what changed the database."""
    from flask import url_for

    world = build_world()
    with app.test_request_context():
        login_path = url_for("accounts.login")
    visitors = [Visitor(app, role, world.users.get(role)) for role in ROLES]
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    failures = []
    for (method, rule_text), row in sorted(policy().items()):
        if method not in methods or rule_text not in rules:
            continue
        path = path_for(rules[rule_text], world)
        before = database_state() if method in STATE_CHANGING else None
        for visitor in visitors:
            try:
                got = _answer(visitor.send(method, path), login_path)
            except Exception as exc:  # noqa: BLE001  (reported with the rule and role, then the next)
                got = f"{type(exc).__name__}: {exc}"
            if got != row[visitor.role]:
                failures.append(f"{method} {rule_text} as {visitor.role}: expected {row[visitor.role]}, got {got}")
        if before is not None:
            after = database_state()
            changed = sorted(name for name in after if before.get(name) != after[name])
            if changed:
                failures.append(f"{method} {path} (without a CSRF token) changed the database: {', '.join(changed)}")
    return failures


def test_every_page_answers_every_role_as_the_table_says(app):
    failures = check_table(app, {"GET"})
    assert not failures, "\n".join(failures)


def test_every_post_answers_every_role_as_the_table_says_and_changes_nothing_without_a_token(app):
    failures = check_table(app, STATE_CHANGING)
    assert not failures, "\n".join(failures)


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

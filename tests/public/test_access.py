"""Who may open the pages of this area: the expected answer per URL and role, written by hand
(not read from the views' decorators)."""
import pytest

from potten.extensions import db
from tests.factories import make_user

ROLES = ("anonymous", "applicant", "reviewer", "decision_maker", "finance", "admin")
LOGIN = "login"  # sent to the login page
EVERYONE = dict.fromkeys(ROLES, 200)
STAFF = {"anonymous": LOGIN, "applicant": 403, "reviewer": 200, "decision_maker": 200, "finance": 200, "admin": 200}
ADMIN = {"anonymous": LOGIN, "applicant": 403, "reviewer": 403, "decision_maker": 403, "finance": 403, "admin": 200}

EXPECTED = {
    "/mitt-arbeid": STAFF,
    "/tildelinger": EVERYONE,
    "/tildelinger.csv": EVERYONE,
    "/tildelinger.json": EVERYONE,
    "/tildelinger?runde=999": dict.fromkeys(ROLES, 404),
    "/personvern": EVERYONE,
    "/tilgjengelighet": EVERYONE,
    "/admin/personvern": ADMIN,
    "/admin/tilgjengelighet": ADMIN,
    "/fonter/index.css": EVERYONE,
    "/fonter/files/inter-latin-wght-normal.woff2": EVERYONE,
    "/fonter/../package.json": dict.fromkeys(ROLES, 404),
}


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_each_role_as_the_table_says(app, client, role):
    if role != "anonymous":
        user = make_user(role)
        token = user.get_id()  # a server-side session, committed with the user
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
    wrong = {}
    for path, expected in EXPECTED.items():
        response = client.get(path)
        got = LOGIN if response.status_code == 302 and "/logg-inn" in response.headers["Location"] \
            else response.status_code
        if got != expected[role]:
            wrong[path] = (got, expected[role])
    assert not wrong, f"{role}: (got, expected) {wrong}"


@pytest.mark.backends("sqlite")
def test_posting_a_public_text_needs_the_admin_role(app, client, login_as):
    login_as("decision_maker")
    assert client.post("/admin/personvern", data={"body_nb": "x"}).status_code == 403

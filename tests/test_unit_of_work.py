"""One unit of work per request and per job: a successful POST commits exactly once, at the edge;
a refused one (a form error, a rule an operation refused) commits nothing; nothing else may commit
while a request or a job is being handled."""
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from potten.accounts.models import User
from potten.accounts.throttle import LoginThrottle
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import commits, outbox, unit_of_work
from potten.core.commits import CommitOutsideEdge
from potten.core.outbox import OutboxEntry
from potten.extensions import db
from potten.review.models import ConflictDeclaration
from potten.rounds.models import FocusArea
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_organisation, make_round, make_user

PASSWORD = "riktig-passord-1"


@pytest.fixture
def edge_commits():
    """The commits made while a request was handled, by kind: ``edge`` (the request's own) or
    ``outbox`` (an entry claimed, done or given back by a job run in process after it)."""
    seen: list[str] = []

    def count(session):
        if commits.handling() is not None and not session.in_nested_transaction():
            seen.append(commits.committing() or "elsewhere")

    event.listen(Session, "before_commit", count)
    yield seen
    event.remove(Session, "before_commit", count)


def posted(client, edge_commits, url: str, fields: dict, page: str | None = None):
    """POST the form of ``page`` (default ``url``); the answer and the commits it made, by kind."""
    token = csrf_token(client, page or url)
    edge_commits.clear()
    response = client.post(url, data={"csrf_token": token, **fields})
    return response, edge_commits.count(commits.EDGE), [k for k in edge_commits if k != commits.EDGE]


def test_accounts_profile_and_password(app, client, login_as, edge_commits):
    user = login_as("applicant")
    ok, edges, others = posted(client, edge_commits, "/profil/endre", {"name": "Kari", "phone": "", "locale": "nb"})
    assert (ok.status_code, edges, others) == (302, 1, [])
    form_error, edges, _ = posted(client, edge_commits, "/profil/endre", {"name": "", "phone": "", "locale": "nb"})
    assert (form_error.status_code, edges) == (400, 0)
    refused, edges, _ = posted(client, edge_commits, "/profil/passord", {
        "current_password": "feil-passord-1", "password": "nytt-passord-12", "password_again": "nytt-passord-12"})
    assert (refused.status_code, edges) == (400, 0)
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_a_refused_login_commits_once_the_count_of_wrong_passwords(app, client, edge_commits):
    user = make_user()
    db.session.commit()
    wrong, edges, _ = posted(client, edge_commits, "/logg-inn", {"email": user.email, "password": "gjett-1234"})
    assert (wrong.status_code, edges) == (400, 1)
    assert db.session.scalar(select(LoginThrottle.failures)) == 1
    right, edges, _ = posted(client, edge_commits, "/logg-inn", {"email": user.email, "password": PASSWORD})
    assert (right.status_code, edges) == (302, 1)
    assert db.session.scalar(select(LoginThrottle)) is None


def test_organisations_add_a_member(app, client, login_as, edge_commits):
    member = login_as("applicant")
    organisation = make_organisation(members=[member])
    newcomer = make_user()
    db.session.commit()
    url = f"/organisasjon/{organisation.id}/medlemmer"
    page = f"/organisasjon/{organisation.id}"
    refused, edges, _ = posted(client, edge_commits, url, {"email": "ikke-en-adresse"}, page)
    assert (refused.status_code, edges) == (400, 0)
    ok, edges, _ = posted(client, edge_commits, url, {"email": newcomer.email}, page)  # an invitation
    assert (ok.status_code, edges) == (302, 1)


def test_admin_roles(app, client, login_as, edge_commits):
    admin = login_as("admin")
    other = make_user()
    db.session.commit()
    ok, edges, _ = posted(client, edge_commits, f"/admin/brukere/{other.id}/roller",
                          {"role": "reviewer", "change": "grant"}, f"/admin/brukere/{other.id}")
    assert (ok.status_code, edges) == (302, 1)
    refused, edges, _ = posted(client, edge_commits, f"/admin/brukere/{admin.id}/roller",
                               {"role": "admin", "change": "revoke"}, f"/admin/brukere/{admin.id}")
    assert (refused.status_code, edges) == (302, 0)  # back to the page, with the reason
    assert db.session.get(User, admin.id).has_role("admin")


def test_rounds_a_focus_areas_budget(app, client, login_as, edge_commits):
    login_as("admin")
    round_ = make_round(budgets=(500_000,))
    area = round_.focus_areas[0]
    area.committed = 300_000
    db.session.commit()
    url = f"/admin/runder/{round_.id}/innsatsomrader/{area.id}"
    refused, edges, _ = posted(client, edge_commits, url, {"name": area.name, "name_en": "", "budget": "299 999"})
    assert (refused.status_code, edges) == (400, 0)
    ok, edges, _ = posted(client, edge_commits, url, {"name": area.name, "name_en": "", "budget": "400 000"})
    assert (ok.status_code, edges) == (302, 1)


def test_applications_a_step_and_a_withdrawal(app, client, login_as, edge_commits):
    applicant = login_as("applicant")
    draft = make_application(applicant=applicant)
    sent = make_application(applicant=applicant, status=Status.SUBMITTED)
    db.session.commit()
    saved, edges, _ = posted(client, edge_commits, f"/soknad/{draft.id}/om-prosjektet",
                             {"title": "Ny tittel", "go": "stay"})
    assert (saved.status_code, edges) == (302, 1)
    refused, edges, _ = posted(client, edge_commits, f"/soknad/{sent.id}/trekk", {"reason": "x" * 1001})
    assert (refused.status_code, edges) == (400, 0)
    ok, edges, others = posted(client, edge_commits, f"/soknad/{sent.id}/trekk", {"reason": "Flytter"})
    assert (ok.status_code, edges) == (302, 1)
    assert others and set(others) == {commits.OUTBOX}  # the confirmation mail, run in process after the commit
    assert db.session.get(Application, sent.id).status == Status.WITHDRAWN


def test_review_a_declaration(app, client, login_as, edge_commits):
    reviewer = login_as("reviewer")
    application = make_application(status=Status.SUBMITTED)
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    url, page = f"/vurdering/soknad/{application.id}/habilitet", f"/vurdering/soknad/{application.id}"
    form_error, edges, _ = posted(client, edge_commits, url, {}, page)
    assert (form_error.status_code, edges) == (400, 0)
    ok, edges, _ = posted(client, edge_commits, url, {"conflict": "no"}, page)
    assert (ok.status_code, edges) == (302, 1)
    assert db.session.scalar(select(ConflictDeclaration.user_id)) == reviewer.id


def test_decisions_a_budget_move(app, client, login_as, edge_commits):
    login_as("admin")
    round_ = make_round(budgets=(100_000, 50_000))
    source, target = round_.focus_areas
    source.committed = 70_000
    db.session.commit()
    url = f"/vedtak/utlysning/{round_.id}/budsjett"
    move = {"from_area": source.id, "to_area": target.id, "reason": "Flere søknader"}
    refused, edges, _ = posted(client, edge_commits, url, {**move, "amount": "30 001"})
    assert (refused.status_code, edges) == (400, 0)
    ok, edges, _ = posted(client, edge_commits, url, {**move, "amount": "30 000"})
    assert (ok.status_code, edges) == (302, 1)
    db.session.expire_all()
    assert db.session.get(FocusArea, target.id).budget == 80_000


def test_a_page_that_only_reads_commits_nothing(app, client, login_as, edge_commits):
    login_as("applicant")
    edge_commits.clear()
    assert client.get("/mine-soknader").status_code == 200
    assert edge_commits == []


def test_a_commit_in_the_middle_of_a_request_is_refused(app):
    """What a view or an operation that commits by itself would meet."""
    make_user()
    with commits.handled("request"), pytest.raises(CommitOutsideEdge):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(User)) is None


@outbox.job("test_commits_by_itself")
def _commits_by_itself(who: str) -> None:
    make_user(name=who)
    db.session.commit()


def test_a_job_that_commits_by_itself_is_refused_and_leaves_nothing(app):
    outbox.add("test_commits_by_itself", who="Selvstendig")
    unit_of_work.commit()  # runs the job in process, after the commit
    entry = db.session.scalar(select(OutboxEntry))
    assert entry.status == outbox.PENDING and "CommitOutsideEdge" in entry.last_error
    assert db.session.scalar(select(User).where(User.name == "Selvstendig")) is None


def test_a_job_or_command_commits_once_through_unit(app, edge_commits):
    with unit_of_work.unit():
        make_user(name="Fra kommando")
    assert edge_commits == [commits.EDGE]
    with pytest.raises(CommitOutsideEdge), unit_of_work.unit():
        make_user(name="Halvveis")
        db.session.commit()
    assert db.session.scalar(select(User).where(User.name == "Halvveis")) is None


@pytest.mark.backends("postgresql")
def test_a_request_that_only_read_ends_with_commit_so_its_statements_stay_prepared(app, client, login_as):
    """psycopg forgets every statement it prepared at a ROLLBACK, which a session's close sends: a request
    that wrote nothing ends its transaction with COMMIT first (``potten.core.postgresql``)."""
    from psycopg.pq import TransactionStatus

    login_as("applicant")
    raw = db.session.connection().connection.dbapi_connection
    for _ in range(6):  # psycopg prepares a statement the fifth time a connection runs it
        assert client.get("/profil").status_code == 200
        assert raw.info.transaction_status == TransactionStatus.IDLE  # the request ended its transaction
    db.session.remove()  # what a request's end does next: the session closes and gives its connection back
    prepared = raw.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]
    raw.rollback()  # the connection goes back to the pool as it came
    assert prepared >= 1

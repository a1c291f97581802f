"""Finding 5: the same draft sent from two sessions at the same moment. One sends it; the other is told
it was already sent. Before the fix the loser got an HTTP 500 from a PostgreSQL deadlock (4 tries in 5)."""
import threading
import time

import pytest
from sqlalchemy import text

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_application, make_round, make_user, session_token


@pytest.mark.backends("postgresql")
def test_a_draft_sent_twice_at_once_is_sent_once_and_the_other_is_told(app):
    round_ = make_round()
    owner = make_user(email="dobbel@example.no")
    drafts = [make_application(applicant=owner, round_=round_) for _ in range(5)]
    for draft in drafts[::2]:  # some with the consent box still to tick: sending saves it first
        draft.privacy_consent = False
    db.session.commit()
    for draft in drafts:
        answers = _send_from_two_sessions(app, owner, draft.id)
        assert sorted(status for status, _ in answers) == [302, 400], answers
        loser = next(page for status, page in answers if status == 400)
        assert "Denne søknaden er sendt og kan ikke endres lenger." in loser
        db.session.expire_all()
        assert db.session.get(Application, draft.id).status == Status.SUBMITTED


def _send_from_two_sessions(app, owner, application_id: int) -> list[tuple[int, str]]:
    url = f"/soknad/{application_id}/kontroll"
    clients = []
    for _ in range(2):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_token(owner)
        with app.app_context():
            clients.append((client, csrf_token(client, url)))
    barrier, answers = threading.Barrier(3), []

    def send(client, token):
        with app.app_context():
            barrier.wait()
            response = client.post(url, data={"csrf_token": token, "privacy_consent": "y"})
            answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=send, args=pair) for pair in clients]
    with app.app_context(), db.engine.connect() as blocker:
        # "At once", made certain: the draft's row is held locked here until both requests wait for it
        # (each has read the draft and reached the lock its first write takes), then let go. Left to the
        # threads' timing, the second request sometimes started after the first had committed and met
        # a sent application at the door (a redirect to its page), never testing the race.
        blocker.execute(text("SELECT id FROM application WHERE id = :id FOR UPDATE"), {"id": application_id})
        pid = blocker.execute(text("SELECT pg_backend_pid()")).scalar_one()
        for t in threads:
            t.start()
        barrier.wait()
        _wait_until_blocked(blocker, pid, 2)
        blocker.commit()
    for t in threads:
        t.join(30)
    return answers


def _wait_until_blocked(blocker, pid: int, count: int, seconds: float = 20) -> None:
    """Until ``count`` other sessions wait for the lock the session ``pid`` holds: the first for it, the
    others for the first (PostgreSQL queues the waiters of a row)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        blocker.execute(text("SELECT pg_stat_clear_snapshot()"))  # else a transaction sees its first look
        waiting = blocker.execute(text(
            "WITH RECURSIVE waiter(pid) AS (SELECT CAST(:pid AS integer)"
            " UNION SELECT a.pid FROM pg_stat_activity a, waiter w WHERE w.pid = ANY(pg_blocking_pids(a.pid)))"
            " SELECT count(*) - 1 FROM waiter"), {"pid": pid}).scalar_one()
        if waiting >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"only {waiting} of {count} requests reached the draft's lock")

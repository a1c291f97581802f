"""Finding 3: rate limits. 100 reset requests for one address send at most 3 mails; registrations and
logins from one client are limited; answers say when to try again, in the user's language. The counts are
shared by every process through Redis (production) and kept in memory on the embedded default. Wrong
passwords for one address are counted atomically: 15 at the same moment get at most 5 guesses."""
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from potten.extensions import db
from tests.accounts.helpers import PASSWORD, mails_to, post_form
from tests.conftest import csrf_token
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def test_a_hundred_reset_requests_for_one_address_send_three_mails(app, client, smtp):
    make_user(email="offer@example.no")
    db.session.commit()
    token = csrf_token(client, "/glemt-passord")
    answers = [client.post("/glemt-passord", data={"csrf_token": token, "email": "offer@example.no"}).status_code
               for _ in range(100)]
    assert answers[:3] == [302, 302, 302] and set(answers[3:]) == {429}
    assert len(mails_to(smtp, "offer@example.no")) == 3
    refused = client.post("/glemt-passord", data={"csrf_token": token, "email": "offer@example.no"})
    assert refused.headers["Retry-After"].isdigit() and int(refused.headers["Retry-After"]) > 60
    text = refused.get_data(as_text=True)
    assert "For mange forsøk" in text and "Vent 60 minutter og prøv igjen." in text


def test_registrations_from_one_client_are_limited(app, client):
    token = csrf_token(client, "/registrer")
    answers = []
    for n in range(12):
        other = app.test_client()  # a fresh browser each time, the same address
        with app.app_context():
            answers.append(post_form(other, "/registrer", {
                "email": f"robot{n}@example.no", "name": f"Robot {n}", "password": "et langt passord",
                "password_again": "et langt passord"}).status_code)
    assert answers[:10] == [302] * 10 and answers[10:] == [429, 429]
    assert token


def test_spraying_many_addresses_from_one_client_is_limited(app, client):
    token = csrf_token(client, "/logg-inn")
    answers = [client.post("/logg-inn", data={"csrf_token": token, "email": f"person{n}@example.no",
                                               "password": "Sommer2026!"}).status_code for n in range(35)]
    assert answers.count(429) == 5 and set(answers[:30]) == {400}  # "wrong address or password"


def test_a_stranger_guessing_from_elsewhere_does_not_lock_the_owner_out(app, client):
    make_user(email="eier@example.no")
    db.session.commit()
    stranger = app.test_client()
    with app.app_context():  # its own (g holds the page's CSRF token)
        token = csrf_token(stranger, "/logg-inn")
        for n in range(120):  # from forty addresses, three each: more than any limit per address would allow
            stranger.post("/logg-inn", data={"csrf_token": token, "email": "eier@example.no", "password": "gjett"},
                          environ_base={"REMOTE_ADDR": f"203.0.113.{n % 40}"})
    assert post_form(client, "/logg-inn", {"email": "eier@example.no", "password": PASSWORD}).status_code == 302


@pytest.mark.backends("postgresql")
def test_fifteen_wrong_passwords_at_once_get_at_most_five_guesses(app):
    """Each request in its own thread, app context and database connection, as in five processes."""
    make_user(email="parallell@example.no")
    db.session.commit()
    clients = []
    for _ in range(15):
        browser = app.test_client()
        with app.app_context():
            clients.append((browser, csrf_token(browser, "/logg-inn")))
    barrier, pages = threading.Barrier(15), []

    def guess(browser, token):
        with app.app_context():
            barrier.wait()
            pages.append(browser.post("/logg-inn", data={"csrf_token": token, "email": "parallell@example.no",
                                                           "password": "feil-passord"}).get_data(as_text=True))

    threads = [threading.Thread(target=guess, args=pair) for pair in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    checked = sum("E-postadressen eller passordet er feil." in page for page in pages)
    assert len(pages) == 15 and checked <= 5
    assert sum("For mange feil passord" in page for page in pages) == 15 - checked


SCRIPT = """
import json, sys
from potten import create_app
from potten.config import TestConfig
app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": sys.argv[1], "RATELIMIT_STORAGE_URI": sys.argv[2],
                              "MAIL_DIR": sys.argv[3]})
client = app.test_client()
import re
page = client.get("/glemt-passord").get_data(as_text=True)
token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
codes = [client.post("/glemt-passord", data={"csrf_token": token, "email": "delt@example.no"}).status_code
         for _ in range(int(sys.argv[4]))]
print(json.dumps(codes))
"""


def _in_processes(database: str, storage: str, mail_dir: Path, each: int) -> list[int]:
    runs = [subprocess.Popen([sys.executable, "-c", SCRIPT, database, storage, str(mail_dir), str(each)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONWARNINGS": "ignore"}) for _ in range(2)]
    codes = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        codes += json.loads(out.strip().splitlines()[-1])
    return codes


@pytest.mark.backends("sqlite")
def test_on_redis_two_processes_share_one_count(app, redis_url, tmp_path):
    codes = _in_processes(app.config["SQLALCHEMY_DATABASE_URI"], redis_url, tmp_path, 10)
    assert sorted(codes) == [302] * 3 + [429] * 17


@pytest.mark.backends("sqlite")
def test_without_redis_the_limits_fall_back_to_memory_and_nothing_fails(app, tmp_path):
    codes = _in_processes(app.config["SQLALCHEMY_DATABASE_URI"], "redis://127.0.0.1:1/0", tmp_path, 5)
    assert sorted(codes) == [302] * 6 + [429] * 4


@pytest.mark.backends("sqlite")
def test_in_memory_each_process_counts_its_own(app, tmp_path):
    """The embedded default runs one process: memory is enough there, and it is per process."""
    codes = _in_processes(app.config["SQLALCHEMY_DATABASE_URI"], "memory://", tmp_path, 10)
    assert sorted(codes) == [302] * 6 + [429] * 14

"""Guessing passwords: after five wrong ones an address waits fifteen minutes, known or not."""
import html
from datetime import timedelta

import pytest

from potten.accounts.throttle import LoginThrottle
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, error_summary, link_in, mails_to, post_form
from tests.factories import make_user

WAIT = ("For mange feil passord for denne e-postadressen. Vent {minutes} minutter og prøv igjen, eller velg et nytt "
        "passord med «Glemt passordet?».")
WRONG = ["E-postadressen eller passordet er feil."]


def _log_in(client, email: str, password: str):
    response = post_form(client, "/logg-inn", {"email": email, "password": password})
    return response.status_code, error_summary(html.unescape(response.get_data(as_text=True)))


@pytest.mark.parametrize("address", ["gjettet@example.no", "finnes-ikke@example.no"])
def test_five_wrong_passwords_make_the_address_wait_even_for_the_right_one(app, client, address):
    make_user(email="gjettet@example.no")
    db.session.commit()
    for _ in range(4):
        assert _log_in(client, address, "gjett-igjen") == (400, WRONG)
    assert _log_in(client, address, "gjett-igjen") == (400, WRONG)  # the fifth: from now on, wait

    status, errors = _log_in(client, address, PASSWORD)
    assert status == 400 and errors == [WAIT.format(minutes=15)]
    page = html.unescape(post_form(client, "/logg-inn", {"email": address, "password": "x"}).get_data(as_text=True))
    assert f'value="{address}"' in page  # what was typed stays
    assert db.session.query(LoginThrottle).count() == 1  # the address only as a hash
    assert address not in str(db.session.query(LoginThrottle.key).scalar())

    # another address is not held up
    make_user(email="annen@example.no")
    db.session.commit()
    assert _log_in(client, "annen@example.no", PASSWORD)[0] == 302


def test_after_the_wait_the_right_password_works_and_clears_the_count(app, client):
    make_user(email="venter@example.no")
    db.session.commit()
    for _ in range(5):
        _log_in(client, "Venter@Example.no ", "feil")  # the same address however it is typed
    assert _log_in(client, "venter@example.no", PASSWORD)[1] == [WAIT.format(minutes=15)]

    row = db.session.query(LoginThrottle).one()  # fifteen minutes later
    row.first_failure_at -= timedelta(minutes=15)
    row.locked_until -= timedelta(minutes=15)
    db.session.commit()
    assert _log_in(client, "venter@example.no", PASSWORD)[0] == 302
    assert db.session.query(LoginThrottle).count() == 0


def test_a_new_password_from_a_reset_link_ends_the_wait(app, client, smtp):
    make_user(email="glemsk@example.no")
    db.session.commit()
    for _ in range(5):
        _log_in(client, "glemsk@example.no", "feil")
    post_form(client, "/glemt-passord", {"email": "glemsk@example.no"})
    [mail] = mails_to(smtp, "glemsk@example.no")
    new = "et nytt og langt passord"
    assert post_form(client, link_in(mail), {"password": new, "password_again": new}).status_code == 302
    assert _log_in(client, "glemsk@example.no", new)[0] == 302

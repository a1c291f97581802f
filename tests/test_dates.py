"""Dates are typed as dd.mm.åååå on every form, with an example in the future, in the user's language."""
from datetime import date

import pytest
from flask_babel import force_locale

from potten.applications.workflow import Status
from potten.core.dates import date_hint, parse_day
from potten.core.time import utc_to_oslo, utcnow
from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_application, make_user


@pytest.mark.backends("sqlite")
def test_the_hint_gives_a_future_example_in_the_users_language(app):
    with app.test_request_context():
        with force_locale("nb"):
            hint = date_hint()
        with force_locale("en"):
            english = date_hint()
    assert hint.startswith("Skriv datoen som dd.mm.åååå, for eksempel 15.06.")
    assert english.startswith("Write the date as dd.mm.yyyy, for example 15.06.")
    assert int(hint[-5:-1]) > utc_to_oslo(utcnow()).year


@pytest.mark.parametrize(("typed", "day"), [("1.6.2030", date(2030, 6, 1)), ("01.06.30", date(2030, 6, 1)),
                                            ("01/06/2030", date(2030, 6, 1)), ("2030-06-01", date(2030, 6, 1)),
                                            (" 1. 6. 2030 ", date(2030, 6, 1))])
def test_dates_are_read_day_first(typed, day):
    assert parse_day(typed) == day


@pytest.mark.backends("sqlite")
def test_a_date_that_cannot_be_read_is_explained_and_kept(app, client, login_as):
    login_as("decision_maker")
    application = make_application(status=Status.SUBMITTED)
    reviewer = make_user("reviewer")
    db.session.commit()
    path = f"/vurdering/soknad/{application.id}/tildel"
    page = client.post(path, data={"csrf_token": csrf_token(client, path), "reviewers": [str(reviewer.id)],
                                   "due_on": "31.02.2030"}).get_data(as_text=True)
    assert "Skriv datoen som dd.mm.åååå" in page and 'value="31.02.2030"' in page

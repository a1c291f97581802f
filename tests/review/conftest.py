import pytest
from flask import g

from tests.factories import session_token


@pytest.fixture
def in_request(app):
    """A request context, as every operation has in the web app (messages are translated on raise)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def log_in(app, client):
    """``log_in(user)``: the client is now ``user`` (also when switching from someone else)."""
    def switch(user):
        g.pop("_login_user", None)  # the tests share one app context, so flask-login's cache must go
        with client.session_transaction() as session:
            session["_user_id"] = session_token(user)
            session["_fresh"] = True
        return user
    return switch

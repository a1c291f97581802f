import pytest


@pytest.fixture
def in_request(app):
    """A request context, as every operation has in the web app (messages are translated on raise)."""
    with app.test_request_context("/"):
        yield

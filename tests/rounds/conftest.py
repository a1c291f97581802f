"""Fixtures for the programme office's round pages: an admin who is logged in, and a form poster."""
import pytest

from tests.conftest import csrf_token

ROUND = {  # a valid round form, as a browser sends it
    "title": "Nabolagspotten 2026", "title_en": "", "description": "Penger til gode ideer på Torstrand.",
    "description_en": "", "opens_date": "2026-01-05", "opens_time": "09:00",
    "closes_date": "2026-03-02", "closes_time": "12:00", "max_amount": "100 000",
}


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def send(client):
    """``send(path, **fields)`` posts a form from ``path`` with the page's CSRF token."""
    def post(path: str, **fields):
        return client.post(path, data={"csrf_token": csrf_token(client, path), **fields})
    return post


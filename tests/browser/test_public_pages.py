"""A visitor reads the front page and the public pages, in bokmål and English."""
import pytest

from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_round

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_visitor_finds_the_open_call_and_switches_to_english(app, page):
    make_round()
    db.session.commit()
    page.goto("/")
    accessible(page)
    assert page.get_by_role("heading", name="Åpne utlysninger").is_visible()
    page.get_by_role("button", name="English").click()
    accessible(page)
    assert page.get_by_role("heading", name="Open calls").is_visible()
    page.get_by_role("link", name="Accessibility statement").click()
    accessible(page)
    page.get_by_role("link", name="Log in").click()
    accessible(page)

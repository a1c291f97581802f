"""A list's row links are the URLs url_for gives, however many rows ask."""
import pytest
from flask import url_for

from potten.core.links import row_link


@pytest.mark.backends("sqlite")
def test_row_links_are_the_urls_url_for_gives(app):
    with app.test_request_context("/", base_url="http://potten.example/under"):
        for endpoint, name in (("review.application", "application_id"), ("letters.download", "letter_id"),
                               ("admin.user", "user_id"), ("rounds.edit", "round_id")):
            for value in (1, 42, 7_093_481_265, 1234567):
                assert row_link(endpoint, **{name: value}) == url_for(endpoint, **{name: value})


@pytest.mark.backends("sqlite")
def test_anything_but_one_integer_goes_to_url_for(app):
    with app.test_request_context("/"):
        assert row_link("letters.retry", letter_id=3, status="failed") == url_for(
            "letters.retry", letter_id=3, status="failed")
        assert row_link("admin.audit_log") == url_for("admin.audit_log")
        assert row_link("review.application", application_id="7") == url_for("review.application",
                                                                              application_id="7")

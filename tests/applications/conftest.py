"""Helpers for the applicant's story: fill in the steps the way the browser sends them."""
import io
import re

import pytest

from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_round

ABOUT = {
    "title": "Sommerfest i Torstrandparken",
    "summary": "En fest for hele nabolaget, med mat, musikk og leker.",
    "description": "Vi lager en fest i parken. Naboene lager mat sammen, og barna får leker og ansiktsmaling.",
    "target_groups": ["families", "everyone"],
    "location": "Torstrandparken",
    "start_date": "2026-06-01",
    "end_date": "2026-06-30",
    "expected_participants": "200",
}
BUDGET = {
    "budget_lines-0-item": "Mat og drikke",
    "budget_lines-0-amount": "30 000",
    "budget_lines-1-item": "Leie av scene og lyd",
    "budget_lines-1-amount": "15.000",
    "budget_lines-2-item": "",
    "budget_lines-2-amount": "",
    "other_funding": "5000",
    "own_contribution": "2 500",
    "volunteer_hours": "120",
    "requested_amount": "40000",
    "bank_account": "8601.11.17947",
}


@pytest.fixture
def open_round(app):
    round_ = make_round()
    db.session.commit()
    return round_


@pytest.fixture
def in_request(app):
    """Call operations as a view does: inside a request (messages are in the request's language)."""
    with app.test_request_context():
        yield


def step_url(application_id: int, step: str) -> str:
    return {"about": f"/soknad/{application_id}/om-prosjektet", "budget": f"/soknad/{application_id}/budsjett",
            "attachments": f"/soknad/{application_id}/vedlegg", "check": f"/soknad/{application_id}/kontroll"}[step]


def post_step(client, application_id: int, step: str, data: dict, go: str = "stay", token: bool = True):
    """Post a step's form as the browser does (with the CSRF token from the page, unless token=False)."""
    url = step_url(application_id, step)
    form = dict(data)
    if token:
        form["csrf_token"] = csrf_token(client, url)
    form["go"] = go
    return client.post(url, data=form)


def about_with_focus_area(round_, **changes) -> dict:
    return {**ABOUT, "focus_area_id": str(round_.focus_areas[0].id), **changes}


def upload(client, application_id: int, name: str, data: bytes, content_type: str = "application/pdf"):
    url = step_url(application_id, "attachments")
    return client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), name,
                                                                                    content_type)},
                       content_type="multipart/form-data")


def send(client, application_id: int, consent: bool = True):
    url = step_url(application_id, "check")
    data = {"csrf_token": csrf_token(client, url)}
    if consent:
        data["privacy_consent"] = "y"
    return client.post(url, data=data)


def start(client, round_id: int) -> int:
    """Start an application as a private person; returns its id."""
    url = f"/utlysning/{round_id}/ny"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "applicant": "person"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/soknad/(\d+)/", response.headers["Location"]).group(1))


def text(response) -> str:
    """The page as a reader sees the words (non-breaking spaces as plain spaces)."""
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")

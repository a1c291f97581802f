"""Every form that takes an amount reads it with the one kroner parser: what people write for
25 000 kroner is 25 000 kroner, never 2 500 000, and øre is refused with a clear message that
keeps what was typed."""
import html

import pytest
from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.amounts import AmountError, kroner
from potten.decisions.models import BudgetMove, Decision
from potten.extensions import db
from potten.review.models import Review
from potten.rounds.models import FocusArea, Round
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_declaration, make_round, make_user

ACCEPTED = ["25 000", "25 000 kr", "25.000", "25000.00", "25000,00", "kr 25\u00a0000,-"]
REFUSED = ["1,5", "1.5", "25000.5"]
NO_ORE = "Skriv hele kroner, uten øre, for eksempel 15000."


@pytest.mark.parametrize("typed", ACCEPTED)
def test_the_ways_people_write_25_000_kroner_are_25_000(typed):
    assert kroner(typed) == 25_000


@pytest.mark.parametrize("typed", [*REFUSED, "12,50", "1.55"])
def test_ore_is_refused_never_guessed(typed):
    with pytest.raises(AmountError) as refused:
        kroner(typed)
    assert "øre" in str(refused.value)


def test_thousands_with_dots_are_read_and_a_lone_dot_group_is_not():
    assert (kroner("1.310.000"), kroner("1 310 000"), kroner("")) == (1_310_000, 1_310_000, None)
    with pytest.raises(AmountError):
        kroner("25.00.0")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def refused_and_kept(response, typed: str, status: int = 400) -> None:
    text = page(response)
    assert response.status_code == status, text
    assert NO_ORE in text
    assert f'value="{typed}"' in text


def post(client, url: str, fields: dict):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **fields})


def test_the_applicants_budget_lines_and_amounts(app, client, login_as):
    applicant = login_as("applicant")
    application = make_application(applicant=applicant)
    db.session.commit()
    url = f"/soknad/{application.id}/budsjett"
    fields = ("budget_lines-0-amount", "requested_amount", "other_funding", "own_contribution")
    base = {"budget_lines-0-item": "Mat", "budget_lines-1-item": "Scene", "budget_lines-1-amount": "15 000",
            "volunteer_hours": "10", "bank_account": "8601.11.17947", "go": "stay"}
    for typed in ACCEPTED:
        assert post(client, url, {**base, **dict.fromkeys(fields, typed)}).status_code == 302, typed
        db.session.expire_all()
        found = db.session.get(Application, application.id)
        amounts = (found.budget_lines[0].amount, found.requested_amount, found.other_funding, found.own_contribution)
        assert amounts == (25_000,) * 4, typed
    for typed in REFUSED:
        response = post(client, url, {**base, **dict.fromkeys(fields, typed)})
        text = page(response)
        assert text.count(NO_ORE) >= len(fields), typed  # by each field
        assert text.count(f'value="{typed}"') == len(fields), typed
        db.session.expire_all()
        assert db.session.get(Application, application.id).requested_amount == 25_000


def test_the_reviewers_recommended_amount(app, client, login_as):
    reviewer = login_as("reviewer")
    application = make_application(status=Status.SUBMITTED, requested=40_000)
    make_assignment(application, reviewer)
    db.session.commit()
    url = f"/vurdering/soknad/{application.id}/vurdering"
    draft = {"action": "save", "recommendation": "grant_part", "justification": "Delvis"}
    for typed in ACCEPTED:
        assert post(client, url, {**draft, "amount": typed}).status_code == 302, typed
        assert db.session.scalar(select(Review.recommended_amount)) == 25_000, typed
    for typed in REFUSED:
        refused_and_kept(post(client, url, {**draft, "amount": typed}), typed)
    assert db.session.scalar(select(Review.recommended_amount)) == 25_000


def test_the_decision_makers_partial_grant(app, client, login_as):
    approver = login_as("decision_maker")
    decision = {"outcome": "partly_approved", "reasons": "Delvis", "conditions": "Vilkår",
                "report_due": "2026-09-01"}
    for typed in ACCEPTED:
        application = make_application(status=Status.IN_REVIEW, requested=40_000)
        make_declaration(application, approver)
        db.session.commit()
        response = post(client, f"/vedtak/soknad/{application.id}", {**decision, "amount": typed})
        assert response.status_code == 302, typed
        assert db.session.scalar(select(Decision.granted_amount)
                                 .where(Decision.application_id == application.id)) == 25_000
    for typed in REFUSED:
        refused_and_kept(post(client, f"/vedtak/soknad/{application.id}", {**decision, "amount": typed}), typed)


def test_the_programme_offices_budget_move(app, client, login_as):
    login_as("admin")
    round_ = make_round(budgets=(500_000, 100_000))
    source, target = round_.focus_areas
    db.session.commit()
    url = f"/vedtak/utlysning/{round_.id}/budsjett"
    move = {"from_area": source.id, "to_area": target.id, "reason": "Flere søknader"}
    for typed in ACCEPTED:
        assert post(client, url, {**move, "amount": typed}).status_code == 302, typed
    assert db.session.scalars(select(BudgetMove.amount)).all() == [25_000] * len(ACCEPTED)
    for typed in REFUSED:
        refused_and_kept(post(client, url, {**move, "amount": typed}), typed)
    db.session.expire_all()
    assert db.session.get(FocusArea, target.id).budget == 100_000 + 25_000 * len(ACCEPTED)


def test_a_rounds_largest_amount_and_a_focus_areas_budget(app, client, login_as):
    from tests.rounds.conftest import ROUND

    login_as("admin")
    round_ = make_round(max_amount=100_000)
    area = round_.focus_areas[0]
    db.session.commit()
    round_url, area_url = f"/admin/runder/{round_.id}", f"/admin/runder/{round_.id}/innsatsomrader/{area.id}"
    for typed in ACCEPTED:
        db.session.execute(Round.__table__.update().values(max_amount=1))
        db.session.execute(FocusArea.__table__.update().values(budget=1))
        db.session.commit()
        assert post(client, round_url, {**ROUND, "max_amount": typed}).status_code == 302, typed
        assert post(client, area_url, {"name": area.name, "name_en": "", "budget": typed}).status_code == 302
        db.session.expire_all()
        assert (db.session.get(Round, round_.id).max_amount, db.session.get(FocusArea, area.id).budget) == (
            25_000, 25_000), typed
    for typed in REFUSED:
        refused_and_kept(post(client, round_url, {**ROUND, "max_amount": typed}), typed)
        refused_and_kept(post(client, area_url, {"name": area.name, "name_en": "", "budget": typed}), typed)


def test_an_english_reader_is_told_in_english(app, client, login_as):
    applicant = login_as("reviewer", locale="en")
    application = make_application(status=Status.SUBMITTED, requested=40_000, applicant=make_user())
    make_assignment(application, applicant)
    db.session.commit()
    response = post(client, f"/vurdering/soknad/{application.id}/vurdering",
                    {"action": "save", "recommendation": "grant_part", "amount": "1,5"})
    assert response.status_code == 400
    assert "Write whole kroner, without øre, for example 15000." in page(response)
    assert 'value="1,5"' in page(response)

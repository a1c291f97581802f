"""The programme office moves budget between focus areas and keeps standard reasons and default conditions."""
from sqlalchemy import select

from potten.core.audit import AuditEntry
from potten.decisions.models import BudgetMove, DecisionDefaults, StandardReason
from potten.extensions import db
from potten.rounds.models import FocusArea
from tests.conftest import csrf_token
from tests.factories import make_round


def test_admin_moves_budget_within_the_rounds_total_with_a_reason(app, client, login_as):
    login_as("admin")
    round_ = make_round(budgets=(100_000, 50_000))
    source, target = round_.focus_areas
    source.committed = 70_000
    db.session.commit()
    url = f"/vedtak/utlysning/{round_.id}/budsjett"
    token = csrf_token(client, url)
    too_much = client.post(url, data={"csrf_token": token, "from_area": source.id, "to_area": target.id,
                                      "amount": "30 001", "reason": "Flere søknader"})
    assert too_much.status_code == 400 and "30\u00a0000\u00a0kr" in too_much.get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "from_area": source.id, "to_area": target.id,
                                  "amount": "30 000", "reason": "Flere søknader"}).status_code == 302
    db.session.expire_all()
    assert (db.session.get(FocusArea, source.id).budget, db.session.get(FocusArea, target.id).budget) == (70_000,
                                                                                                           80_000)
    assert db.session.scalar(select(BudgetMove)).reason == "Flere søknader"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "budget.moved")) is not None


def test_a_decision_maker_cannot_move_budget(app, client, login_as):
    login_as("decision_maker")
    round_ = make_round()
    db.session.commit()
    assert client.get(f"/vedtak/utlysning/{round_.id}/budsjett").status_code == 403


def test_admin_keeps_standard_reasons_and_default_conditions(app, client, login_as):
    login_as("admin")
    round_ = make_round()
    db.session.commit()
    token = csrf_token(client, "/vedtak/standardbegrunnelser")
    page = client.post("/vedtak/standardbegrunnelser", data={"csrf_token": token, "text": "Søknaden kom for sent."})
    assert page.status_code == 400  # letters in English need the English text too
    assert db.session.scalar(select(StandardReason)) is None
    client.post("/vedtak/standardbegrunnelser", data={"csrf_token": token, "text": "Søknaden kom for sent.",
                                                      "text_en": "The application came too late."})
    reason = db.session.scalar(select(StandardReason))
    assert reason.active and reason.texts == {"nb": "Søknaden kom for sent.", "en": "The application came too late."}
    client.post(f"/vedtak/standardbegrunnelser/{reason.id}", data={
        "csrf_token": token, "text": "Søknaden kom etter fristen.",
        "text_en": "The application came after the deadline."})
    db.session.expire_all()
    assert db.session.get(StandardReason, reason.id).texts == {"nb": "Søknaden kom etter fristen.",
                                                               "en": "The application came after the deadline."}
    client.post("/vedtak/standardbegrunnelser", data={"csrf_token": token, "action": "retire",
                                                      "reason_id": str(reason.id)})
    db.session.expire_all()
    assert not db.session.get(StandardReason, reason.id).active

    url = f"/vedtak/utlysning/{round_.id}/vilkar"
    client.post(url, data={"csrf_token": token, "conditions": "Egne vilkår.", "conditions_en": "Our own conditions."})
    defaults = db.session.get(DecisionDefaults, round_.id)
    # the report period moved to the round's own page (tests/reports/test_round_report_settings.py)
    assert (defaults.conditions, defaults.conditions_en) == ("Egne vilkår.", "Our own conditions.")

"""Staff pages: claim money back from a report, make the repayment decision, start the annual
report and download it when it is ready; bad input answered in plain words."""
from datetime import datetime, time, timedelta

import time_machine
from sqlalchemy import select

from potten.core.time import OSLO, today_local
from potten.extensions import db
from potten.reports.models import AnnualReport, RepaymentClaim
from tests.conftest import csrf_token
from tests.factories import make_user
from tests.reports.test_access import world


def test_a_decision_maker_claims_unused_money_back_and_decides_after_the_notice(app, client, log_in):
    made = world()
    log_in(made["users"]["decision_maker"])
    path = f"/sluttrapporter/{made['ids']['rep']}/krav"
    answer_by = today_local() + timedelta(days=21)
    too_much = client.post(path, data={"csrf_token": csrf_token(client, path), "amount": "90000",
                                       "reason": "Ubrukt", "answer_by": answer_by.isoformat()})
    assert too_much.status_code == 400 and "Kravet kan ikke være større enn tilskuddet" in too_much.get_data(True)
    assert 'value="90000"' in too_much.get_data(True)
    sent = client.post(path, data={"csrf_token": csrf_token(client, path), "amount": "10000",
                                   "reason": "10 000 kr ble ikke brukt.", "answer_by": answer_by.isoformat()})
    assert sent.status_code == 302
    claim = db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.amount == 10_000))
    assert claim.notice_letter_id is not None

    claim_path = f"/tilbakebetaling/{claim.id}"
    early = client.post(claim_path, data={"csrf_token": csrf_token(client, claim_path), "amount": "10000",
                                          "pay_by": (answer_by + timedelta(days=30)).isoformat()})
    assert early.status_code == 400 and "Vent til fristen" in early.get_data(True)
    with time_machine.travel(datetime.combine(answer_by + timedelta(days=1), time(10), OSLO), tick=False):
        log_in(made["users"]["decision_maker"])  # three weeks later: the old session has ended
        decided = client.post(claim_path, data={"csrf_token": csrf_token(client, claim_path), "amount": "8000",
                                                "pay_by": (answer_by + timedelta(days=30)).isoformat()})
    assert decided.status_code == 302
    db.session.expire_all()
    claim = db.session.get(RepaymentClaim, claim.id)
    assert claim.amount == 8_000 and claim.decision_letter_id is not None


def _claim(client, log_in, **fields):
    """A decision maker posts the form that claims money back from the world's report."""
    made = world()
    log_in(made["users"]["decision_maker"])
    path = f"/sluttrapporter/{made['ids']['rep']}/krav"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **fields})


def test_a_claim_names_every_broken_rule_at_once(app, client, log_in):
    too_soon = today_local() + timedelta(days=3)
    response = _claim(client, log_in, amount="90000", reason="Ubrukt", answer_by=too_soon.strftime("%d.%m.%Y"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#amount">Kravet kan ikke være større enn tilskuddet' in page
    assert 'href="#answer_by">' in page
    assert 'value="90000"' in page and f'value="{too_soon.strftime("%d.%m.%Y")}"' in page
    assert db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.amount == 90_000)) is None


def test_a_claim_reads_kroner_as_every_money_field_does(app, client, log_in):
    """"10 000", "10 000 kr" are kroner here as on every other form; "1,5" and words are refused in plain words."""
    answer_by = (today_local() + timedelta(days=21)).strftime("%d.%m.%Y")
    refused = _claim(client, log_in, amount="ti tusen", reason="Ubrukt", answer_by=answer_by)
    assert refused.status_code == 400 and 'value="ti tusen"' in refused.get_data(True)
    assert _claim(client, log_in, amount="10 000 kr", reason="Ubrukt", answer_by=answer_by).status_code == 302
    assert db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.amount == 10_000)) is not None


def test_staff_start_the_annual_report_and_download_it_when_ready(app, client, log_in):
    world()
    log_in(make_user("finance"))
    bad = client.post("/arsrapport", data={"csrf_token": csrf_token(client, "/arsrapport"), "year": "i fjor"})
    assert bad.status_code == 400 and 'value="i fjor"' in bad.get_data(True)
    none = client.post("/arsrapport", data={"csrf_token": csrf_token(client, "/arsrapport"), "year": "2019"})
    assert none.status_code == 400 and "Det er ingen søknadsrunde i 2019" in none.get_data(True)
    started = client.post("/arsrapport", data={"csrf_token": csrf_token(client, "/arsrapport"), "year": "2025"})
    assert started.status_code == 302  # built in process after the commit (a worker, with Redis)
    built = db.session.scalars(select(AnnualReport).order_by(AnnualReport.id.desc())).first()
    assert built.is_ready and built.requested_by.has_role("finance")
    page = client.get("/arsrapport").get_data(True)
    assert "Word-dokument for 2025" in page and "Regneark for 2025" in page
    docx = client.get(f"/arsrapport/{built.id}.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK") and "arsrapport-2025.docx" in \
        docx.headers["Content-Disposition"]

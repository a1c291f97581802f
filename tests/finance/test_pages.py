"""The pages: the applicant answers and asks on their application page; finance attests, authorises,
sends and marks paid from the desk; the exports hold the same totals as the desk; the desk's
statement count does not grow with the number of payouts."""
import io
import re

import openpyxl
from flask import g
from sqlalchemy import select

from potten.extensions import db
from potten.finance.models import PaymentBatch, Payout
from tests.conftest import csrf_token
from tests.finance.helpers import accepted, decided, officers, paid, to_sent
from tests.review.helpers import statements


def _page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def test_the_applicant_accepts_asks_and_keeps_what_they_typed(app, client, log_in):
    application, decision = decided("advance", 40_000, advance=75)
    log_in(application.applicant)
    page = _page(client, f"/soknad/{application.id}")
    assert "Svar på tilskuddet" in page and "Et forskudd når tilskuddet er akseptert" in page
    token = csrf_token(client, f"/soknad/{application.id}/aksept")
    refused = client.post(f"/soknad/{application.id}/aksept", data={"csrf_token": token, "choice": "accept"})
    assert refused.status_code == 400 and "Kryss av for å akseptere" in refused.get_data(as_text=True)
    done = client.post(f"/soknad/{application.id}/aksept",
                       data={"csrf_token": token, "choice": "accept", "confirm": "y"})
    assert done.status_code == 302
    page = _page(client, f"/soknad/{application.id}")
    assert "Be om utbetaling av 30\u00a0000\u00a0kr" in page and "**** ** *7947" in page

    too_much = client.post(f"/soknad/{application.id}/utbetaling", data={"csrf_token": token, "amount": "30 001"})
    body = too_much.get_data(as_text=True)
    assert too_much.status_code == 400 and "høyst 30\u00a0000\u00a0kr" in body and 'value="30 001"' in body
    bad = client.post(f"/soknad/{application.id}/kontonummer", data={"csrf_token": token, "account": "1234 56 78901"})
    assert bad.status_code == 400 and 'value="1234 56 78901"' in bad.get_data(as_text=True)
    assert client.post(f"/soknad/{application.id}/utbetaling",
                       data={"csrf_token": token, "amount": "30 000"}).status_code == 302
    page = _page(client, f"/soknad/{application.id}")
    assert "Du har bedt om den; vi kontrollerer den" in page and "Ikke bedt om ennå" in page


def test_two_officers_take_a_payout_through_the_desk(app, client, log_in, smtp):
    application, _ = accepted("at_acceptance", 40_000)
    first, second = officers()
    log_in(application.applicant)
    token = csrf_token(client, f"/soknad/{application.id}/utbetaling")
    client.post(f"/soknad/{application.id}/utbetaling", data={"csrf_token": token, "amount": "40000"})
    payout = db.session.scalar(select(Payout).where(Payout.application_id == application.id))

    log_in(first)
    assert application.case_number in _page(client, "/okonomi")
    _page(client, f"/okonomi/soknad/{application.id}")
    action = f"/okonomi/utbetaling/{payout.id}"
    unconfirmed = client.post(action, data={"csrf_token": token, "action": "attest", "version": payout.version})
    assert unconfirmed.status_code == 400 and "Bekreft at du har kontrollert" in unconfirmed.get_data(as_text=True)
    assert client.post(action, data={"csrf_token": token, "action": "attest", "version": payout.version,
                                     "confirmed": "y"}).status_code == 302
    db.session.refresh(payout)
    refused = client.post(action, data={"csrf_token": token, "action": "authorise", "version": payout.version})
    assert refused.status_code == 400 and "en annen person må anvise" in refused.get_data(as_text=True)

    log_in(second)
    stale = client.post(action, data={"csrf_token": token, "action": "authorise", "version": payout.version - 1})
    assert stale.status_code == 400 and "Noen andre endret" in stale.get_data(as_text=True)
    assert client.post(action, data={"csrf_token": token, "action": "authorise",
                                     "version": payout.version}).status_code == 302
    db.session.refresh(payout)
    sent = client.post("/okonomi/betaling", data={"csrf_token": token, "payouts": str(payout.id),
                                                   f"v-{payout.id}": str(payout.version)})
    batch = db.session.scalar(select(PaymentBatch))
    assert sent.headers["Location"].endswith(f"/okonomi/betaling/{batch.id}")
    xml = client.get(f"/okonomi/betaling/{batch.id}/pain001.xml")
    assert xml.status_code == 200 and b"<InstdAmt Ccy=\"NOK\">40000.00</InstdAmt>" in xml.data
    assert client.post(f"/okonomi/betaling/{batch.id}/betalt", data={"csrf_token": token}).status_code == 302
    db.session.refresh(payout)
    assert payout.status == "paid"

    log_in(application.applicant)
    assert "Betalt til kontoen din" in _page(client, f"/soknad/{application.id}")


def test_the_xlsx_holds_the_same_totals_as_the_desk_and_no_formulas(app, client, log_in):
    from tests.factories import make_user

    sneaky = make_user(name='=HYPERLINK("http://x","klikk")')
    one, _ = accepted("at_acceptance", 40_000, applicant=sneaky)
    two, _ = accepted("advance", 30_000, advance=50, round_=one.round)
    first, second = officers()
    paid((one, two), first, second)
    log_in(first)
    desk = _page(client, "/okonomi")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/okonomi/utbetalinger.xlsx").data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Dato betalt" and len(rows) == 3
    assert sum(r[5] for r in rows[1:]) == 55_000
    assert '=HYPERLINK("http://x","klikk")' in {r[2] for r in rows[1:]}  # the text itself, as a string
    assert book.worksheets[0]["C2"].data_type == "s" and book.worksheets[0]["C3"].data_type == "s"
    totals = {r[1]: r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    area = totals[one.focus_area.name]
    assert area[3:6] == (70_000, 55_000, 15_000)
    row = re.search(rf"<th scope=\"row\"[^>]*>{one.focus_area.name}</th>(.*?)</tr>", desk).group(1)
    assert [c.replace("\u00a0", " ") for c in re.findall(r">([\d\u00a0 ]+)\u00a0kr<", row)][1:4] == [
        "70 000", "55 000", "15 000"]
    csv_text = client.get("/okonomi/utbetalinger.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text or '"\'=HYPERLINK' in csv_text


def test_the_desk_takes_as_many_statements_for_2_payouts_as_for_12(app, client, log_in):
    first, second = officers()
    for _ in range(2):
        application, _ = accepted()
        to_sent(application, first, second)
    log_in(first)
    few = statements(client, "/okonomi")
    db.session.rollback()
    first, second = officers()
    for _ in range(10):
        application, _ = accepted()
        to_sent(application, first, second)
    g.pop("_login_user", None)
    log_in(first)
    assert statements(client, "/okonomi") == few


def test_finance_records_a_repayment_and_the_desk_counts_it_as_repaid(app, client, log_in):
    from tests.reports.helpers import make_claim

    application, _ = accepted("at_acceptance", 40_000)
    first, _second = officers()
    paid_back, waived = make_claim(application, 5_000), make_claim(application, 1_000)
    db.session.commit()
    log_in(first)
    desk = _page(client, "/okonomi")
    assert "Tilbakebetalingskrav (2)" in desk
    token = csrf_token(client, "/okonomi")
    assert client.post(f"/okonomi/tilbakebetaling/{paid_back.id}",
                       data={"csrf_token": token, "action": "paid"}).status_code == 302
    no_reason = client.post(f"/okonomi/tilbakebetaling/{waived.id}",
                            data={"csrf_token": token, "action": "waive", "reason": " "}, follow_redirects=True)
    assert "Skriv hvorfor kravet frafalles." in no_reason.get_data(as_text=True)
    client.post(f"/okonomi/tilbakebetaling/{waived.id}",
                data={"csrf_token": token, "action": "waive", "reason": "Svaret på varselet ble godtatt."})
    db.session.expire_all()
    assert (paid_back.status, waived.status) == ("paid", "waived")
    row = re.search(rf"<th scope=\"row\"[^>]*>{application.focus_area.name}</th>(.*?)</tr>", _page(client, "/okonomi"))
    cells = [c.replace("\u00a0", " ") for c in re.findall(r">([\d\u00a0 ]+)\u00a0kr<", row.group(1))]
    assert cells[1] == "35 000" and cells[4] == "5 000"  # granted less what was paid back; repaid


def test_a_payout_request_names_every_problem_at_once(app, client, log_in):
    from potten.finance.plan import ledger_of

    application, _ = accepted("advance", 40_000, advance=75)
    ledger_of(application.id).account_number = "12345678901"  # not a valid account number
    db.session.commit()
    log_in(application.applicant)
    path = f"/soknad/{application.id}/utbetaling"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "amount": "30 001"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'href="#amount">[^<]*høyst 30\u00a0000\u00a0kr', page)
    assert 'href="#account">' in page and 'id="account"' in page  # the account number shown on the page
    assert 'value="30 001"' in page
    assert db.session.scalar(select(Payout).where(Payout.application_id == application.id,
                                                  Payout.status == "requested")) is None

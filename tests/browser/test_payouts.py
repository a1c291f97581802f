"""The applicant accepts the grant and asks for a payout; one finance officer attests, another
authorises, sends it to payment and downloads the payment file, then marks it paid; the applicant
sees it paid. axe-core checks every page."""
import pytest
from sqlalchemy import select

from potten.extensions import db
from potten.finance.models import Payout
from tests.browser.conftest import accessible
from tests.factories import make_user
from tests.finance.helpers import decided

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_a_grant_is_accepted_asked_for_attested_authorised_sent_and_paid(app, page, log_in, log_out):
    applicant = make_user(email="siri@example.no", name="Siri Søker")
    make_user("finance", email="oystein@example.no", name="Øystein Økonomi")
    make_user("finance", email="frida@example.no", name="Frida Finans")
    application, _ = decided("advance", 40_000, advance=75, applicant=applicant)
    case = application.case_number
    path = f"/soknad/{application.id}"

    log_in("siri@example.no")
    page.goto(path)
    accessible(page)
    page.get_by_role("link", name="Svar på tilskuddet").click()
    accessible(page)
    page.get_by_label("Jeg tar imot tilskuddet og godtar vilkårene").check()
    page.get_by_role("button", name="Ta imot tilskuddet").click()
    accessible(page)
    assert page.get_by_text("Takk. Tilskuddet er akseptert.").is_visible()
    page.get_by_role("link", name="Be om utbetaling av 30\u00a0000\u00a0kr").click()
    accessible(page)
    assert page.get_by_text("**** ** *7947").is_visible()
    page.get_by_label("Beløp i kroner").fill("30 000")
    page.get_by_role("button", name="Send forespørselen").click()
    accessible(page)
    assert page.get_by_text("Du har bedt om den; vi kontrollerer den").is_visible()
    log_out()

    log_in("oystein@example.no")
    assert page.url.endswith("/okonomi") or page.goto("/okonomi")
    accessible(page)
    page.get_by_role("link", name="Kontroller og attester").click()
    accessible(page)
    page.get_by_label("Jeg har kontrollert utbetalingen mot vedtaket", exact=False).check()
    page.get_by_role("button", name="Attester").click()
    accessible(page)
    assert page.get_by_text("Utbetalingen er attestert.").is_visible()
    log_out()

    log_in("frida@example.no")
    page.goto("/okonomi")
    accessible(page)
    page.get_by_role("link", name="Anvis").click()
    accessible(page)
    page.get_by_role("button", name="Anvis").click()
    accessible(page)
    page.get_by_role("link", name="Tilbake til utbetalingene").click()
    accessible(page)
    page.get_by_label(f"Send {case} til betaling").check()
    page.get_by_role("button", name="Send de valgte utbetalingene til betaling").click()
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned betalingsfilen (ISO 20022 pain.001)").click()
    xml = open(download.value.path(), "rb").read()
    assert b'<InstdAmt Ccy="NOK">30000.00</InstdAmt>' in xml and b"<Nm>Siri S\xc3\xb8ker</Nm>" in xml
    page.get_by_role("button", name="Banken har bekreftet: merk bunten som betalt").click()
    accessible(page)
    log_out()

    log_in("siri@example.no")
    page.goto(path)
    accessible(page)
    assert page.get_by_text("Betalt til kontoen din").is_visible()
    db.session.expire_all()
    assert db.session.scalar(select(Payout.status).where(Payout.application_id == application.id,
                                                         Payout.position == 1)) == "paid"

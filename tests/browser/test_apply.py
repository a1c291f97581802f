"""A resident who has never applied: registers, starts from the front page, saves, leaves,
comes back, completes the budget, uploads a PDF, checks, sends, and sees the case number."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from potten.accounts.models import User
from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_application, make_organisation, make_round, make_user, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

EMAIL, PASSWORD = "kari.nordmann@example.no", "et-langt-passord-1"


def register(page) -> None:
    page.goto("/registrer")
    accessible(page)
    page.fill("input[name=name]", "Kari Nordmann")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    if page.locator("input[name=password_again]").count():
        page.fill("input[name=password_again]", PASSWORD)
    for box in page.locator("main form input[type=checkbox]").all():  # terms, if the form asks for them
        box.check()
    page.locator("main form button[type=submit]").last.click()
    accessible(page)


def confirm_email_and_log_in(page, log_in) -> None:
    """Verification is the accounts area's business: here it is done in the database, then we log in if needed."""
    db.session.execute(update(User).where(User.email == EMAIL).values(email_verified_at=utcnow()))
    db.session.commit()
    if page.get_by_role("button", name="Logg ut").count() == 0:
        log_in(EMAIL, PASSWORD)


def fill(page, fields: dict[str, str]) -> None:
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)


def test_a_visitor_registers_applies_and_sees_the_receipt(app, page, log_in):
    round_ = make_round()
    db.session.commit()
    register(page)
    confirm_email_and_log_in(page, log_in)

    page.goto("/")
    accessible(page)
    page.get_by_role("link", name="Søk om penger").first.click()
    accessible(page)
    page.get_by_role("button", name="Start søknaden").click()
    accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Om prosjektet")

    fill(page, {"Prosjektets tittel": "Sommerfest i Torstrandparken",
                "Kort sammendrag": "En fest for hele nabolaget, med mat, musikk og leker.",
                "Beskriv prosjektet": "Naboene lager mat sammen, og barna får leker.",
                "Hvor på Torstrand skal det foregå?": "Torstrandparken",
                "Startdato": "2026-06-01", "Sluttdato": "2026-06-30", "Omtrent hvor mange blir med?": "200"})
    for choice in (round_.focus_areas[1].name, "Familier", "Alle"):
        page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Lagre", exact=True).click()
    accessible(page)
    expect(page.get_by_text(re.compile(r"Lagret kl\. \d\d:\d\d"))).to_be_visible()

    page.get_by_role("link", name="Mine søknader").click()  # leaves, and comes back later
    accessible(page)
    expect(page.get_by_role("cell", name="Utkast")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Fortsett")).click()
    accessible(page)
    expect(page.get_by_label("Prosjektets tittel")).to_have_value("Sommerfest i Torstrandparken")
    expect(page.get_by_label("Familier")).to_be_checked()
    page.get_by_role("button", name="Lagre og gå videre").click()
    accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Budsjett og utbetaling")

    fill(page, {"Hva pengene skal brukes til, linje 1": "Mat og drikke", "Beløp i kroner, linje 1": "30 000",
                "Hva pengene skal brukes til, linje 2": "Noe vi ikke trenger", "Beløp i kroner, linje 2": "999"})
    page.get_by_role("button", name="Fjern linje 2").click()  # JavaScript removes the row
    page.get_by_role("button", name="Legg til en linje").click()  # and adds one, without a round trip
    fill(page, {"Hva pengene skal brukes til, linje 3": "Leie av scene", "Beløp i kroner, linje 3": "15000"})
    expect(page.locator("[data-budget-total]")).to_have_text("45\u00a0000\u00a0kr")
    fill(page, {"Penger fra andre (kroner)": "5000", "Egne penger (kroner)": "2500", "Dugnad, i timer": "120",
                "Hvor mye søker du om? (kroner)": "40000", "Kontonummer for utbetalingen": "8601 11 17947"})
    page.get_by_role("button", name="Lagre og gå videre").click()
    accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vedlegg")

    page.get_by_label("Velg en fil").set_input_files(
        files=[{"name": "pristilbud.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    page.get_by_role("button", name="Last opp filen").click()
    accessible(page)
    expect(page.get_by_role("link", name="pristilbud.pdf")).to_be_visible()
    page.get_by_role("link", name="Fortsett").click()
    accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over og send")
    expect(page.get_by_role("cell", name="Leie av scene")).to_be_visible()
    expect(page.get_by_text("Noe vi ikke trenger")).to_have_count(0)

    page.get_by_label(re.compile("Jeg har lest hvordan Nabolagspotten behandler personopplysninger")).check()
    page.get_by_role("button", name="Send søknaden").click()
    accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    expect(page.locator(".case-number")).to_have_text("2025-0001")


def test_a_club_member_sees_the_choice_and_withdraws_a_sent_application(app, page, log_in):
    user = make_user(email=EMAIL, password=PASSWORD)
    make_organisation(name="Torstrand Vel", members=[user])
    round_ = make_round()
    make_application(applicant=user, round_=round_, status=Status.SUBMITTED)
    db.session.commit()
    log_in(EMAIL, PASSWORD)
    page.goto(f"/utlysning/{round_.id}/ny")
    accessible(page)
    expect(page.get_by_label("Torstrand Vel")).to_be_visible()

    page.get_by_role("link", name="Mine søknader").click()
    accessible(page)
    page.get_by_role("link", name="Sommerfest i Torstrandparken").click()
    accessible(page)
    page.get_by_role("link", name="Trekk søknaden").click()
    accessible(page)
    page.get_by_label(re.compile("Hvorfor trekker du søknaden")).fill("Vi fikk sponsorer.")
    page.get_by_role("button", name="Ja, trekk søknaden").click()
    accessible(page)
    expect(page.get_by_text("Søknaden ble trukket.")).to_be_visible()
    expect(page.locator(".status-tag")).to_have_text("Trukket")


def test_the_draft_saves_itself_while_the_applicant_types(app, page, log_in):
    app.config["AUTOSAVE_SECONDS"] = 1
    make_user(email=EMAIL, password=PASSWORD)
    round_ = make_round()
    db.session.commit()
    log_in(EMAIL, PASSWORD)
    page.goto(f"/utlysning/{round_.id}/ny")
    accessible(page)
    page.get_by_role("button", name="Start søknaden").click()
    accessible(page)

    page.get_by_label("Prosjektets tittel").fill("Benker i bakgården")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Lagret kl\. \d\d:\d\d"))
    page.get_by_label("Omtrent hvor mange blir med?").press("Enter")  # Enter saves and stays on the step
    accessible(page)
    assert page.url.endswith("/om-prosjektet")
    page.reload()
    accessible(page)
    expect(page.get_by_label("Prosjektets tittel")).to_have_value("Benker i bakgården")

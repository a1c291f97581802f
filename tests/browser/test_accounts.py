"""A visitor creates an account, forgets the password, gets a new one by mail and logs in;
an applicant registers their club; the programme office gives a role."""
import re

import pytest

from potten.extensions import db
from tests.accounts.helpers import mails_to
from tests.browser.conftest import accessible
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def _link(mail) -> str:
    return re.search(r"https?://\S+", mail.get_content()).group(0)


def test_visitor_registers_resets_the_password_by_mail_and_logs_in(app, page, smtp, live_server):
    app.config["BASE_URL"] = live_server
    page.goto("/")
    accessible(page)
    page.get_by_role("link", name="Logg inn").click()
    accessible(page)
    page.get_by_role("link", name="Lag en konto").click()
    accessible(page)

    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Velg et passord").fill("kort")
    page.get_by_label("Skriv passordet en gang til").fill("kort")
    page.get_by_role("button", name="Lag konto").click()
    accessible(page)
    assert page.get_by_role("link", name="Passordet må ha minst 10 tegn.").is_visible()
    assert page.get_by_label("Fullt navn").input_value() == "Kari Nordmann"

    page.get_by_label("Velg et passord").fill("første passord her")
    page.get_by_label("Skriv passordet en gang til").fill("første passord her")
    page.get_by_role("button", name="Lag konto").click()
    accessible(page)
    assert "Velkommen! Kontoen din er klar." in page.get_by_role("status").first.inner_text()

    page.goto(_link(mails_to(smtp, "kari@example.no")[0]))
    accessible(page)
    assert page.get_by_text("Takk! E-postadressen din er bekreftet.").is_visible()
    page.get_by_role("button", name="Logg ut").click()
    accessible(page)

    page.get_by_role("link", name="Logg inn").click()
    accessible(page)
    page.get_by_role("link", name="Glemt passordet?").click()
    accessible(page)
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_role("button", name="Send meg en lenke").click()
    accessible(page)
    assert page.get_by_text("Hvis det finnes en konto med adressen kari@example.no").is_visible()

    [reset] = [m for m in mails_to(smtp, "kari@example.no") if m["Subject"].startswith("Velg nytt passord")]
    page.goto(_link(reset))
    accessible(page)
    page.get_by_label("Velg et passord").fill("andre passord her")
    page.get_by_label("Skriv passordet en gang til").fill("andre passord her")
    page.get_by_role("button", name="Lagre det nye passordet").click()
    accessible(page)

    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Passord").fill("andre passord her")
    page.get_by_role("button", name="Logg inn").click()
    accessible(page)
    page.get_by_role("link", name="Min profil").click()
    accessible(page)
    assert page.get_by_text("kari@example.no (bekreftet)").is_visible()


def test_applicant_registers_a_club_and_the_admin_gives_a_role(app, page):
    make_user("admin", email="admin@example.no", name="Åse Admin")
    make_user(email="siri@example.no", name="Siri Søker")
    db.session.commit()
    page.goto("/logg-inn")
    accessible(page)
    page.get_by_label("E-postadresse").fill("admin@example.no")
    page.get_by_label("Passord").fill("riktig-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    accessible(page)

    page.goto("/mine-organisasjoner")
    accessible(page)
    page.get_by_role("link", name="Registrer en organisasjon").click()
    accessible(page)
    page.get_by_label("Navnet på organisasjonen").fill("Torstrand Vel")
    page.get_by_label("Lag eller forening").check()
    page.get_by_label("Organisasjonsnummer").fill("974 760 674")
    page.get_by_label("Navnet på kontaktpersonen").fill("Åse Admin")
    page.get_by_label("E-postadressen til kontaktpersonen").fill("admin@example.no")
    page.get_by_label("Gateadresse").fill("Torstrandgata 1")
    page.get_by_label("Postnummer").fill("326")
    page.get_by_label("Poststed").fill("Larvik")
    page.get_by_role("button", name="Registrer organisasjonen").click()
    accessible(page)
    page.get_by_role("link", name="Dette organisasjonsnummeret finnes ikke").click()
    assert page.evaluate("document.activeElement.id") == "orgnr"
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Postnummer").fill("3263")
    page.get_by_role("button", name="Registrer organisasjonen").click()
    accessible(page)
    page.get_by_label("E-postadressen til det nye medlemmet").fill("siri@example.no")
    page.get_by_role("button", name="Legg til medlemmet").click()
    accessible(page)
    assert page.get_by_role("cell", name="Siri Søker", exact=True).is_visible()

    page.get_by_role("link", name="Brukere").click()
    accessible(page)
    page.get_by_label("Søk på navn eller e-postadresse").fill("siri")
    page.get_by_role("button", name="Søk", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Siri Søker").click()
    accessible(page)
    page.get_by_role("button", name="Gi «Saksbehandler»").click()
    accessible(page)
    assert page.get_by_text("Siri Søker har nå rollen «Saksbehandler».").is_visible()
    page.get_by_role("link", name="Se hva som har skjedd med denne kontoen").click()
    accessible(page)
    assert page.get_by_role("cell", name="user.role_granted").is_visible()

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


def _click(page, role: str, name: str) -> None:
    """Click a link or button and check the page the browser lands on."""
    page.get_by_role(role, name=name, exact=True).click()
    accessible(page)


def _log_in(page, email: str, password: str) -> None:
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(password)
    _click(page, "button", "Logg inn")


def _choose_password(page, password: str, button: str) -> None:
    page.get_by_label("Velg et passord").fill(password)
    page.get_by_label("Skriv passordet en gang til").fill(password)
    _click(page, "button", button)


def test_visitor_registers_resets_the_password_by_mail_and_logs_in(app, page, smtp, live_server):
    app.config["BASE_URL"] = live_server
    page.goto("/")
    accessible(page)
    _click(page, "link", "Logg inn")
    _click(page, "link", "Lag en konto")

    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-postadresse").fill("kari@example.no")
    _choose_password(page, "kort", "Lag konto")
    assert page.get_by_role("link", name="Passordet må ha minst 10 tegn.").is_visible()
    assert page.get_by_label("Fullt navn").input_value() == "Kari Nordmann"

    _choose_password(page, "første passord her", "Lag konto")
    assert "Vi har sendt en e-post til kari@example.no" in page.get_by_role("status").first.inner_text()

    page.goto(_link(mails_to(smtp, "kari@example.no")[0]))
    accessible(page)
    assert page.get_by_text("Takk! E-postadressen din er bekreftet.").is_visible()

    _click(page, "link", "Logg inn")
    _click(page, "link", "Glemt passordet?")
    page.get_by_label("E-postadresse").fill("kari@example.no")
    _click(page, "button", "Send meg en lenke")
    assert page.get_by_text("Hvis det finnes en konto med adressen kari@example.no").is_visible()

    [reset] = [m for m in mails_to(smtp, "kari@example.no") if m["Subject"].startswith("Velg nytt passord")]
    page.goto(_link(reset))
    accessible(page)
    _choose_password(page, "andre passord her", "Lagre det nye passordet")

    _log_in(page, "kari@example.no", "andre passord her")
    _click(page, "link", "Min profil")
    assert page.get_by_text("kari@example.no (bekreftet)").is_visible()


def test_applicant_registers_a_club_and_the_admin_gives_a_role(app, page):
    make_user("admin", email="admin@example.no", name="Åse Admin")
    make_user(email="siri@example.no", name="Siri Søker")
    db.session.commit()
    page.goto("/logg-inn")
    accessible(page)
    _log_in(page, "admin@example.no", "riktig-passord-1")

    page.goto("/mine-organisasjoner")
    accessible(page)
    _click(page, "link", "Registrer en organisasjon")
    page.get_by_label("Navnet på organisasjonen").fill("Torstrand Vel")
    page.get_by_label("Lag eller forening").check()
    page.get_by_label("Organisasjonsnummer").fill("974 760 674")
    page.get_by_label("Navnet på kontaktpersonen").fill("Åse Admin")
    page.get_by_label("E-postadressen til kontaktpersonen").fill("admin@example.no")
    page.get_by_label("Gateadresse").fill("Torstrandgata 1")
    page.get_by_label("Postnummer").fill("326")
    page.get_by_label("Poststed").fill("Larvik")
    _click(page, "button", "Registrer organisasjonen")
    page.get_by_role("link", name="Dette organisasjonsnummeret finnes ikke.", exact=False).click()
    assert page.evaluate("document.activeElement.id") == "orgnr"
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Postnummer").fill("3263")
    _click(page, "button", "Registrer organisasjonen")
    page.get_by_label("E-postadressen til det nye medlemmet").fill("siri@example.no")
    _click(page, "button", "Send invitasjonen")
    assert page.get_by_text("siri@example.no – invitert av Åse Admin", exact=False).is_visible()
    assert not page.get_by_role("cell", name="Siri Søker", exact=True).is_visible()  # not before she says yes

    _click(page, "link", "Brukere")
    page.get_by_label("Søk på navn eller e-postadresse").fill("siri")
    _click(page, "button", "Søk")
    _click(page, "link", "Siri Søker")
    _click(page, "button", "Gi «Saksbehandler»")
    assert page.get_by_text("Siri Søker har nå rollen «Saksbehandler».").is_visible()
    _click(page, "link", "Se hva som har skjedd med denne kontoen")
    assert page.get_by_role("cell", name="user.role_granted").is_visible()

    _click(page, "button", "Logg ut")  # Siri accepts the invitation on her own page
    _click(page, "link", "Logg inn")
    _log_in(page, "siri@example.no", "riktig-passord-1")
    page.goto("/mine-organisasjoner")
    accessible(page)
    assert page.get_by_text("Åse Admin inviterer deg til å bli medlem av Torstrand Vel").is_visible()
    _click(page, "button", "Takk ja")
    assert page.get_by_text("Du er nå medlem av Torstrand Vel.").is_visible()
    assert page.get_by_role("link", name="Torstrand Vel").is_visible()

"""The programme office changes a round in the browser; every page passes axe-core, errors included."""
import pytest

from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_round, make_user

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_programme_office_changes_the_deadline_and_a_budget(app, page, log_in):
    make_user("admin", email="programkontor@example.no", password="riktig-passord-1")
    round_ = make_round()
    db.session.commit()
    log_in("programkontor@example.no")

    page.get_by_role("link", name="Runder").first.click()
    accessible(page)
    page.get_by_role("link", name="Åpne en ny runde").click()
    accessible(page)
    page.get_by_role("button", name="Åpne runden").click()
    accessible(page)
    assert page.locator("#error-summary").is_visible()

    page.goto(f"/admin/runder/{round_.id}")
    accessible(page)
    page.get_by_label("Klokkeslett for søknadsfristen").fill("02:30")
    page.get_by_label("Dato for søknadsfristen").fill("2030-03-31")
    page.get_by_role("button", name="Lagre endringene").click()
    accessible(page)
    assert "finnes ikke i Norge" in page.locator("#error-summary").inner_text()
    page.get_by_label("Klokkeslett for søknadsfristen").fill("12:00")
    page.get_by_role("button", name="Lagre endringene").click()
    accessible(page)
    assert "Endringene er lagret." in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Innsatsområde 1").click()
    accessible(page)
    page.get_by_label("Budsjett, i kroner").fill("1 400 000")
    page.get_by_role("button", name="Lagre endringene").click()
    accessible(page)
    assert "1\u00a0400\u00a0000\u00a0kr" in page.locator("#focus-areas + table").inner_text()

    page.get_by_role("link", name="Kriterium 1").click()
    accessible(page)
    page.get_by_role("button", name="Fjern kriteriet").click()
    accessible(page)
    assert "Kriteriet er fjernet." in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Kriterium 1").count() == 0

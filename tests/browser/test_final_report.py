"""The final report in the browser: the applicant writes it with its accounts, saves a draft,
comes back, sends it; a decision maker returns it with a comment; the applicant corrects it;
the decision maker approves it; the held-back payout becomes due."""
import pytest

from potten.extensions import db
from potten.finance import operations as finance
from potten.reports.models import FinalReport, ReportStatus
from tests.browser.conftest import accessible
from tests.factories import make_round, make_user
from tests.reports.helpers import make_grant

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_applicant_writes_staff_return_applicant_corrects_staff_approve(app, page, log_in, log_out):
    round_ = make_round()
    round_.payout_plan, round_.advance_percent = "advance", 75
    applicant = make_user(email="kari@example.no", name="Kari Nordmann")
    make_user("decision_maker", email="pia@example.no", name="Pia Programleder")
    application, _, report = make_grant(applicant, round_=round_, requested=40_000,
                                        title="Sommerfest i Torstrandparken")
    db.session.commit()
    application_id, report_id = application.id, report.id

    log_in("kari@example.no")
    page.goto(f"/soknad/{application_id}")
    accessible(page)
    page.get_by_role("link", name="Skriv rapporten").click()
    accessible(page)
    page.get_by_label("Hva ble gjort, og når?").fill("Sommerfest 14. juni med grilling, leker og musikk.")
    page.get_by_label("Startet").fill("2025-06-01")
    page.get_by_label("Hvor mange deltok?").fill("180")
    page.get_by_role("button", name="Lagre", exact=True).click()
    accessible(page)
    assert page.get_by_text("Lagret kl.").is_visible()

    page.goto(f"/soknad/{application_id}")  # away, and back later
    accessible(page)
    page.get_by_role("link", name="Skriv rapporten").click()
    accessible(page)
    assert page.get_by_label("Hvor mange deltok?").input_value() == "180"
    page.get_by_label("Avsluttet").fill("2025-06-14")
    page.get_by_label("Familier").check()
    page.get_by_label("Dugnad, i timer").fill("95")
    page.get_by_label("Hva fungerte godt?").fill("Mange nye naboer kom.")
    page.get_by_label("Hva fungerte ikke, eller hva ville dere gjort annerledes?").fill("Vi trengte telt.")
    page.get_by_label("Mat og drikke").fill("36 500")
    page.get_by_label("Penger fra andre (kroner)").fill("0")
    page.get_by_label("Egne penger (kroner)").fill("0")
    page.get_by_role("button", name="Send rapporten").click()
    accessible(page)  # not confirmed yet: the report is saved, not sent, and says why
    assert page.get_by_role("link", name="Bekreft at regnskapet er riktig.").is_visible()
    page.get_by_label("Jeg bekrefter at regnskapet er riktig.").check()
    page.get_by_role("button", name="Send rapporten").click()
    accessible(page)
    assert page.get_by_text("Rapporten er sendt.").is_visible()
    log_out()

    log_in("pia@example.no")
    page.goto("/sluttrapporter")
    accessible(page)
    page.get_by_role("link", name="Sommerfest i Torstrandparken").click()
    accessible(page)
    assert page.get_by_text("3 500 kr").first.is_visible()  # unused money of the grant
    page.get_by_label("Hva må søkeren rette?").fill("Legg ved kvitteringen for maten.")
    page.get_by_role("button", name="Send rapporten tilbake for retting").click()
    accessible(page)
    assert page.get_by_text("Rapporten er sendt tilbake til søkeren med kommentaren din.").is_visible()
    log_out()

    log_in("kari@example.no")
    page.goto(f"/soknad/{application_id}")
    accessible(page)
    page.get_by_role("link", name="Rett rapporten").click()
    accessible(page)
    assert page.get_by_text("Legg ved kvitteringen for maten.").is_visible()
    page.get_by_label("Mat og drikke").fill("40 000")
    page.get_by_label("Jeg bekrefter at regnskapet er riktig.").check()
    page.get_by_role("button", name="Send rapporten").click()
    accessible(page)
    log_out()

    log_in("pia@example.no")
    page.goto(f"/sluttrapporter/{report_id}")
    accessible(page)
    page.get_by_role("button", name="Godkjenn rapporten").click()
    accessible(page)
    assert page.get_by_text("Rapporten er godkjent.").is_visible()

    db.session.expire_all()
    report = db.session.get(FinalReport, report_id)
    assert report.status == ReportStatus.APPROVED and [v.outcome for v in report.versions] == ["returned", "approved"]
    assert finance.due_now(report.application) == 40_000  # the advance and the held-back rest

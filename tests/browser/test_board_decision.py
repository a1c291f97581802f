"""The appeals board changes a decision: the applicant gets the board's decision as a PDF
letter and reads it on the application page, which no longer offers an appeal (§ 28)."""
import io
from datetime import date

import pikepdf
import pytest

from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.decisions.appeals import file_appeal, forward_appeal, record_board_outcome
from potten.decisions.operations import decide
from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_application, make_declaration, make_user
from tests.letters.conftest import _converter, pdf_converter  # noqa: F401  (letters as PDF, as a worker sends them)
from tests.letters.pdfcheck import text

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


@pytest.mark.usefixtures("pdf_converter")
def test_the_boards_decision_reaches_the_applicant_as_a_letter_and_on_the_page(app, page):
    applicant = make_user(email="kari@example.no", name="Kari Nordmann")
    approver = make_user("decision_maker", name="Pia Programleder")
    application = make_application(applicant=applicant, status=Status.IN_REVIEW, title="Nabolagsfest")
    make_declaration(application, approver)
    with app.test_request_context("/"):
        decide(application, Status.REJECTED, None, "Utenfor formålet.", [], "", None, approver)
        appeal = file_appeal(application, "Festen er for hele nabolaget.", applicant)
        forward_appeal(appeal, "Vi står ved vedtaket.", approver)
        record_board_outcome(appeal, "changed", "Festen samler hele nabolaget.", approver)
        decide(application, Status.APPROVED, None, "Klagenemnda finner at tiltaket fyller formålet.", [],
               "Vis logoen til Områdesatsing Torstrand.", date(2025, 9, 1), approver)
        unit_of_work.commit()
    application_id = application.id
    db.session.commit()

    page.goto(f"/soknad/{application_id}")  # from the mail; logging in comes first
    accessible(page)
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Passord").fill("riktig-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/soknad/{application_id}")
    accessible(page)

    decision = page.locator("section.decision")
    assert decision.get_by_role("heading", name="Klagenemndas vedtak").is_visible()
    shown = decision.inner_text()
    for part in ("Innvilget", "40\u00a0000\u00a0kr", "Klagenemnda finner at tiltaket fyller formålet.",
                 "Festen samler hele nabolaget.", "Vis logoen til Områdesatsing Torstrand.", "1. september 2025",
                 "Klagenemndas vedtak er endelig og kan ikke påklages."):
        assert part in shown, part
    assert page.get_by_role("link", name="Klag på vedtaket").count() == 0
    assert "/klage" not in page.content()

    link = page.get_by_role("link", name="Klagenemndas vedtak, ")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    letter = response.body()
    with pikepdf.open(io.BytesIO(letter)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
    read = text(letter)
    assert "Klagenemndas vedtak er endelig og kan ikke påklages" in read and "Du kan klage" not in read

    page.goto(f"/soknad/{application_id}/klage")  # the address typed by hand: no appeal either
    accessible(page)
    assert page.locator("textarea").count() == 0

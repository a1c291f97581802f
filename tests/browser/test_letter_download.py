"""An applicant logs in, finds the decision letter on their letters page and downloads it."""
import io

import pytest
from docx import Document

from potten.core import unit_of_work
from potten.extensions import db
from potten.letters.models import Letter
from tests.browser.conftest import accessible
from tests.factories import make_user
from tests.letters.helpers import decided_letter, docx_text

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_applicant_downloads_their_decision_letter(app, page):
    letter = decided_letter("partly_approved", "nb")
    unit_of_work.commit()
    letter = db.session.get(Letter, letter.id)
    email, case_number = letter.recipient_email, letter.application.case_number

    page.goto("/mine-brev")  # the link in the mail; logging in comes first
    accessible(page)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill("riktig-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/mine-brev")
    accessible(page)
    assert page.get_by_role("heading", name="Mine brev").is_visible()
    assert page.get_by_text(case_number).is_visible()

    link = page.get_by_role("link", name="Vedtak, ")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"vedtak-{case_number}-1.docx"  # no converter in this process
    with open(download.value.path(), "rb") as f:
        content = f.read()
    Document(io.BytesIO(content))  # opens as a Word document
    text = docx_text(content)
    assert "Vedtak om tilskudd fra Nabolagspotten" in text and case_number in text


def test_admin_sees_a_failed_letter_and_sends_it_again(app, page, smtp):
    smtp.refuse = 99
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    letter = decided_letter("rejected", "en")
    unit_of_work.commit()
    case_number = db.session.get(Letter, letter.id).application.case_number
    make_user("admin", email="programkontor@example.no")
    db.session.commit()
    smtp.refuse = 0

    page.goto("/logg-inn?next=/brev")
    accessible(page)
    page.get_by_label("E-postadresse").fill("programkontor@example.no")
    page.get_by_label("Passord").fill("riktig-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/brev")
    accessible(page)
    row = page.get_by_role("row").filter(has_text=case_number)
    assert "Feilet" in row.inner_text() and "451" in row.inner_text()
    row.get_by_role("button", name="Prøv igjen").click()
    accessible(page)
    assert page.get_by_text("blir sendt på nytt").is_visible()
    assert len(smtp.messages) == 1

"""The advance notice (§ 16), the repayment decision (§ 35) and the annual report, as a reader
gets them: built by the jobs, converted to PDF with LibreOffice, read with pdftotext."""
import io
import subprocess
from datetime import datetime, time, timedelta

import time_machine
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from potten.core import unit_of_work
from potten.core.time import OSLO, today_local
from potten.extensions import db
from potten.letters.models import Letter
from potten.reports import annual, operations, repayment
from potten.reports.models import AnnualReport, ReportStatus
from tests.factories import make_organisation, make_user
from tests.letters.helpers import docx_text, next_orgnr, normalise
from tests.letters.test_letter_content import _to_pdf
from tests.reports.helpers import make_grant


def approved_report(applicant, title="Sommerfest i Torstrandparken", organisation=None):
    application, _, report = make_grant(applicant, requested=40_000, title=title, organisation=organisation)
    operations.save_report(report, {
        "activities": "Vi holdt fest for 180 naboer 14. juni.", "held_from": "2025-06-01", "held_to": "2025-06-14",
        "participants": "180", "target_groups": ["everyone"], "dugnad_hours": "95", "worked_well": "Grillen",
        "worked_badly": "Regnet", "actual": ["35000"], "other_funding": "0", "own_contribution": "0",
        "confirmed": "y"}, applicant)
    operations.send_report(report, applicant)
    operations.approve_report(report, make_user("decision_maker"))
    return application, report


def pdf_text(pdf) -> str:
    return normalise(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                    text=True).stdout)


def test_the_repayment_letters_and_the_annual_report_hold_their_required_parts(app, in_request, tmp_path):
    applicant = make_user(name="Åse Øverby", locale="nb")
    organisation = make_organisation(name="Torstrand Vel", orgnr=next_orgnr(), members=[applicant])
    application, report = approved_report(applicant, organisation=organisation)
    approved_report(make_user(locale="en"), title="=HYPERLINK(\"http://x\")")
    officer = make_user("decision_maker", name="Pia Programleder")
    answer_by = today_local() + timedelta(days=21)
    claim = repayment.claim_repayment(application, report.unused_amount, "Det ble brukt 35 000 kr av 40 000 kr.",
                                      answer_by, officer, granted=40_000)
    year = application.round.year
    annual.request_annual_report(year, officer, "nb")
    unit_of_work.commit()  # the jobs run in process after the commit: letter, mail, annual report

    after = datetime.combine(answer_by + timedelta(days=1), time(9), OSLO)
    with time_machine.travel(after, tick=False):
        pay_by = answer_by + timedelta(days=30)
        repayment.decide_repayment(claim, 5_000, pay_by, officer)
        unit_of_work.commit()

    notice = db.session.get(Letter, claim.notice_letter_id)
    decision = db.session.get(Letter, claim.decision_letter_id)
    built = db.session.scalar(select(AnnualReport))
    assert notice.is_built and decision.is_built and built.is_ready
    assert (notice.filename, decision.filename) == (f"forhandsvarsel-{application.case_number}.docx",
                                                     f"vedtak-tilbakebetaling-{application.case_number}.docx")
    assert len(Document(io.BytesIO(built.docx)).inline_shapes) == 2  # the two charts

    for name, content in (("notice", notice.content), ("decision", decision.content), ("annual", built.docx)):
        (tmp_path / f"{name}.docx").write_bytes(content)
    pdfs = _to_pdf(sorted(tmp_path.glob("*.docx")), tmp_path / "pdf", tmp_path / "profile")
    case = application.case_number
    required = {
        "notice": ["Forhåndsvarsel om krav om tilbakebetaling av tilskudd", "forvaltningsloven § 16",
                   "Torstrand Vel", "Vår referanse", case, "Beløp vi vurderer å kreve tilbake 5 000 kr",
                   "Det ble brukt 35 000 kr av 40 000 kr.", "Fristen for å uttale deg er", "Pia Programleder",
                   "Side 1 av"],
        "decision": ["Vedtak om tilbakebetaling av tilskudd", "forvaltningsloven § 35",
                     "Du skal betale tilbake 5 000 kr innen", "Kontonummer: 2801 05 12345",
                     f"Merk betalingen med: {case}", "forsinkelsesrente", "Du kan klage", "§ 28", "§ 29",
                     "forhåndsvarsel", "Side 1 av"],
        "annual": [f"Årsrapport for Nabolagspotten {year}", "Per innsatsområde", "Innsatsområde 1",
                   "Innvilget 80 000 kr", "Deltakere 360", "Dugnadstimer 190", "Ferdige prosjekter",
                   "Sommerfest i Torstrandparken", "Vi holdt fest for 180 naboer", "Side 1 av"],
    }
    problems = []
    for name, parts in required.items():
        text = pdf_text(pdfs[name])
        problems += [f"{name} PDF lacks {p!r}" for p in parts if normalise(p) not in text]
    assert not problems, "\n".join(problems)
    assert "Du skal betale tilbake" not in docx_text(notice.content)  # a notice is not a decision

    sheet = load_workbook(io.BytesIO(built.xlsx))
    titles = [row[1] for row in sheet.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x")' in titles  # kept as text
    cells = [c for row in sheet.worksheets[1].iter_rows(min_row=2) for c in row if c.value == titles[0]]
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for ws in sheet.worksheets for row in ws.iter_rows() for c in row)


def test_a_repayment_paid_closes_the_claim_and_the_notice_cannot_be_decided_early(app, in_request):
    applicant = make_user()
    application, report = approved_report(applicant)
    officer = make_user("decision_maker")
    claim = repayment.claim_repayment(application, 5_000, "Ubrukt", today_local() + timedelta(days=14), officer)
    import pytest

    from potten.core.errors import DomainError

    with pytest.raises(DomainError):
        repayment.decide_repayment(claim, 5_000, today_local() + timedelta(days=60), officer)
    with pytest.raises(DomainError) as too_soon:
        repayment.claim_repayment(application, 5_000, "Ubrukt", today_local() + timedelta(days=3), officer)
    assert too_soon.value.field == "answer_by"
    assert report.status == ReportStatus.APPROVED

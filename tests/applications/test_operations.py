"""The operations and their rules, called as a view calls them."""
import io
import zipfile

import pytest

from potten.applications import cleaning, operations, timeline
from potten.applications.filetypes import DOCX, JPEG, PDF, PNG, safe_filename, sniff
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.extensions import db
from tests.factories import make_application, make_draft, make_organisation, make_round, make_user, pdf_bytes


def docx_bytes() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Støtteerklæring fra Torstrand skole")
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("typed, kroner", [
    ("15000", 15_000), ("15 000", 15_000), ("15\u00a0000", 15_000), ("15.000", 15_000), ("15 000 kr", 15_000),
    ("kr 15000", 15_000), ("15000,-", 15_000), ("15000,00", 15_000), ("1.234.567", 1_234_567), ("0", 0)])
def test_amounts_are_read_the_way_people_write_them(typed, kroner):
    assert cleaning.kroner(typed) == kroner


@pytest.mark.parametrize("typed", ["15,5", "femten", "1.5", "12.34", "-200", "1e6"])
def test_amounts_that_are_not_whole_kroner_are_refused(app, typed):
    with app.test_request_context(), pytest.raises(cleaning.Invalid):
        cleaning.kroner(typed)


def test_file_types_are_decided_by_content_not_by_name():
    assert sniff(pdf_bytes()) is PDF
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") is JPEG
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is PNG
    assert sniff(docx_bytes()) is DOCX
    assert sniff(b"<!doctype html><title>x</title>") is None
    assert sniff(b"MZ\x90\x00") is None
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert sniff(other_zip.getvalue()) is None
    assert sniff(b"PK\x03\x04 not really a zip") is None


def test_file_names_lose_folders_and_get_the_extension_of_what_they_are():
    assert safe_filename("C:\\Users\\kari\\Budsjett 2025.pdf", PDF) == "Budsjett 2025.pdf"
    assert safe_filename("../../etc/passwd", PDF) == "passwd.pdf"
    assert safe_filename("bilde", JPEG) == "bilde.jpg"
    assert safe_filename('"<script>".png', PNG) == "script.png"
    assert safe_filename("", DOCX) == "vedlegg.docx"


def test_a_word_file_is_kept_with_its_type_and_logged_on_the_timeline(app, in_request):
    draft = make_draft()
    attachment = operations.add_attachment(draft, "støtte.docx", docx_bytes(), draft.applicant)
    assert attachment.content_type == DOCX.content_type and attachment.size == len(docx_bytes())
    entry = db.session.query(AuditEntry).filter_by(action="attachment.added").one()
    assert entry.application_id == draft.id and entry.after["filename"] == "støtte.docx"

    operations.remove_attachment(attachment, draft.applicant)
    db.session.flush()
    assert draft.attachments == []
    assert db.session.query(AuditEntry).filter_by(action="attachment.removed", application_id=draft.id).count() == 1


def test_save_draft_keeps_what_is_valid_and_reports_the_rest(app, in_request):
    draft = make_draft(title="Gammel tittel")
    errors = operations.save_draft(draft, {
        "title": "Ny tittel", "summary": "x" * 601, "expected_participants": "tretti",
        "target_groups": ["children", "youth"], "volunteer_hours": "", "bank_account": "8601 11 17947",
        "budget_lines": [{"item": "Mat", "amount": "1000"}, {"item": "", "amount": ""}],
        "status": "approved"}, draft.applicant)
    assert set(errors) == {"summary", "expected_participants"}
    assert draft.title == "Ny tittel" and draft.summary == ""
    assert draft.target_groups == ["children", "youth"] and draft.volunteer_hours == 0
    assert draft.bank_account == "86011117947" and draft.status == Status.DRAFT
    assert [(line.item, line.amount) for line in draft.budget_lines] == [("Mat", 1000)]
    entry = db.session.query(AuditEntry).filter_by(action="application.saved").one()
    assert entry.before["title"] == "Gammel tittel" and entry.after["title"] == "Ny tittel"


def test_budget_lines_stay_as_saved_until_every_row_is_right(app, in_request):
    draft = make_draft()
    operations.save_draft(draft, {"budget_lines": [{"item": "Mat", "amount": "1000"}]}, draft.applicant)
    errors = operations.save_draft(draft, {"budget_lines": [{"item": "Mat", "amount": "1000"},
                                                            {"item": "Lyd", "amount": "mye"},
                                                            {"item": "", "amount": "500"}]}, draft.applicant)
    assert set(errors) == {"budget_lines-1-amount", "budget_lines-2-item"}
    assert [(line.item, line.amount) for line in draft.budget_lines] == [("Mat", 1000)]


def test_saving_the_same_values_again_writes_no_audit_entry(app, in_request):
    draft = make_draft()
    operations.save_draft(draft, {"title": "Benker"}, draft.applicant)
    operations.save_draft(draft, {"title": "Benker"}, draft.applicant)
    assert db.session.query(AuditEntry).filter_by(action="application.saved").count() == 1


def test_a_focus_area_of_another_round_is_refused(app, in_request):
    draft = make_draft()
    other = make_round()
    errors = operations.save_draft(draft, {"focus_area_id": str(other.focus_areas[0].id)}, draft.applicant)
    assert "focus_area_id" in errors and draft.focus_area_id is None


def test_drafts_start_only_in_open_rounds_and_for_own_organisations(app, in_request):
    user = make_user()
    with pytest.raises(DomainError):
        operations.start_draft(make_round(open_=False), user)
    with pytest.raises(DomainError):
        operations.start_draft(make_round(), user, make_organisation())
    club = make_organisation(orgnr="987654325", members=[user])
    draft = operations.start_draft(make_round(), user, club)
    assert draft.organisation is club and draft.status == Status.DRAFT
    assert db.session.query(AuditEntry).filter_by(action="application.started", application_id=draft.id).count() == 1


def test_only_the_applicant_side_can_change_or_send(app, in_request):
    application = make_application()
    stranger = make_user()
    for attempt in (lambda: operations.save_draft(application, {"title": "x"}, stranger),
                    lambda: operations.submit(application, stranger),
                    lambda: operations.add_attachment(application, "a.pdf", pdf_bytes(), stranger)):
        with pytest.raises(DomainError):
            attempt()
    assert application.title == "Sommerfest i Torstrandparken"


def test_the_timeline_shows_status_changes_by_others_in_plain_words(app, in_request):
    applicant = make_user()
    application = make_application(applicant=applicant, status=Status.SUBMITTED)
    officer = make_user("reviewer", name="Sander Saksbehandler")
    from potten.core import audit

    audit.log("review.started", application, actor=officer, before={"status": "submitted"},
              after={"status": "in_review"}, application=application)
    audit.log("review.scored", application, actor=officer, after={"score": 4}, application=application)
    db.session.flush()

    seen_by_applicant = [(e.text, e.who) for e in timeline.events(application, applicant)]
    assert seen_by_applicant == [("Søknaden har nå status «Til vurdering».", "Programkontoret")]
    admin = make_user("admin")
    seen_by_staff = [(e.text, e.who) for e in timeline.events(application, admin)]
    assert ("review.scored", "Sander Saksbehandler") in seen_by_staff


def test_submitting_locks_the_application(app, in_request):
    application = make_application()
    operations.submit(application, application.applicant)
    assert application.status == Status.SUBMITTED and not application.can_edit(application.applicant)
    with pytest.raises(DomainError):
        operations.save_draft(application, {"title": "Endret etterpå"}, application.applicant)
    db.session.flush()
    assert db.session.get(Application, application.id).title == "Sommerfest i Torstrandparken"

"""A round's report settings: the report period the decision proposes, and the auditor threshold
above which the report needs an auditor's (revisor's) statement."""
from datetime import timedelta

from sqlalchemy import select

from potten.core.time import today_local
from potten.decisions.operations import default_report_due
from potten.extensions import db
from potten.reports.models import FinalReport, ReportStatus, ReportVersion
from potten.rounds.models import Round
from tests.conftest import csrf_token
from tests.factories import make_application, make_round, make_user, pdf_bytes
from tests.reports.helpers import make_grant
from tests.reports.test_report_flow import edit_path, report_form
from tests.rounds.conftest import ROUND


def test_the_admin_sets_the_report_period_and_auditor_threshold_on_the_rounds_page(app, client, login_as):
    login_as("admin")
    path = "/admin/runder/ny"
    refused = client.post(path, data={**ROUND, "csrf_token": csrf_token(client, path), "report_days": "0",
                                      "auditor_threshold": "mye"})
    text = refused.get_data(as_text=True)
    assert refused.status_code in (200, 400)
    assert 'value="mye"' in text
    saved = client.post(path, data={**ROUND, "csrf_token": csrf_token(client, path), "report_days": "90",
                                    "auditor_threshold": "200 000"})
    assert saved.status_code == 302
    round_ = db.session.scalars(select(Round)).one()
    assert (round_.report_days, round_.auditor_threshold) == (90, 200_000)
    edit = f"/admin/runder/{round_.id}"
    page = client.get(edit).get_data(as_text=True)
    assert 'value="90"' in page and "200 000" in page
    cleared = client.post(edit, data={**ROUND, "csrf_token": csrf_token(client, edit), "report_days": "90",
                                      "auditor_threshold": ""})
    assert cleared.status_code == 302
    db.session.expire_all()
    assert db.session.get(Round, round_.id).auditor_threshold is None


def test_a_new_round_keeps_todays_default_period_and_no_auditor(app, in_request):
    round_ = make_round()
    db.session.flush()
    assert (round_.report_days, round_.auditor_threshold) == (60, None)
    assert not round_.needs_auditor(10_000_000)


def test_the_decision_proposes_the_rounds_period_after_the_projects_end(app, in_request):
    round_ = make_round()
    round_.report_days = 100
    ends = today_local() + timedelta(days=40)
    application = make_application(round_=round_)
    application.end_date = ends
    assert default_report_due(application) == ends + timedelta(days=100)


def _complete(report, applicant, **more):
    from potten.reports import operations

    return operations.save_report(report, {
        "activities": "Fest", "held_from": "2025-06-01", "held_to": "2025-06-02", "participants": "30",
        "target_groups": ["everyone"], "dugnad_hours": "10", "worked_well": "Alt", "worked_badly": "Lite",
        "actual": ["40000"], "other_funding": "0", "own_contribution": "0", "confirmed": "y", **more}, applicant)


def test_a_grant_above_the_threshold_cannot_be_sent_without_the_auditors_name_and_statement(app, client, log_in):
    applicant = make_user()
    round_ = make_round()
    round_.auditor_threshold = 30_000
    application, _, report = make_grant(applicant, round_=round_, requested=40_000)
    db.session.commit()
    log_in(applicant)
    path = edit_path(application)
    page = client.get(path).get_data(as_text=True)
    assert "revisor" in page and 'id="auditor_file"' in page

    tried = client.post(path, data=report_form(csrf_token(client, path), **{"actual-0": "40000",
                                                                           "own_contribution": "0"}))
    text = tried.get_data(as_text=True)
    # every problem at once, in bokmål, and what was typed stays
    assert "Skriv navnet på revisoren" in text and "Legg ved erklæringen fra revisoren" in text
    assert "Vi holdt sommerfest" in text
    db.session.expire_all()
    assert db.session.get(FinalReport, report.id).status == ReportStatus.DRAFT

    upload = client.post(f"{path}/vedlegg", data={"csrf_token": csrf_token(client, path), "auditor_statement": "y",
                                                  "file": (__import__("io").BytesIO(pdf_bytes()), "revisor.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 302 and upload.headers["Location"].endswith("#auditor")
    sent = client.post(path, data=report_form(csrf_token(client, path), auditor_name="Revisjon Vest AS",
                                              **{"actual-0": "40000", "own_contribution": "0"}))
    assert sent.status_code == 302
    db.session.expire_all()
    report = db.session.get(FinalReport, report.id)
    assert report.status == ReportStatus.SENT and report.auditor_name == "Revisjon Vest AS"
    assert report.auditor_statement.filename == "revisor.pdf"
    content = db.session.scalar(select(ReportVersion.content))
    assert (content["auditor_name"], content["auditor_statement"]) == ("Revisjon Vest AS", "revisor.pdf")

    staff = make_user("decision_maker")
    db.session.commit()
    log_in(staff)
    review = client.get(f"/sluttrapporter/{report.id}").get_data(as_text=True)
    assert "Revisjon Vest AS" in review and "revisor.pdf" in review and "les erklæringen fra revisoren" in review


def test_a_new_auditors_statement_replaces_the_old_and_a_grant_below_needs_none(app, in_request):
    from potten.reports import operations

    applicant = make_user()
    round_ = make_round()
    round_.auditor_threshold = 30_000
    _, _, report = make_grant(applicant, round_=round_, requested=40_000)
    operations.add_attachment(report, "første.pdf", pdf_bytes(), applicant, auditor_statement=True)
    operations.add_attachment(report, "andre.pdf", pdf_bytes(), applicant, auditor_statement=True)
    assert [a.filename for a in report.attachments if a.auditor_statement] == ["andre.pdf"]

    small_round = make_round()
    small_round.auditor_threshold = 50_000
    _, _, small = make_grant(applicant, round_=small_round, requested=40_000)
    assert _complete(small, applicant) == {}
    operations.send_report(small, applicant)
    assert small.status == ReportStatus.SENT

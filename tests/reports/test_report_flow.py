"""The final report as the applicant and staff use it: write, save, send, return, correct, approve;
and every bad input answered in the user's language with nothing typed lost."""
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.extensions import db
from potten.reports import operations
from potten.reports.models import FinalReport, ReportStatus, ReportVersion
from tests.conftest import csrf_token
from tests.factories import make_organisation, make_user, pdf_bytes
from tests.reports.helpers import make_grant


def report_form(token: str, **changes) -> dict:
    data = {"csrf_token": token, "activities": "Vi holdt sommerfest 14. juni med grilling og leker.",
            "held_from": "2025-06-01", "held_to": "14.06.2025", "participants": "180",
            "target_groups": ["families", "children"], "involvement": "Naboer planla og ryddet.",
            "dugnad_hours": "95", "worked_well": "Mange kom, også nye naboer.",
            "worked_badly": "Regnet kom; vi trengte telt.", "actual-0": "38 500", "other_funding": "0",
            "own_contribution": "2 000", "confirmed": "y", "go": "send"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit_path(application) -> str:
    return f"/soknad/{application.id}/sluttrapport"


def test_the_applicant_saves_a_draft_resumes_and_sends(app, client, log_in):
    applicant = make_user(name="Kari Nordmann")
    application, _, _ = make_grant(applicant, requested=40_000)
    db.session.commit()
    log_in(applicant)
    path = edit_path(application)
    page = client.get(path)
    assert page.status_code == 200 and "Mat og drikke" in page.get_data(as_text=True)

    saved = client.post(path, data=report_form(csrf_token(client, path), go="save", worked_badly="", confirmed=None))
    assert saved.status_code == 302
    report = db.session.scalar(select(FinalReport))
    assert (report.participants, report.lines[0].actual, report.status) == (180, 38_500, ReportStatus.DRAFT)
    assert "Vi holdt sommerfest" in client.get(path).get_data(as_text=True)  # resumed

    tried = client.post(path, data=report_form(csrf_token(client, path), worked_badly="", confirmed=None))
    text = tried.get_data(as_text=True)
    assert tried.status_code == 200 and "Skriv hva som ikke fungerte" in text and "Bekreft at regnskapet" in text
    db.session.expire_all()
    assert db.session.get(FinalReport, report.id).status == ReportStatus.DRAFT

    sent = client.post(path, data=report_form(csrf_token(client, path)))
    assert sent.status_code == 302
    db.session.expire_all()
    report = db.session.get(FinalReport, report.id)
    assert report.status == ReportStatus.SENT and report.version == 1 and report.unused_amount == 3_500
    assert report.confirmed_by_id == applicant.id
    assert db.session.scalar(select(ReportVersion.content)).get("accounts", {}).get("costs") == 38_500
    # sending locks it: the form sends the applicant to the report's page
    assert client.get(path).headers["Location"].endswith(f"/sluttrapport/{report.id}")
    assert client.post(f"{path}/autolagring", data=report_form(csrf_token(client, f"/sluttrapport/{report.id}"))
                       ).status_code == 409


def test_bad_numbers_are_refused_in_plain_words_and_what_was_typed_stays(app, client, log_in):
    applicant = make_user()
    application, _, _ = make_grant(applicant)
    db.session.commit()
    log_in(applicant)
    path = edit_path(application)
    answer = client.post(path, data=report_form(csrf_token(client, path), participants="mange", **{
        "actual-0": "-200"}, other_funding="12,5 kr", go="save"))
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Beløpet kan ikke være mindre enn null" in text
    assert 'value="mange"' in text and 'value="-200"' in text
    report = db.session.scalar(select(FinalReport))
    assert report.activities.startswith("Vi holdt sommerfest")  # what was valid is kept
    assert report.participants is None and report.lines[0].actual is None


def test_accounts_that_do_not_add_up_cannot_be_sent(app, in_request):
    applicant = make_user()
    application, _, report = make_grant(applicant, requested=40_000)
    operations.save_report(report, {"activities": "x", "held_from": "2025-06-01", "held_to": "2025-06-02",
                                    "participants": "3", "target_groups": ["everyone"], "dugnad_hours": "0",
                                    "worked_well": "x", "worked_badly": "x", "actual": ["60000"],
                                    "other_funding": "0", "own_contribution": "5000", "confirmed": "y"}, applicant)
    with pytest.raises(operations.Incomplete) as refused:
        operations.send_report(report, applicant)
    assert "15000" in str(refused.value.problems["other_funding"])


def test_an_organisation_report_is_confirmed_by_a_member(app, in_request):
    member, outsider = make_user(), make_user()
    organisation = make_organisation(members=[member])
    application, _, report = make_grant(make_user(), organisation=organisation)
    with pytest.raises(DomainError):
        operations.save_report(report, {"confirmed": "y"}, outsider)
    assert operations.save_report(report, {"confirmed": "y"}, member) == {}
    assert report.confirmed_by_id == member.id


def test_an_attachment_in_disguise_is_refused(app, client, log_in):
    applicant = make_user()
    application, _, _ = make_grant(applicant)
    db.session.commit()
    log_in(applicant)
    path = edit_path(application)
    client.get(path)
    from io import BytesIO

    token = csrf_token(client, path)
    disguised = (BytesIO(b"MZ\x90\x00evil"), "bilde.jpg")
    answer = client.post(f"{path}/vedlegg", data={"csrf_token": token, "file": disguised},
                         content_type="multipart/form-data", follow_redirects=True)
    assert "er ikke en ekte PDF" in answer.get_data(as_text=True)
    ok = client.post(f"{path}/vedlegg", data={"csrf_token": token, "file": (BytesIO(pdf_bytes()), "kvittering.pdf")},
                     content_type="multipart/form-data", follow_redirects=True)
    assert "kvittering.pdf" in ok.get_data(as_text=True)


def sent_report(applicant=None):
    applicant = applicant or make_user()
    application, _, report = make_grant(applicant, requested=40_000)
    operations.save_report(report, {"activities": "Fest", "held_from": "2025-06-01", "held_to": "2025-06-02",
                                    "participants": "30", "target_groups": ["everyone"], "dugnad_hours": "10",
                                    "worked_well": "Alt", "worked_badly": "Lite", "actual": ["30000"],
                                    "other_funding": "0", "own_contribution": "0", "confirmed": "y"}, applicant)
    operations.send_report(report, applicant)
    return applicant, application, report


def test_staff_return_with_a_comment_the_applicant_corrects_and_staff_approve(app, client, log_in):
    applicant, application, report = sent_report()
    staff = make_user("decision_maker")
    db.session.commit()
    log_in(staff)
    review = f"/sluttrapporter/{report.id}"
    page = client.get(review).get_data(as_text=True)
    assert "Godkjent budsjett" in page and "40\u00a0000\u00a0kr" in page and "30\u00a0000\u00a0kr" in page
    empty = client.post(f"{review}/returner", data={"csrf_token": csrf_token(client, review), "comment": " "})
    assert empty.status_code == 400 and "Skriv hva søkeren må rette" in empty.get_data(as_text=True)
    returned = client.post(f"{review}/returner", data={"csrf_token": csrf_token(client, review),
                                                        "comment": "Legg ved kvitteringene."})
    assert returned.status_code == 302

    log_in(applicant)
    path = edit_path(application)
    page = client.get(path).get_data(as_text=True)
    assert "Legg ved kvitteringene." in page
    assert client.post(path, data=report_form(csrf_token(client, path), **{"actual-0": "31000"})).status_code == 302

    log_in(staff)
    assert client.post(f"{review}/godkjenn", data={"csrf_token": csrf_token(client, review)}).status_code == 302
    db.session.expire_all()
    report = db.session.get(FinalReport, report.id)
    assert report.status == ReportStatus.APPROVED and report.version == 2
    assert [(v.version, v.outcome) for v in report.versions] == [(1, "returned"), (2, "approved")]
    assert report.versions[0].content["lines"][0]["actual"] == 30_000  # the first version is kept as sent
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "FinalReport")).all()
    assert actions.count("report.sent") == 2 and "report.returned" in actions and "report.approved" in actions


def test_a_second_staff_member_cannot_approve_a_report_another_just_returned(app, in_request):
    _, _, report = sent_report()
    first, second = make_user("decision_maker"), make_user("decision_maker")
    db.session.commit()
    report = db.session.get(FinalReport, report.id)
    operations.return_report(report, "Mangler bilder.", first)
    db.session.commit()
    set_committed_value(report, "status", ReportStatus.SENT)  # the second read the page before the return
    with pytest.raises(DomainError) as refused:
        operations.approve_report(report, second)
    assert str(refused.value.message).startswith("Noen andre endret denne rapporten akkurat nå")
    assert db.session.get(FinalReport, report.id).status == ReportStatus.RETURNED


def test_the_applicant_sees_the_overdue_report_when_starting_a_new_application(app, client, log_in):
    applicant = make_user()
    application, _, _ = make_grant(applicant, due=date(2025, 1, 31))
    db.session.commit()
    log_in(applicant)
    page = client.get(f"/utlysning/{application.round_id}/ny").get_data(as_text=True)
    assert "Sluttrapporten for" in page and application.title in page

"""Mail where people expect it: reviewers when given applications (one mail per batch), the
applicant when their appeal is received; every mail logged at INFO."""
import logging

from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.decisions.operations import decide
from potten.extensions import db
from tests.accounts.helpers import mails_to
from tests.conftest import csrf_token
from tests.factories import make_application, make_declaration, make_round, make_user


def test_each_reviewer_gets_one_mail_for_a_batch_of_assignments(app, client, login_as, smtp, caplog):
    login_as("decision_maker")
    round_ = make_round()
    area = round_.focus_areas[0]
    titles = ["Lekeplass", "Konsert", "Benker"]
    for title in titles:
        make_application(round_=round_, focus_area=area, status=Status.SUBMITTED, title=title)
    rita = make_user("reviewer", email="rita@example.no", name="Rita")
    rolf = make_user("reviewer", email="rolf@example.no", name="Rolf", locale="en")
    db.session.commit()
    path = f"/vurdering/innsatsomrade/{area.id}/tildel"
    with caplog.at_level(logging.INFO, logger="potten.core.mail"):
        response = client.post(path, data={"all-csrf_token": csrf_token(client, path), "action": "all",
                                           "all-reviewers": [str(rita.id), str(rolf.id)], "all-due_on": "1.6.2030"})
    assert response.status_code == 302
    [to_rita] = mails_to(smtp, "rita@example.no")
    [to_rolf] = mails_to(smtp, "rolf@example.no")
    assert to_rita["Subject"] == "Du har 3 nye søknader å vurdere"
    assert to_rolf["Subject"] == "You have 3 new applications to review"
    body = to_rita.get_content()
    assert all(title in body for title in titles) and "/vurdering" in body
    assert "innen 1. juni 2030" in body
    assert any(r.levelno == logging.INFO and "rita@example.no" in r.getMessage() for r in caplog.records)


def test_the_applicant_is_told_their_appeal_is_received(app, client, smtp):
    applicant, approver = make_user(email="siri@example.no"), make_user("decision_maker")
    application = make_application(applicant=applicant, status=Status.IN_REVIEW, title="Sommerfest")
    make_declaration(application, approver)
    db.session.commit()
    with app.test_request_context("/"):
        decide(application, Status.REJECTED, None, "Utenfor ordningen", [], "", None, approver)
        unit_of_work.commit()
    smtp.messages.clear()
    token = applicant.get_id()  # a server-side session, committed before use
    unit_of_work.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
    path = f"/soknad/{application.id}/klage"
    client.post(path, data={"csrf_token": csrf_token(client, path), "text": "Vi er uenige."})
    [mail] = mails_to(smtp, "siri@example.no")
    assert mail["Subject"] == f"Vi har mottatt klagen din – saksnummer {application.case_number}"
    assert "Vi er uenige." in mail.get_content() and f"/soknad/{application.id}" in mail.get_content()

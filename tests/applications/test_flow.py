"""A resident who has never applied walks through the whole application, and gets a receipt."""
from email import message_from_bytes, policy

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.extensions import db
from tests.applications.conftest import BUDGET, about_with_focus_area, post_step, send, start, step_url, text, upload
from tests.factories import pdf_bytes


def test_resident_applies_step_by_step_and_gets_a_case_number_and_receipt(app, client, login_as, open_round, smtp):
    siri = login_as("applicant", name="Siri Søker", email="siri@example.no")
    page = text(client.get(f"/utlysning/{open_round.id}/ny"))
    assert "Ny søknad" in page and "Start søknaden" in page

    application_id = start(client, open_round.id)
    assert client.get(step_url(application_id, "about")).status_code == 200

    response = post_step(client, application_id, "about", about_with_focus_area(open_round), go="next")
    assert response.headers["Location"].endswith(step_url(application_id, "budget"))
    response = post_step(client, application_id, "budget", BUDGET, go="next")
    assert response.headers["Location"].endswith(step_url(application_id, "attachments"))
    response = upload(client, application_id, "pristilbud.pdf", pdf_bytes())
    assert response.status_code == 302
    assert "pristilbud.pdf" in text(client.get(step_url(application_id, "attachments")))

    check_page = text(client.get(step_url(application_id, "check")))
    for shown in ("Sommerfest i Torstrandparken", "Mat og drikke", "45 000 kr", "40 000 kr", "8601 11 17947",
                  "Familier, Alle", "pristilbud.pdf"):
        assert shown in check_page, shown

    response = send(client, application_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/soknad/{application_id}/kvittering")
    receipt = text(client.get(response.headers["Location"]))
    assert "Søknaden er sendt" in receipt and "2025-0001" in receipt

    application = db.session.get(Application, application_id)
    assert application.status == Status.SUBMITTED
    assert application.case_number == "2025-0001"
    assert application.submitted_at is not None
    assert application.bank_account == "86011117947"
    assert application.budget_total == 45_000 and application.requested_amount == 40_000
    assert not application.can_edit(siri)

    [mail] = smtp.messages
    assert mail.rcpt_tos == ["siri@example.no"]
    message = message_from_bytes(mail.content, policy=policy.default)
    body = message.get_body().get_content()
    assert "2025-0001" in message["Subject"] and "2025-0001" in body
    assert "Sommerfest i Torstrandparken" in body and "40\u00a0000\u00a0kr" in body
    assert f"/soknad/{application_id}" in body


def test_the_application_page_shows_status_content_and_a_plain_timeline(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    post_step(client, application_id, "about", about_with_focus_area(open_round))
    post_step(client, application_id, "budget", BUDGET)
    upload(client, application_id, "pristilbud.pdf", pdf_bytes())
    send(client, application_id)

    page = text(client.get(f"/soknad/{application_id}"))
    assert "Sendt inn" in page and "2025-0001" in page
    assert "Søknaden ble startet." in page
    assert "Vedlegg lagt til: pristilbud.pdf." in page
    assert "Søknaden ble sendt. Saksnummer 2025-0001." in page
    assert "Utkastet ble lagret." not in page  # saving a draft is not news for the applicant
    actions = {e.action for e in db.session.query(AuditEntry).filter_by(application_id=application_id)}
    assert {"application.started", "application.saved", "attachment.added", "application.submitted"} <= actions


def test_my_applications_lists_drafts_with_continue_and_sent_ones_with_case_number(app, client, login_as, open_round):
    login_as("applicant")
    sent_id = start(client, open_round.id)
    post_step(client, sent_id, "about", about_with_focus_area(open_round))
    post_step(client, sent_id, "budget", BUDGET)
    send(client, sent_id)
    draft_id = start(client, open_round.id)
    post_step(client, draft_id, "about", {"title": "Benker i bakgården"})

    page = text(client.get("/mine-soknader"))
    assert "Benker i bakgården" in page and "Sommerfest i Torstrandparken" in page
    assert "2025-0001" in page and "Sendt inn" in page and "Utkast" in page
    assert f'href="{step_url(draft_id, "about")}"' in page and "Fortsett" in page
    assert f'href="{step_url(sent_id, "about")}"' not in page


def test_a_saved_draft_is_there_when_the_applicant_comes_back(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    response = post_step(client, application_id, "about",
                         {"title": "Benker i bakgården", "summary": "Vi setter ut benker.", "start_date": "1.6.2026"})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Lagret kl." in page
    assert 'value="Benker i bakgården"' in page and "Vi setter ut benker." in page
    assert 'value="01.06.2026"' in page  # shown as typed on every form: dd.mm.åååå


def test_budget_without_javascript_adds_empty_rows_and_removes_emptied_lines(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    page = text(client.get(step_url(application_id, "budget")))
    assert 'name="budget_lines-2-item"' in page and 'name="budget_lines-3-item"' not in page

    response = post_step(client, application_id, "budget", {
        "budget_lines-0-item": "Mat", "budget_lines-0-amount": "1000",
        "budget_lines-1-item": "Lyd", "budget_lines-1-amount": "2000",
        "budget_lines-2-item": "Telt", "budget_lines-2-amount": "3000"}, go="add_line")
    page = text(client.get(response.headers["Location"]))
    assert 'name="budget_lines-3-item"' in page  # three saved lines and a new empty one
    assert "6 000 kr" in page

    post_step(client, application_id, "budget", {
        "budget_lines-0-item": "Mat", "budget_lines-0-amount": "1000",
        "budget_lines-1-item": "", "budget_lines-1-amount": "",
        "budget_lines-2-item": "Telt", "budget_lines-2-amount": "3000"})
    application = db.session.get(Application, application_id)
    assert [(line.item, line.amount) for line in application.budget_lines] == [("Mat", 1000), ("Telt", 3000)]


def test_autosave_answers_in_json_with_the_time(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    token = csrf_token_for(client, application_id)
    response = client.post(f"/soknad/{application_id}/autolagring",
                           data={"csrf_token": token, "step": "about", "title": "Benker", "summary": "",
                                 "expected_participants": "mange"})
    assert response.status_code == 200
    assert response.json["saved"] is True
    assert response.json["message"].startswith("Lagret kl.")
    assert "expected_participants" in response.json["errors"]
    assert db.session.get(Application, application_id).title == "Benker"

    response = client.post(f"/soknad/{application_id}/autolagring", data={"step": "about", "title": "Uten nøkkel"})
    assert response.status_code == 400 and response.json["saved"] is False
    assert db.session.get(Application, application_id).title == "Benker"


def csrf_token_for(client, application_id: int) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, step_url(application_id, "about"))


def test_the_receipt_is_in_the_applicants_language(app, client, login_as, open_round, smtp):
    login_as("applicant", locale="en", email="lena@example.no")
    application_id = start(client, open_round.id)
    post_step(client, application_id, "about", about_with_focus_area(open_round))
    post_step(client, application_id, "budget", BUDGET)
    receipt = text(client.get(send(client, application_id).headers["Location"]))
    assert "The application is sent" in receipt and "2025-0001" in receipt
    [mail] = smtp.messages
    message = message_from_bytes(mail.content, policy=policy.default)
    assert message["Subject"] == "We have received your application – case number 2025-0001"
    assert "Amount applied for: NOK\u00a040,000" in message.get_body().get_content()


def test_a_member_applies_for_the_club(app, client, login_as, open_round):
    from tests.conftest import csrf_token
    from tests.factories import make_organisation

    user = login_as("applicant")
    club = make_organisation(name="Torstrand Vel", members=[user])
    db.session.commit()
    url = f"/utlysning/{open_round.id}/ny"
    page = text(client.get(url))
    assert "Hvem søker?" in page and "Meg selv, som privatperson" in page and "Torstrand Vel" in page
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "applicant": str(club.id)})
    assert response.status_code == 302
    application = db.session.query(Application).one()
    assert application.organisation_id == club.id and application.applicant_id == user.id
    assert "for Torstrand Vel" in text(client.get("/mine-soknader"))


def test_every_page_of_the_journey_speaks_english_to_an_english_applicant(app, client, login_as, open_round):
    from tests.factories import make_application

    user = login_as("applicant", locale="en")
    draft_id = start(client, open_round.id)
    sent = make_application(applicant=user, round_=open_round, status=Status.SUBMITTED)
    db.session.commit()
    expected = {
        "/mine-soknader": "My applications", f"/utlysning/{open_round.id}/ny": "New application",
        step_url(draft_id, "about"): "About the project", step_url(draft_id, "budget"): "Budget and payment",
        step_url(draft_id, "attachments"): "Attachments", step_url(draft_id, "check"): "Check and send",
        f"/soknad/{sent.id}": "What has happened", f"/soknad/{sent.id}/kvittering": "The application is sent",
        f"/soknad/{sent.id}/trekk": "Withdraw the application"}
    for path, heading in expected.items():
        page = text(client.get(path))
        assert heading in page, path
        assert "søknad" not in page.lower(), path  # no bokmål left behind

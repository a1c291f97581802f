"""Who may download a letter, the applicant's letters page, and the staff overview."""
import io

import pytest
from docx import Document

from potten.core import outbox, unit_of_work
from potten.core.outbox import OutboxEntry
from potten.extensions import db
from potten.letters.models import Letter
from tests.conftest import csrf_token
from tests.factories import make_user, session_token
from tests.letters.helpers import decided_letter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sent_letter(**kwargs) -> Letter:
    letter = decided_letter(kwargs.pop("outcome", "approved"), "nb", **kwargs)
    unit_of_work.commit()
    return db.session.get(Letter, letter.id)


def test_the_applicant_downloads_their_decision_letter(app, client):
    letter = _sent_letter()
    with client.session_transaction() as session:
        session["_user_id"] = session_token(letter.application.applicant)
    response = client.get(f"/brev/{letter.id}/vedtaksbrev.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert f'filename={letter.filename}' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    assert Document(io.BytesIO(response.data)).paragraphs


def test_a_member_of_the_applying_organisation_may_download_it(app, client, login_as):
    letter = _sent_letter(organisation=True)
    member = login_as("applicant")
    letter.application.organisation.members.append(member)
    db.session.commit()
    assert client.get(f"/brev/{letter.id}/vedtaksbrev.docx").status_code == 200


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("decision_maker", 200), ("reviewer", 404), ("finance", 404), ("applicant", 404)])
def test_only_the_applicant_and_the_deciding_staff_may_download_a_letter(app, client, login_as, role, status):
    letter = _sent_letter()
    login_as(role)
    assert client.get(f"/brev/{letter.id}/vedtaksbrev.docx").status_code == status


def test_nobody_logged_out_gets_a_letter(app, client):
    letter = _sent_letter()
    response = client.get(f"/brev/{letter.id}/vedtaksbrev.docx")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_a_letter_not_yet_built_cannot_be_downloaded_but_is_shown_as_coming(app, client):
    letter = decided_letter("approved", "nb")
    db.session.commit()
    db.session.info.pop("outbox_ready", None)
    with client.session_transaction() as session:
        session["_user_id"] = session_token(letter.application.applicant)
    assert client.get(f"/brev/{letter.id}/vedtaksbrev.docx").status_code == 404
    page = client.get("/mine-brev").get_data(as_text=True)
    assert "blir laget nå" in page


def test_my_letters_lists_the_letters_of_my_applications_only(app, client):
    mine = _sent_letter()
    other = _sent_letter()
    with client.session_transaction() as session:
        session["_user_id"] = session_token(mine.application.applicant)
    page = client.get("/mine-brev").get_data(as_text=True)
    assert f"/brev/{mine.id}/vedtaksbrev.docx" in page
    assert f"/brev/{other.id}/vedtaksbrev.docx" not in page
    assert mine.application.case_number in page


def test_an_applicant_without_letters_is_told_so(app, client, login_as):
    login_as("applicant")
    assert "Du har ingen brev ennå" in client.get("/mine-brev").get_data(as_text=True)


def test_the_overview_shows_pending_sent_and_failed_letters_to_staff(app, client, login_as):
    sent = _sent_letter()
    failed = _sent_letter(outcome="rejected")
    failed.mail_entry.status, failed.mail_entry.last_error = outbox.FAILED, "SMTPDataError: (451, b'Try again')"
    waiting = decided_letter("approved", "nb")
    db.session.commit()
    db.session.info.pop("outbox_ready", None)

    login_as("decision_maker")
    page = client.get("/brev").get_data(as_text=True)
    for letter in (sent, failed, waiting):
        assert letter.application.case_number in page
    assert "Sendt" in page and "Feilet" in page and "Venter på å bli sendt" in page
    assert "Prøv igjen" in page and "451" in page
    only_failed = client.get("/brev?status=failed").get_data(as_text=True)
    assert failed.application.case_number in only_failed
    assert sent.application.case_number not in only_failed


@pytest.mark.parametrize("role", ["reviewer", "finance", "applicant"])
def test_the_overview_is_for_admins_and_decision_makers(app, client, login_as, role):
    login_as(role)
    assert client.get("/brev").status_code == 403


def _failed_letter(smtp) -> Letter:
    letter = _sent_letter()
    letter.mail_entry.status = outbox.FAILED  # as if the mail server had refused it to the end
    db.session.commit()
    smtp.messages.clear()
    return letter


def test_a_retry_needs_the_form_token(app, client, login_as, smtp):
    letter = _failed_letter(smtp)
    login_as("admin")
    client.post(f"/brev/{letter.id}/prov-igjen", data={})
    assert db.session.get(OutboxEntry, letter.mail_entry_id).status == outbox.FAILED
    assert smtp.messages == []


def test_an_admin_retries_a_failed_letter_and_it_is_sent(app, client, login_as, smtp):
    letter = _failed_letter(smtp)
    login_as("admin")
    token = csrf_token(client, "/brev")
    response = client.post(f"/brev/{letter.id}/prov-igjen", data={"csrf_token": token}, follow_redirects=True)
    assert "blir sendt på nytt" in response.get_data(as_text=True)
    assert len(smtp.messages) == 1
    assert db.session.get(Letter, letter.id, populate_existing=True).status == "sent"


def test_retrying_a_letter_that_has_not_failed_says_so(app, client, login_as):
    letter = _sent_letter()
    login_as("admin")
    token = csrf_token(client, "/brev")
    response = client.post(f"/brev/{letter.id}/prov-igjen", data={"csrf_token": token}, follow_redirects=True)
    assert "ikke noe å prøve igjen" in response.get_data(as_text=True)


def test_staff_see_the_letter_and_its_status_on_the_application_page_partial(app, login_as):
    from flask import render_template_string
    from flask_login import login_user

    letter = _sent_letter()
    staff = make_user("admin")
    db.session.commit()
    with app.test_request_context():
        login_user(staff)
        html = render_template_string('{% include "letters/_for_application.html" %}', application=letter.application)
    assert f"/brev/{letter.id}/vedtaksbrev.docx" in html and "Sendt" in html and letter.recipient_email in html


def test_every_letter_setting_left_empty_is_named_at_once(app, client, login_as):
    from potten.core.errors import Problems
    from potten.letters import operations
    from potten.letters.settings import FIELDS

    admin = login_as("admin")
    values = {name: "Tekst" for name in FIELDS} | {"phone": "", "rules_name": None}
    with pytest.raises(Problems) as refused:
        operations.save_settings(values, admin)
    assert sorted(field for field, _ in refused.value.problems) == ["phone", "rules_name"]

    response = client.post("/brev/innstillinger", data={"csrf_token": csrf_token(client, "/brev/innstillinger"),
                                                        "rules_name": "Retningslinjer", "phone": "", "email": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("phone", "email", "rules_name_en", "visiting_address"):
        assert f'href="#{field}"' in page, field
    assert 'value="Retningslinjer"' in page

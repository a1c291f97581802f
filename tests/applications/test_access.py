"""Only the applicant (and members of the applying organisation) see an application; staff see sent ones.
Everyone else gets 404, as if it did not exist."""
import pytest

from potten.applications.models import Application, Attachment
from potten.applications.workflow import Status
from potten.extensions import db
from tests.applications.conftest import text
from tests.conftest import csrf_token
from tests.factories import make_application, make_draft, make_organisation, make_user, pdf_bytes


def with_attachment(application: Application) -> Attachment:
    data = pdf_bytes()
    attachment = Attachment(filename="pristilbud.pdf", content_type="application/pdf", size=len(data),
                            sha256="0" * 64, data=data, uploaded_by_id=application.applicant_id)
    application.attachments.append(attachment)
    db.session.flush()
    return attachment


def pages(application_id: int, attachment_id: int) -> list[tuple[str, str]]:
    base = f"/soknad/{application_id}"
    return [("GET", base), ("GET", f"{base}/om-prosjektet"), ("POST", f"{base}/om-prosjektet"),
            ("GET", f"{base}/budsjett"), ("POST", f"{base}/budsjett"), ("GET", f"{base}/vedlegg"),
            ("POST", f"{base}/vedlegg"), ("GET", f"{base}/kontroll"), ("POST", f"{base}/kontroll"),
            ("POST", f"{base}/autolagring"), ("GET", f"{base}/kvittering"), ("GET", f"{base}/trekk"),
            ("POST", f"{base}/trekk"), ("GET", f"{base}/vedlegg/{attachment_id}"),
            ("POST", f"{base}/vedlegg/{attachment_id}/slett")]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_another_applicant_gets_404_everywhere_on_my_application(app, client, login_as, status):
    anne = make_user(name="Anne")
    application = make_application(applicant=anne, status=status)
    attachment = with_attachment(application)
    db.session.commit()
    login_as("applicant", name="Bjørn")
    token = csrf_token(client, "/mine-soknader")
    for method, url in pages(application.id, attachment.id):
        data = {"csrf_token": token, "step": "about", "title": "Bjørns tittel", "reason": "x"}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 404, (method, url)
    db.session.expire_all()
    assert application.title == "Sommerfest i Torstrandparken" and application.status == status
    assert len(application.attachments) == 1
    assert "Sommerfest" not in text(client.get("/mine-soknader"))


def test_an_attachment_of_one_application_cannot_be_fetched_through_another(app, client, login_as):
    user = login_as("applicant")
    mine = make_application(applicant=user)
    other = make_application(title="Annens søknad")
    attachment = with_attachment(other)
    db.session.commit()
    assert client.get(f"/soknad/{mine.id}/vedlegg/{attachment.id}").status_code == 404


def test_the_applicant_downloads_an_attachment_safely(app, client, login_as):
    user = login_as("applicant")
    application = make_application(applicant=user)
    attachment = with_attachment(application)
    db.session.commit()
    response = client.get(f"/soknad/{application.id}/vedlegg/{attachment.id}")
    assert response.status_code == 200
    assert response.data == pdf_bytes()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "pristilbud.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_members_of_the_applying_organisation_share_the_application(app, client, login_as):
    anne = make_user()
    bjorn = login_as("applicant")
    club = make_organisation(members=[anne, bjorn])
    application = make_draft(applicant=anne, organisation=club, title="Vellets vårdugnad")
    db.session.commit()
    assert "Vellets vårdugnad" in text(client.get("/mine-soknader"))
    assert client.get(f"/soknad/{application.id}/om-prosjektet").status_code == 200


def test_nobody_can_start_an_application_for_an_organisation_they_are_not_in(app, client, login_as):
    from tests.factories import make_round

    login_as("applicant")
    club = make_organisation()
    round_ = make_round()
    db.session.commit()
    url = f"/utlysning/{round_.id}/ny"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "applicant": str(club.id)})
    assert response.status_code == 400 and "Velg hvem som søker." in text(response)
    assert db.session.query(Application).count() == 0


def test_staff_see_sent_applications_but_not_drafts_and_never_edit(app, client, login_as):
    draft = make_draft(title="Bare et utkast")
    sent = make_application(status=Status.SUBMITTED)
    db.session.commit()
    login_as("decision_maker")
    assert client.get(f"/soknad/{draft.id}").status_code == 404
    assert client.get(f"/soknad/{sent.id}").status_code == 200
    assert client.get(f"/soknad/{sent.id}/trekk").status_code == 404


def test_visitors_are_asked_to_log_in(app, client):
    application = make_application()
    db.session.commit()
    response = client.get(f"/soknad/{application.id}")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]

"""Finding 9: habilitet. Until they have declared, a reviewer sees only the title, the applicant and the
organisation; a decision maker or reviewer who declared a conflict sees nothing more of the application than
a stranger, through any URL (the applicant's pages, attachments and letters included)."""
import hashlib

import pytest

from potten.applications.models import Attachment
from potten.applications.workflow import Status
from potten.extensions import db
from potten.letters.models import Letter
from tests.conftest import csrf_token
from tests.factories import (
    make_application,
    make_assignment,
    make_declaration,
    make_organisation,
    make_staff,
    make_user,
)

SECRET = "Vi lager en fest med mat, musikk og leker."


def _application():
    owner = make_user(name="Siri Søker")
    organisation = make_organisation(name="Torstrand Vel", members=[owner])
    application = make_application(applicant=owner, organisation=organisation, status=Status.SUBMITTED,
                                   title="Sommerfest i parken")
    db.session.add(Attachment(application=application, filename="hemmelig-budsjett.pdf",
                              content_type="application/pdf", size=8, data=b"%PDF-1.4", uploaded_by_id=owner.id,
                              sha256=hashlib.sha256(b"%PDF-1.4").hexdigest()))
    return application


def test_a_reviewer_sees_title_applicant_and_organisation_only_until_declared(app, client, log_in):
    application = _application()
    reviewer = make_staff("reviewer")
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    log_in(reviewer)
    page = client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)
    assert "Sommerfest i parken" in page and "Siri Søker" in page and "Torstrand Vel" in page
    for hidden in (SECRET, "En fest for hele nabolaget.", "hemmelig-budsjett.pdf", "Torstrandparken",
                   application.case_number, "Mat og drikke"):
        assert hidden not in page, hidden

    response = client.post(f"/vurdering/soknad/{application.id}/habilitet", data={
        "csrf_token": csrf_token(client, f"/vurdering/soknad/{application.id}"), "conflict": "no"})
    assert response.status_code == 302
    assert SECRET in client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["decision_maker", "admin", "finance"])
def test_a_declared_conflict_shuts_every_door_to_the_application(app, client, log_in, role):
    application = _application()
    person = make_staff(role, "reviewer")
    make_declaration(application, person, conflict=True, reason="Søkeren er min søster")
    letter = Letter(application_id=application.id, recipient_email="siri@example.no", filename="vedtak.docx",
                    data={}, content=b"PK\x03\x04", size=4)
    db.session.add(letter)
    db.session.commit()
    attachment = application.attachments[0]
    log_in(person)
    for path in (f"/soknad/{application.id}", f"/soknad/{application.id}/vedlegg/{attachment.id}",
                 f"/soknad/{application.id}/kvittering", f"/vurdering/soknad/{application.id}/vurderinger.json",
                 f"/brev/{letter.id}/vedtaksbrev.docx"):
        assert client.get(path).status_code in (403, 404), path
    page = client.get(f"/vurdering/soknad/{application.id}")
    if page.status_code == 200:
        text = page.get_data(as_text=True)
        assert SECRET not in text and "hemmelig-budsjett.pdf" not in text


def test_without_a_conflict_staff_still_see_it(app, client, log_in):
    application = _application()
    person = make_staff("decision_maker")
    make_declaration(application, person, conflict=False)
    db.session.commit()
    attachment = application.attachments[0]
    log_in(person)
    assert client.get(f"/soknad/{application.id}").status_code == 200
    assert client.get(f"/soknad/{application.id}/vedlegg/{attachment.id}").status_code == 200


def test_the_letter_overview_leaves_out_the_applications_one_declared_a_conflict_for(app, client, log_in):
    application = _application()
    person = make_staff("decision_maker")
    make_declaration(application, person, conflict=True, reason="Søkeren er min søster")
    letter = Letter(application_id=application.id, recipient_email="siri@example.no", filename="vedtak.docx",
                    data={}, content=b"PK\x03\x04", size=4)
    db.session.add(letter)
    db.session.commit()
    log_in(person)
    assert "siri@example.no" not in client.get("/brev").get_data(as_text=True)
    response = client.post(f"/brev/{letter.id}/prov-igjen", data={"csrf_token": csrf_token(client, "/brev")})
    assert response.status_code == 404

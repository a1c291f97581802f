"""The applicant's page leads to what the applicant must or may do next."""
from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_decision


def test_a_question_from_a_reviewer_is_linked_from_the_application_page(app, client, login_as):
    applicant = login_as("applicant")
    application = make_application(applicant=applicant, status=Status.INFO_REQUESTED)
    db.session.commit()
    page = client.get(f"/soknad/{application.id}").get_data(as_text=True)
    assert f"/soknad/{application.id}/svar" in page
    assert "Les og svar på spørsmålet" in page


def test_a_decided_application_offers_an_appeal(app, client, login_as):
    applicant = login_as("applicant")
    application = make_application(applicant=applicant, status=Status.IN_REVIEW)
    make_decision(application, "rejected", reasons="Utenfor formålet.")
    db.session.commit()
    page = client.get(f"/soknad/{application.id}").get_data(as_text=True)
    assert f"/soknad/{application.id}/klage" in page


def test_a_pending_application_offers_no_appeal(app, client, login_as):
    applicant = login_as("applicant")
    application = make_application(applicant=applicant, status=Status.SUBMITTED)
    db.session.commit()
    assert f"/soknad/{application.id}/klage" not in client.get(f"/soknad/{application.id}").get_data(as_text=True)

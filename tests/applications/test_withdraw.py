"""The applicant withdraws an application before it is decided."""
from email import message_from_bytes, policy

import pytest
from sqlalchemy import update

from potten.applications import operations
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core.errors import IllegalTransition
from potten.extensions import db
from tests.applications.conftest import text
from tests.conftest import csrf_token
from tests.factories import make_application


def withdraw(client, application_id: int, reason: str = ""):
    url = f"/soknad/{application_id}/trekk"
    return client.post(url, data={"csrf_token": csrf_token(client, "/mine-soknader"), "reason": reason})


def test_applicant_confirms_and_withdraws_with_a_reason(app, client, login_as, smtp):
    user = login_as("applicant", email="anne@example.no")
    application = make_application(applicant=user, status=Status.SUBMITTED)
    db.session.commit()

    page = text(client.get(f"/soknad/{application.id}"))
    assert "Trekk søknaden" in page
    confirm = text(client.get(f"/soknad/{application.id}/trekk"))
    assert "Vil du trekke «Sommerfest i Torstrandparken»" in confirm and "Ja, trekk søknaden" in confirm

    response = withdraw(client, application.id, "Vi fikk lokale sponsorer.")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Søknaden er trukket." in page
    assert "Søknaden ble trukket." in page and "Begrunnelse: Vi fikk lokale sponsorer." in page
    db.session.expire_all()
    assert application.status == Status.WITHDRAWN
    [mail] = smtp.messages
    message = message_from_bytes(mail.content, policy=policy.default)
    assert application.case_number in message["Subject"]
    assert "Vi fikk lokale sponsorer." in message.get_body().get_content()


def test_the_reason_is_optional(app, client, login_as):
    user = login_as("applicant")
    application = make_application(applicant=user, status=Status.IN_REVIEW)
    db.session.commit()
    assert withdraw(client, application.id).status_code == 302
    db.session.expire_all()
    assert application.status == Status.WITHDRAWN


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN])
def test_an_application_that_is_decided_or_not_sent_cannot_be_withdrawn(app, client, login_as, status):
    user = login_as("applicant")
    application = make_application(applicant=user, status=status)
    db.session.commit()
    assert "Trekk søknaden" not in text(client.get(f"/soknad/{application.id}"))
    response = withdraw(client, application.id)
    assert response.status_code == 302
    assert "Denne søknaden kan ikke trekkes lenger." in text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert application.status == status


def test_a_decision_made_at_the_same_moment_wins_over_the_withdrawal(app, in_request):
    application = make_application(status=Status.SUBMITTED)
    db.session.commit()
    assert application.status == Status.SUBMITTED  # as this request loaded it
    with db.engine.begin() as other_request:  # the programme group decides meanwhile
        other_request.execute(update(Application).where(Application.id == application.id)
                              .values(status=Status.APPROVED))
    with pytest.raises(IllegalTransition) as refused:
        operations.withdraw(application, application.applicant, "For sent")
    assert "Innvilget" in str(refused.value.message)
    db.session.rollback()
    assert db.session.get(Application, application.id).status == Status.APPROVED

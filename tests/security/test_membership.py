"""Finding 4: a member cannot make anyone a member (and so a party to the organisation's applications)
without their consent, and the invitation form does not tell whether an address has an account."""
import re

from potten.applications.workflow import Status
from potten.extensions import db
from tests.accounts.helpers import alerts, post_form
from tests.factories import make_application, make_declaration, make_organisation, make_staff, make_user


def _invite(client, organisation, address: str):
    path = f"/organisasjon/{organisation.id}"
    return post_form(client, f"{path}/medlemmer", {"email": address}, form_page=path, follow_redirects=True)


def test_inviting_the_decision_maker_changes_nothing_until_they_accept(app, client, login_as, log_in):
    member = login_as("applicant")
    organisation = make_organisation(members=[member])
    boss = make_staff("decision_maker", email="leder@example.no")
    case = make_application(applicant=member, organisation=organisation, status=Status.SUBMITTED)
    make_declaration(case, boss)
    db.session.commit()

    _invite(client, organisation, "leder@example.no")
    db.session.expire_all()
    assert not organisation.has_member(boss)
    log_in(boss)
    assert client.get(f"/vedtak/soknad/{case.id}").status_code == 200  # still hers to decide
    ranking = client.get(f"/vurdering/innsatsomrade/{case.focus_area_id}/rangering").get_data(as_text=True)
    assert case.title in ranking


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(app, client, login_as):
    member = login_as("applicant")
    organisation = make_organisation(members=[member])
    make_user(email="finnes@example.no")
    db.session.commit()

    def answer(address):
        response = _invite(client, organisation, address)
        return response.status_code, [a.replace(address, "ADDRESS") for a in alerts(response.get_data(as_text=True))]

    assert answer("finnes@example.no") == answer("finnes-ikke@example.no")


def test_only_the_owner_of_the_confirmed_address_can_accept(app, client, login_as, log_in):
    member = login_as("applicant")
    organisation = make_organisation(members=[member])
    unconfirmed = make_user(email="ubekreftet@example.no", verified=False)
    stranger = make_user(email="fremmed@example.no")
    db.session.commit()
    _invite(client, organisation, "ubekreftet@example.no")
    from potten.accounts.invitations import Invitation

    invitation = db.session.query(Invitation).one()

    for person in (unconfirmed, stranger):
        log_in(person)
        page = client.get("/mine-organisasjoner").get_data(as_text=True)
        assert not re.search(r'action="/invitasjon/', page)
        response = post_form(client, f"/invitasjon/{invitation.id}", {"answer": "accept"},
                             form_page="/mine-organisasjoner")
        assert response.status_code == 404
    db.session.expire_all()
    assert not organisation.has_member(unconfirmed) and not organisation.has_member(stranger)


def test_registration_answers_the_same_and_mails_the_owner_of_an_existing_address(app, client, smtp):
    from potten.accounts.models import User
    from tests.accounts.helpers import mails_to

    make_user(email="finnes@example.no", name="Frida Finnes")
    db.session.commit()

    def register(address):
        other = app.test_client()
        with app.app_context():
            response = post_form(other, "/registrer", {"email": address, "name": "Noen", "password": "et langt passord",
                                                       "password_again": "et langt passord"})
            page = other.get(response.headers["Location"]).get_data(as_text=True)
        return response.status_code, response.headers["Location"], [a.replace(address, "X") for a in alerts(page)]

    assert register("finnes@example.no") == register("ny@example.no")
    assert db.session.query(User).filter_by(email="finnes@example.no").one().name == "Frida Finnes"
    [warning] = mails_to(smtp, "finnes@example.no")
    assert warning["Subject"] == "Noen prøvde å lage en konto med adressen din i Nabolagspotten"
    assert mails_to(smtp, "ny@example.no")[0]["Subject"] == "Bekreft e-postadressen din for Nabolagspotten"

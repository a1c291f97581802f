"""An applicant registers the club they apply for, and its members manage it together."""
import html
import threading

import pytest

from potten.accounts.models import Organisation
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, alerts, audit_entries, error_summary, mails_to, post_form
from tests.factories import make_organisation, make_user

CLUB = {"name": "Torstrand Idrettslag", "kind": "association", "orgnr": "974 760 673",
        "contact_name": "Kari Kontakt", "contact_email": "kari@example.no", "contact_phone": "",
        "address": "Torstrandgata 1", "postcode": "3263", "city": "Larvik"}


def test_applicant_registers_an_organisation_and_becomes_its_member(app, client, login_as):
    user = login_as("applicant")
    response = post_form(client, "/organisasjon/ny", CLUB)
    organisation = db.session.query(Organisation).one()
    assert response.headers["Location"] == f"/organisasjon/{organisation.id}"
    assert organisation.orgnr == "974760673"  # typed with spaces, stored compact
    assert organisation.members == [user]
    assert organisation.can_manage(user)
    [entry] = audit_entries("organisation.registered")
    assert entry.actor_id == user.id and entry.after["orgnr"] == "974760673"

    page = client.get(f"/organisasjon/{organisation.id}").get_data(as_text=True)
    assert "974 760 673" in page and "Lag eller forening" in page
    assert "Torstrand Idrettslag" in client.get("/mine-organisasjoner").get_data(as_text=True)


def test_wrong_orgnr_and_postcode_are_explained_and_what_was_typed_stays(app, client, login_as):
    login_as("applicant")
    response = post_form(client, "/organisasjon/ny", {**CLUB, "orgnr": "974760674", "postcode": "326"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert error_summary(page) == [
        "Dette organisasjonsnummeret finnes ikke. Sjekk sifrene: du finner nummeret i Brønnøysundregistrene "
        "(brreg.no).",
        "Et postnummer har 4 sifre, for eksempel 3263.",
    ]
    assert 'href="#orgnr"' in page and 'href="#postcode"' in page
    for typed in ('value="974760674"', 'value="326"', 'value="Torstrand Idrettslag"', 'value="Torstrandgata 1"'):
        assert typed in page
    assert db.session.query(Organisation).count() == 0


@pytest.mark.parametrize("orgnr", ["97476067", "97476067X", "9747606730"])
def test_orgnr_must_have_nine_digits(app, client, login_as, orgnr):
    login_as("applicant")
    page = post_form(client, "/organisasjon/ny", {**CLUB, "orgnr": orgnr}).get_data(as_text=True)
    assert error_summary(page) == ["Et organisasjonsnummer har 9 sifre, for eksempel 974 760 673."]


def test_registering_an_existing_orgnr_says_to_ask_a_member(app, client, login_as):
    make_organisation(orgnr="974760673")
    db.session.commit()
    login_as("applicant")
    page = post_form(client, "/organisasjon/ny", {**CLUB, "orgnr": "974760673"}).get_data(as_text=True)
    assert error_summary(page) == [
        "Denne organisasjonen er allerede registrert i Nabolagspotten. Be et av medlemmene om å legge deg til: "
        "det gjør de på siden til organisasjonen."]
    assert db.session.query(Organisation).count() == 1


def test_every_broken_rule_of_an_organisation_is_named_at_once(app, login_as):
    from potten.accounts.organisation_operations import register_organisation
    from potten.core.errors import Problems

    make_organisation(orgnr="974760673")
    user = login_as("applicant")
    with pytest.raises(Problems) as refused:
        register_organisation(user, **{**CLUB, "kind": "secret society", "orgnr": "974760673"})
    assert [field for field, _ in refused.value.problems] == ["kind", "orgnr"]


def test_member_invites_a_user_who_accepts_on_their_own_page(app, client, login_as, smtp):
    member = login_as("applicant", name="Mona Medlem")
    newcomer = make_user(email="ny@example.no", name="Nils Ny", locale="en")
    organisation = make_organisation(members=[member])
    db.session.commit()
    path = f"/organisasjon/{organisation.id}"

    response = post_form(client, f"{path}/medlemmer", {"email": "NY@example.no"}, form_page=path,
                         follow_redirects=True)
    assert "Vi har sendt en invitasjon til NY@example.no." in alerts(response.get_data(as_text=True))[0]
    assert "ny@example.no" in response.get_data(as_text=True)  # listed as invited
    assert not organisation.has_member(newcomer)  # nothing changes until they accept
    [mail] = mails_to(smtp, "ny@example.no")
    assert mail["Subject"] == "You are invited to join Torstrand Vel in Nabolagspotten"  # in his language

    invited = app.test_client()
    with app.app_context():
        post_form(invited, "/logg-inn", {"email": "ny@example.no", "password": PASSWORD})
        page = invited.get("/mine-organisasjoner").get_data(as_text=True)
        assert "Mona Medlem invites you to be a member of Torstrand Vel" in page
        post_form(invited, f"/invitasjon/{_invitation_id(page)}", {"answer": "accept"},
                  form_page="/mine-organisasjoner")
    db.session.expire_all()
    assert organisation.has_member(newcomer) and organisation.can_manage(newcomer)
    [entry] = audit_entries("organisation.member_added")
    assert entry.actor_id == newcomer.id
    assert entry.after == {"members": sorted([member.email, "ny@example.no"])}


def _invitation_id(page: str) -> int:
    import re

    return int(re.search(r'action="/invitasjon/(\d+)"', page).group(1))


def test_member_removes_another_member_but_never_the_last(app, client, login_as):
    member = login_as("applicant")
    other = make_user(name="Ola Annen")
    organisation = make_organisation(members=[member, other])
    db.session.commit()
    path = f"/organisasjon/{organisation.id}"

    post_form(client, f"{path}/medlemmer/{other.id}/fjern", {}, form_page=path)
    assert organisation.members == [member]
    [entry] = audit_entries("organisation.member_removed")
    assert entry.before["members"] == sorted([member.email, other.email])
    assert entry.after["members"] == [member.email]

    response = post_form(client, f"{path}/medlemmer/{member.id}/fjern", {}, form_page=path, follow_redirects=True)
    assert "Det siste medlemmet kan ikke fjernes. Legg til et annet medlem først." in alerts(
        response.get_data(as_text=True))
    assert organisation.members == [member]


def test_member_edits_the_details_and_the_change_is_logged(app, client, login_as):
    member = login_as("applicant")
    organisation = make_organisation(members=[member])
    db.session.commit()
    path = f"/organisasjon/{organisation.id}/endre"
    assert 'value="Torstrand Vel"' in client.get(path).get_data(as_text=True)
    post_form(client, path, {**CLUB, "name": "Torstrand Vel og Idrettslag", "kind": "organisation"})
    assert organisation.name == "Torstrand Vel og Idrettslag" and organisation.kind == "organisation"
    [entry] = audit_entries("organisation.changed")
    assert entry.before["name"] == "Torstrand Vel" and entry.after["name"] == "Torstrand Vel og Idrettslag"
    assert "orgnr" not in entry.before  # unchanged fields are not logged


def test_other_peoples_organisations_are_hidden(app, client, login_as):
    organisation = make_organisation(members=[make_user()])
    db.session.commit()
    outsider = login_as("applicant")
    assert not organisation.can_view(outsider)
    assert client.get(f"/organisasjon/{organisation.id}").status_code == 404
    assert client.get(f"/organisasjon/{organisation.id}/endre").status_code == 404
    assert post_form(client, f"/organisasjon/{organisation.id}/medlemmer", {"email": outsider.email},
                     form_page="/mine-organisasjoner").status_code == 404
    assert organisation.members != [outsider]


def test_finance_sees_an_organisation_but_cannot_change_it(app, client, login_as):
    organisation = make_organisation(members=[make_user()])
    db.session.commit()
    finance = login_as("finance")
    assert not organisation.can_manage(finance)
    assert client.get(f"/organisasjon/{organisation.id}").status_code == 200
    assert client.get(f"/organisasjon/{organisation.id}/endre").status_code == 403


def test_admin_may_manage_any_organisation(app, client, login_as):
    organisation = make_organisation(members=[make_user()])
    db.session.commit()
    admin = login_as("admin")
    assert organisation.can_manage(admin)
    assert client.get(f"/organisasjon/{organisation.id}/endre").status_code == 200


def test_two_registering_the_same_orgnr_at_once_the_second_is_told_to_ask_a_member(app, client, login_as):
    """The check before saving cannot see a registration that another person commits a moment later:
    here it is held open on a connection of its own until the page's insert waits for it."""
    login_as("applicant")
    other = db.engine.connect()
    other_tx = other.begin()
    other.execute(Organisation.__table__.insert().values(
        name="Torstrand IL", kind="association", orgnr="974760673", contact_name="Per", contact_email="p@example.no",
        address="Torstrandgata 2", postcode="3263", city="Larvik"))
    answers = []
    sender = threading.Thread(target=lambda: answers.append(post_form(client, "/organisasjon/ny", CLUB)))
    sender.start()
    sender.join(1.0)  # the page checked (nothing committed yet) and now waits for the other insert
    other_tx.commit()
    other.close()
    sender.join(30)
    page = html.unescape(answers[0].get_data(as_text=True))
    assert answers[0].status_code == 400
    assert error_summary(page) == [
        "Denne organisasjonen er allerede registrert i Nabolagspotten. Be et av medlemmene om å legge deg til: "
        "det gjør de på siden til organisasjonen."]
    assert 'value="Torstrand Idrettslag"' in page  # what was typed stays
    assert db.session.query(Organisation).count() == 1
    assert audit_entries("organisation.registered") == []


def _invite(client, organisation, address: str):
    path = f"/organisasjon/{organisation.id}"
    return post_form(client, f"{path}/medlemmer", {"email": address}, form_page=path, follow_redirects=True)


def _withdraw_id(page: str) -> int:
    import re

    return int(re.search(r'action="/organisasjon/\d+/invitasjoner/(\d+)/trekk"', page).group(1))


def test_member_withdraws_an_invitation_and_the_person_can_no_longer_accept_it(app, client, login_as, smtp):
    member = login_as("applicant", name="Mona Medlem")
    newcomer = make_user(email="ny@example.no", name="Nils Ny")
    organisation = make_organisation(members=[member])
    db.session.commit()
    path = f"/organisasjon/{organisation.id}"
    page = _invite(client, organisation, "ny@example.no").get_data(as_text=True)
    invitation_id = _withdraw_id(page)

    invited = app.test_client()
    with app.app_context():
        post_form(invited, "/logg-inn", {"email": "ny@example.no", "password": PASSWORD})
        assert f'action="/invitasjon/{invitation_id}"' in invited.get("/mine-organisasjoner").get_data(as_text=True)

    response = post_form(client, f"{path}/invitasjoner/{invitation_id}/trekk", {}, form_page=path,
                         follow_redirects=True)
    page = response.get_data(as_text=True)
    assert alerts(page)[0] == "Invitasjonen til ny@example.no er trukket tilbake. Den kan ikke lenger godtas."
    assert "Invitert, ikke svart ennå" not in page  # no longer listed as invited
    [entry] = audit_entries("organisation.invitation_withdrawn")
    assert entry.actor_id == member.id and entry.before == {"email": "ny@example.no"}

    with app.app_context():
        assert "Mona Medlem" not in invited.get("/mine-organisasjoner").get_data(as_text=True)
        answer = post_form(invited, f"/invitasjon/{invitation_id}", {"answer": "accept"},
                           form_page="/mine-organisasjoner")
        assert answer.status_code == 404
    db.session.expire_all()
    assert not organisation.has_member(newcomer)
    # withdrawing twice: the invitation is gone
    assert post_form(client, f"{path}/invitasjoner/{invitation_id}/trekk", {}, form_page=path).status_code == 404
    # and the address can be invited again
    assert "ny@example.no" in _invite(client, organisation, "ny@example.no").get_data(as_text=True)


def test_only_members_and_admins_withdraw_an_invitation(app, client, login_as):
    from potten.accounts import invitations

    owner = make_user(name="Mona Medlem")
    organisation = make_organisation(members=[owner])
    invitations.invite(organisation, "ny@example.no", owner)
    invitation = db.session.scalar(db.select(invitations.Invitation))
    db.session.commit()
    path = f"/organisasjon/{organisation.id}/invitasjoner/{invitation.id}/trekk"

    login_as("finance")  # sees the organisation, may not change it
    assert post_form(client, path, {}, form_page="/profil").status_code == 403
    member_elsewhere = login_as("applicant")  # through their own organisation's URL: not found
    other = make_organisation(name="Annet Lag", orgnr="988588261", members=[member_elsewhere])
    db.session.commit()
    assert post_form(client, f"/organisasjon/{other.id}/invitasjoner/{invitation.id}/trekk", {},
                     form_page="/profil").status_code == 404
    assert post_form(client, path, {}, form_page="/profil").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(invitations.Invitation.id))) == 1
    assert audit_entries("organisation.invitation_withdrawn") == []

    login_as("admin")
    assert post_form(client, path, {}, form_page="/profil").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(invitations.Invitation.id))) == 0


def test_the_invited_person_declines_and_nothing_changes(app, client, login_as, smtp):
    member = make_user(name="Mona Medlem")
    organisation = make_organisation(members=[member])
    login_as("applicant", email="ny@example.no", name="Nils Ny")
    from potten.accounts import invitations

    invitations.invite(organisation, "ny@example.no", member)
    db.session.commit()
    page = client.get("/mine-organisasjoner").get_data(as_text=True)
    response = post_form(client, f"/invitasjon/{_invitation_id(page)}", {"answer": "decline"},
                         form_page="/mine-organisasjoner", follow_redirects=True)
    assert alerts(response.get_data(as_text=True))[0] == "Du har takket nei til invitasjonen fra Torstrand Vel."
    db.session.expire_all()
    assert len(organisation.members) == 1
    [entry] = audit_entries("organisation.invitation_declined")
    assert entry.after == {"email": "ny@example.no"}

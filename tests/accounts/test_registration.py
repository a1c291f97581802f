"""A resident creates an account, confirms the e-mail address and logs in."""
import html

from potten.accounts import tokens
from potten.accounts.models import User
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, audit_entries, dated_back, error_summary, link_in, mails_to, post_form
from tests.factories import make_user

NEW_ACCOUNT = {"name": "Kari Nordmann", "email": "Kari@Example.no", "phone": "900 00 000",
               "password": "en lang setning", "password_again": "en lang setning"}


def test_registration_mails_a_link_that_confirms_the_address(app, client, smtp):
    response = post_form(client, "/registrer", NEW_ACCOUNT)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn"
    user = db.session.query(User).filter_by(email="kari@example.no").one()
    assert not user.is_verified  # may write drafts, but not submit yet

    [mail] = mails_to(smtp, "kari@example.no")
    assert mail["Subject"] == "Bekreft e-postadressen din for Nabolagspotten"
    assert "Hei Kari Nordmann," in mail.get_content()
    assert "48 timer" in mail.get_content()
    link = link_in(mail)
    assert link.startswith("/bekreft-epost/")

    response = client.get(link)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.is_verified
    [entry] = audit_entries("user.email_verified")
    assert entry.object_id == user.id and entry.before == {"email_verified_at": None}
    assert entry.after["email_verified_at"] is not None
    assert "E-postadressen din er bekreftet" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert post_form(client, "/logg-inn", {"email": "kari@example.no", "password": "en lang setning"}
                     ).status_code == 302
    assert "kari@example.no (bekreftet)" in client.get("/profil").get_data(as_text=True)

    client.get(link)  # a second click changes nothing
    assert len(audit_entries("user.email_verified")) == 1


def test_unverified_user_can_log_in_and_ask_for_the_link_again(app, client, smtp):
    user = make_user(email="ola@example.no", verified=False)
    db.session.commit()
    response = post_form(client, "/logg-inn", {"email": "ola@example.no", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/mine-soknader"

    profile = client.get("/profil").get_data(as_text=True)
    assert "E-postadressen din er ikke bekreftet ennå" in profile
    response = post_form(client, "/profil/send-lenke-igjen", {}, form_page="/profil", follow_redirects=True)
    assert "Vi har sendt lenken på nytt til ola@example.no" in response.get_data(as_text=True)
    [mail] = mails_to(smtp, "ola@example.no")
    client.get(link_in(mail))
    db.session.refresh(user)
    assert user.is_verified
    assert len(audit_entries("user.verification_sent")) == 1


def test_expired_or_altered_verification_link_is_refused(app, client):
    user = make_user(verified=False)
    db.session.commit()
    expired = tokens.verification_token(user, signer=dated_back(49 * 3600))
    response = client.get(f"/bekreft-epost/{expired}")
    assert response.status_code == 400
    assert "Lenken er utløpt" in response.get_data(as_text=True)

    fine = tokens.verification_token(user)
    response = client.get(f"/bekreft-epost/{fine[:-2]}xx")
    assert response.status_code == 400
    assert "Lenken virker ikke" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.is_verified


def test_missing_csrf_token_on_registration_keeps_what_was_typed(app, client):
    response = client.post("/registrer", data=NEW_ACCOUNT)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Siden hadde vært åpen for lenge" in page
    assert 'value="Kari Nordmann"' in page and 'value="Kari@Example.no"' in page
    assert db.session.query(User).count() == 0


def test_registration_errors_are_listed_and_linked_to_their_fields(app, client):
    response = post_form(client, "/registrer", {**NEW_ACCOUNT, "email": "ikke-en-adresse", "password": "kort",
                                                "password_again": "kort", "phone": "9" * 41})
    page = response.get_data(as_text=True)
    assert 'href="#email">Skriv en e-postadresse som navn@eksempel.no.</a>' in page
    assert 'href="#phone">Telefonnummeret er for langt.</a>' in page
    assert 'href="#password">Passordet må ha minst 10 tegn.</a>' in page
    assert 'value="Kari Nordmann"' in page


def test_login_error_is_the_same_whether_the_address_exists_or_not(app, client):
    make_user(email="finnes@example.no")
    inactive = make_user(email="sluttet@example.no")
    inactive.active = False
    db.session.commit()

    def error_for(address: str, password: str) -> list[str]:
        return error_summary(post_form(client, "/logg-inn", {"email": address, "password": password})
                             .get_data(as_text=True))

    wrong_password = error_for("finnes@example.no", "feil-passord")
    assert wrong_password == ["E-postadressen eller passordet er feil."]
    assert error_for("finnes-ikke@example.no", "feil-passord") == wrong_password
    assert error_for("sluttet@example.no", PASSWORD) == wrong_password

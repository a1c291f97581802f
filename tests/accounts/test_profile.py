"""A resident keeps their details, language and password up to date."""
from flask_babel import force_locale

from potten.core.forms import CSRF_MESSAGE
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, alerts, audit_entries, error_summary, post_form
from tests.factories import make_organisation, session_token


def test_changing_details_and_language_is_logged_before_and_after(app, client, login_as):
    user = login_as("applicant", name="Kari", locale="nb")
    response = post_form(client, "/profil/endre", {"name": "Kari Nordmann", "phone": "900 00 000", "locale": "en"},
                         follow_redirects=True)
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page and "Your details are saved." in alerts(page)
    assert (user.name, user.phone, user.locale) == ("Kari Nordmann", "900 00 000", "en")
    [entry] = audit_entries("user.profile_changed")
    assert entry.before == {"name": "Kari", "phone": None, "locale": "nb"}
    assert entry.after == {"name": "Kari Nordmann", "phone": "900 00 000", "locale": "en"}

    post_form(client, "/profil/endre", {"name": "Kari Nordmann", "phone": "900 00 000", "locale": "en"})
    assert len(audit_entries("user.profile_changed")) == 1  # nothing changed, nothing logged


def test_profile_form_errors_keep_what_was_typed(app, client, login_as):
    login_as("applicant")
    page = post_form(client, "/profil/endre", {"name": "", "phone": "12345", "locale": "fr"}).get_data(as_text=True)
    assert error_summary(page) == ["Skriv navnet ditt.", "Velg et språk."]
    assert 'value="12345"' in page


def test_a_postal_address_in_part_names_every_missing_part_at_once(app, client, login_as):
    user = login_as("applicant", name="Kari")
    response = post_form(client, "/profil/endre", {"name": "Kari", "locale": "nb", "address": "Torstrandgata 1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(page) == ["Skriv postnummeret også, eller la hele postadressen stå tom.",
                                   "Skriv poststedet også, eller la hele postadressen stå tom."]
    assert 'href="#postcode"' in page and 'href="#city"' in page and 'value="Torstrandgata 1"' in page
    assert user.address is None and not audit_entries("user.profile_changed")


def test_changing_the_password_needs_the_current_one(app, client, login_as):
    user = login_as("applicant")
    new = {"password": "et nytt langt passord", "password_again": "et nytt langt passord"}
    wrong = post_form(client, "/profil/passord", {"current_password": "gjetning", **new})
    assert error_summary(wrong.get_data(as_text=True)) == ["Passordet du har nå, er feil."]
    assert user.check_password(PASSWORD)

    both = post_form(client, "/profil/passord", {"current_password": "gjetning", "password": "kort",
                                                 "password_again": "kort"})  # every error at once
    assert both.status_code == 400
    assert error_summary(both.get_data(as_text=True)) == ["Passordet du har nå, er feil.",
                                                         "Passordet må ha minst 10 tegn."]
    assert user.check_password(PASSWORD)

    response = post_form(client, "/profil/passord", {"current_password": PASSWORD, **new})
    assert response.status_code == 302
    assert user.check_password("et nytt langt passord")
    [entry] = audit_entries("user.password_changed")
    assert entry.actor_id == user.id and entry.after == {"password": "changed"}


def test_pages_are_in_english_for_a_user_who_chose_english(app, client, login_as):
    user = login_as("applicant", locale="en")
    organisation = make_organisation(members=[user])
    db.session.commit()
    pages = {
        "/profil": "My profile",
        "/profil/endre": "Language for pages, e-mails and letters",
        "/profil/passord": "Change your password",
        "/mine-organisasjoner": "My organisations",
        "/organisasjon/ny": "What kind of organisation is it?",
        f"/organisasjon/{organisation.id}": "Add a member",
    }
    for path, text in pages.items():
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="en">' in page and text in page, path

    response = client.post("/organisasjon/ny", data={"name": "Torstrand Vel"})  # no CSRF token
    with force_locale("en"):
        assert str(CSRF_MESSAGE) in error_summary(response.get_data(as_text=True))


def test_a_new_password_ends_every_other_session_but_this_one(app, client, login_as):
    """Someone who changes a password because another person knows it must not leave that person logged in."""
    user = login_as("applicant")
    elsewhere = app.test_client()  # the same account, logged in on another machine
    with elsewhere.session_transaction() as session:
        session["_user_id"] = session_token(user)
    with app.app_context():  # its own, as a request elsewhere has (g holds the page's CSRF token)
        assert elsewhere.get("/profil").status_code == 200

    new = {"password": "et nytt langt passord", "password_again": "et nytt langt passord"}
    assert post_form(client, "/profil/passord", {"current_password": PASSWORD, **new}).status_code == 302

    assert client.get("/profil").status_code == 200
    with app.app_context():
        assert elsewhere.get("/profil").headers["Location"].startswith("/logg-inn")

"""A resident who forgot the password gets a link by mail that works once, for one hour."""
from potten.accounts import tokens
from potten.extensions import db
from tests.accounts.helpers import (
    PASSWORD,
    alerts,
    audit_entries,
    dated_back,
    error_summary,
    link_in,
    mails_to,
    post_form,
)
from tests.factories import make_user, session_token

NEW = {"password": "blåbær og multer", "password_again": "blåbær og multer"}
SENT = "Hvis det finnes en konto med adressen"


def _log_in(client, email: str, password: str) -> bool:
    return post_form(client, "/logg-inn", {"email": email, "password": password}).status_code == 302


def test_reset_link_sets_a_new_password_once(app, client, smtp):
    user = make_user(email="glemsk@example.no", verified=False)
    db.session.commit()
    response = post_form(client, "/glemt-passord", {"email": "Glemsk@example.no"}, follow_redirects=True)
    assert SENT in response.get_data(as_text=True)

    [mail] = mails_to(smtp, "glemsk@example.no")
    assert mail["Subject"] == "Velg nytt passord for Nabolagspotten"
    assert "60 minutter, og bare én gang" in mail.get_content()
    link = link_in(mail)
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "For kontoen glemsk@example.no." in page.get_data(as_text=True)

    mismatch = post_form(client, link, {"password": "blåbær og multer", "password_again": "noe annet"})
    assert error_summary(mismatch.get_data(as_text=True)) == ["De to passordene er ikke like."]
    response = post_form(client, link, NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn"

    assert _log_in(client, "glemsk@example.no", "blåbær og multer")
    assert not _log_in(client, "glemsk@example.no", PASSWORD)
    db.session.refresh(user)
    assert user.is_verified  # the link proved the address
    [entry] = audit_entries("user.password_reset")
    assert entry.object_id == user.id and entry.after["password"] == "changed"
    assert "password_hash" not in str(entry.after)

    reused = client.get(link)
    assert reused.status_code == 400
    assert "Lenken er allerede brukt" in reused.get_data(as_text=True)
    assert post_form(client, link, {"password": "tredje passord her", "password_again": "tredje passord her"},
                     form_page="/glemt-passord").status_code == 400
    assert _log_in(client, "glemsk@example.no", "blåbær og multer")


def test_unknown_address_gets_the_same_answer_and_no_mail(app, client, smtp):
    make_user(email="finnes@example.no")
    db.session.commit()
    known = post_form(client, "/glemt-passord", {"email": "finnes@example.no"}, follow_redirects=True)
    unknown = post_form(client, "/glemt-passord", {"email": "finnes.ikke@example.no"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert SENT in unknown.get_data(as_text=True)
    [known_message] = alerts(known.get_data(as_text=True))
    [unknown_message] = alerts(unknown.get_data(as_text=True))
    assert known_message.replace("finnes@example.no", "X") == unknown_message.replace("finnes.ikke@example.no", "X")
    assert len(smtp.messages) == 1 and mails_to(smtp, "finnes@example.no")


def test_reset_link_older_than_an_hour_is_refused(app, client):
    user = make_user()
    db.session.commit()
    old = tokens.reset_token(user, signer=dated_back(61 * 60))
    response = client.get(f"/nytt-passord/{old}")
    assert response.status_code == 400
    assert "Lenken er utløpt: den virker i én time." in response.get_data(as_text=True)
    assert post_form(client, f"/nytt-passord/{old}", NEW, form_page="/glemt-passord").status_code == 400
    db.session.refresh(user)
    assert user.check_password(PASSWORD)
    assert audit_entries("user.password_reset") == []


def test_altered_reset_link_is_refused(app, client):
    user = make_user()
    db.session.commit()
    token = tokens.reset_token(user)
    response = client.get(f"/nytt-passord/{token[:-3]}abc")
    assert response.status_code == 400
    assert "Lenken virker ikke" in response.get_data(as_text=True)


def test_a_reset_password_ends_the_sessions_that_were_open(app, client, smtp):
    user = make_user(email="kapret@example.no")
    db.session.commit()
    intruder = app.test_client()
    with intruder.session_transaction() as session:
        session["_user_id"] = session_token(user)
    assert _profile_status(app, intruder) == 200

    sent = post_form(client, "/glemt-passord", {"email": "kapret@example.no"}, follow_redirects=True)
    assert SENT in sent.get_data(as_text=True)
    [mail] = mails_to(smtp, "kapret@example.no")
    assert post_form(client, link_in(mail), NEW).status_code == 302

    assert _profile_status(app, intruder) == 302  # to the login page
    assert _log_in(client, "kapret@example.no", "blåbær og multer")
    assert client.get("/profil").status_code == 200


def _profile_status(app, other_client) -> int:
    """The profile page as ``other_client`` sees it, in an app context of its own: the tests' shared
    one would hand this client's CSRF token (kept on ``g``) to the next page of the other client."""
    with app.app_context():
        return other_client.get("/profil").status_code

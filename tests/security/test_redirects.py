"""Finding 1: ``next`` after login, registration and the language switch goes only to a page on this site."""
import pytest

from tests.accounts.helpers import PASSWORD, post_form
from tests.factories import make_user

EVIL = ["/%09/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
        "http:/evil.example", "javascript:alert(1)", "/%0d/evil.example", " //evil.example", "/\t/evil.example",
        "%2F%2Fevil.example", "evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_only_paths_on_this_site_pass(target):
    from urllib.parse import unquote

    from potten.core.security import safe_target

    assert safe_target(unquote(target), "/home") == "/home"
    assert safe_target(target, "/home") in ("/home", target)  # still quoted: a harmless path, or refused
    assert not safe_target(target, "/home").startswith("//")


def test_a_path_on_this_site_passes():
    from potten.core.security import safe_target

    assert safe_target("/soknad/3?steg=2", "/home") == "/soknad/3?steg=2"


def test_login_with_a_tab_in_next_does_not_leave_the_site(app, client):
    make_user(email="reiser@example.no")
    response = post_form(client, "/logg-inn?next=/%09/evil.example",
                         {"email": "reiser@example.no", "password": PASSWORD})
    assert response.status_code in (302, 400)
    assert "evil.example" not in response.headers.get("Location", "")


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_login_and_registration_never_send_the_user_away(app, client, target):
    make_user(email="reiser@example.no")
    login = post_form(client, f"/logg-inn?next={target}", {"email": "reiser@example.no", "password": PASSWORD},
                      form_page="/logg-inn")
    assert login.status_code == 302 and login.headers["Location"] == "/mine-soknader"
    other = app.test_client()
    registered = post_form(other, f"/registrer?next={target}", {
        "email": "ny@example.no", "name": "Ny Nabo", "password": "et langt passord", "password_again":
        "et langt passord", "privacy": "y"}, form_page="/registrer")
    assert "evil.example" not in registered.headers.get("Location", "")


def test_a_newline_in_next_gets_a_clear_400_not_a_500(app, client):
    response = client.get("/logg-inn?next=/%0d%0aSet-Cookie:x=1")
    assert response.status_code == 400
    assert "kontrolltegn" in response.get_data(as_text=True)


def test_the_language_switch_needs_its_token_and_stays_on_the_site(app, client):
    response = client.post("/language", data={"locale": "en", "next": "/\t/evil.example"})
    assert response.status_code in (302, 400)
    assert "evil.example" not in response.headers.get("Location", "")
    with client.session_transaction() as session:
        assert "locale" not in session  # without the token nothing changed
    page = client.get("/").get_data(as_text=True)
    assert 'lang="nb"' in page
    response = post_form(client, "/language", {"locale": "en", "next": "//evil.example"}, form_page="/")
    assert response.headers["Location"] == "/"

"""The programme office manages users and roles, and reads the audit log."""
import pytest
from sqlalchemy import event

from potten.core import audit
from potten.core.roles import Role
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, alerts, audit_entries, post_form
from tests.factories import make_user, session_token

ADMIN_PAGES = ["/admin/brukere", "/admin/brukere/{user_id}", "/admin/logg"]


def test_admin_grants_a_role_and_the_audit_log_shows_before_and_after(app, client, login_as):
    admin = login_as("admin", name="Åse Admin")
    sander = make_user(name="Sander Saksbehandler")
    db.session.commit()
    path = f"/admin/brukere/{sander.id}"

    response = post_form(client, f"{path}/roller", {"role": "reviewer", "change": "grant"}, form_page=path,
                         follow_redirects=True)
    assert "Sander Saksbehandler har nå rollen «Saksbehandler»." in alerts(response.get_data(as_text=True))
    assert sander.has_role(Role.REVIEWER)
    [entry] = audit_entries("user.role_granted")
    assert entry.actor_id == admin.id and entry.object_id == sander.id
    assert entry.before == {"roles": ["applicant"]} and entry.after == {"roles": ["applicant", "reviewer"]}

    log = client.get("/admin/logg?action=user.role_granted").get_data(as_text=True)
    assert "user.role_granted" in log and "Åse Admin" in log
    assert '<span class="change-key">roles</span>: applicant, reviewer</li>' in log


def test_admin_takes_away_a_role(app, client, login_as):
    login_as("admin")
    pia = make_user("decision_maker")
    db.session.commit()
    path = f"/admin/brukere/{pia.id}"
    post_form(client, f"{path}/roller", {"role": "decision_maker", "change": "revoke"}, form_page=path)
    assert not pia.has_role(Role.DECISION_MAKER)
    [entry] = audit_entries("user.role_revoked")
    assert entry.before == {"roles": ["applicant", "decision_maker"]} and entry.after == {"roles": ["applicant"]}


def test_admin_cannot_take_away_their_own_admin_role(app, client, login_as):
    admin = login_as("admin")
    path = f"/admin/brukere/{admin.id}"
    assert "Du kan ikke ta fra deg din egen administratorrolle." in client.get(path).get_data(as_text=True)
    response = post_form(client, f"{path}/roller", {"role": "admin", "change": "revoke"}, form_page=path,
                         follow_redirects=True)
    assert ("Du kan ikke ta fra deg din egen administratorrolle. Spør en annen administrator."
            in alerts(response.get_data(as_text=True)))
    assert admin.has_role(Role.ADMIN)
    assert audit_entries("user.role_revoked") == []


def test_an_unknown_role_is_refused(app, client, login_as):
    login_as("admin")
    user = make_user()
    db.session.commit()
    path = f"/admin/brukere/{user.id}"
    post_form(client, f"{path}/roller", {"role": "superuser", "change": "grant"}, form_page=path)
    assert user.roles == {Role.APPLICANT}


def test_deactivated_account_cannot_log_in_until_reactivated(app, client, login_as):
    login_as("admin")
    user = make_user(email="borte@example.no")
    db.session.commit()
    path = f"/admin/brukere/{user.id}"
    post_form(client, f"{path}/aktiv", {"active": "0"}, form_page=path)
    assert not user.active
    [entry] = audit_entries("user.deactivated")
    assert entry.before == {"active": True} and entry.after == {"active": False}
    post_form(client, f"{path}/aktiv", {"active": "1"}, form_page=path)
    assert user.active and len(audit_entries("user.reactivated")) == 1


def test_a_session_of_a_deactivated_account_no_longer_works(app, client):
    user = make_user()
    user.active = False
    db.session.commit()
    with client.session_transaction() as session:  # logged in before the admin deactivated the account
        session["_user_id"] = session_token(user)
    assert client.get("/profil").status_code == 302
    assert post_form(client, "/logg-inn", {"email": user.email, "password": PASSWORD}).status_code == 400


@pytest.mark.parametrize("role", ["applicant", "reviewer", "decision_maker", "finance"])
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_only_admins_see_admin_pages(app, client, login_as, role, page):
    user = login_as(role)
    assert client.get(page.format(user_id=user.id)).status_code == 403


@pytest.mark.parametrize("role", ["applicant", "reviewer", "finance"])
def test_non_admin_cannot_give_roles(app, client, login_as, role):
    user = login_as(role)
    response = post_form(client, f"/admin/brukere/{user.id}/roller", {"role": "admin", "change": "grant"},
                         form_page="/profil")
    assert response.status_code == 403
    assert not user.has_role(Role.ADMIN)


def test_visitors_are_sent_to_log_in(app, client):
    make_user()
    db.session.commit()
    for page in ADMIN_PAGES:
        response = client.get(page.format(user_id=1))
        assert response.status_code == 302 and response.headers["Location"].startswith("/logg-inn")


def test_search_finds_users_by_name_or_address_and_pages_through_them(app, client, login_as):
    login_as("admin", name="Åse Admin")
    make_user(name="Øystein Økonomi", email="okonomi@example.no")
    make_user(name="Bjørn Berg", email="bjorn@larvik.kommune.no")
    for n in range(30):
        make_user(name=f"Test Testesen {n:02d}")
    db.session.commit()

    page = client.get("/admin/brukere?q=larvik.kommune").get_data(as_text=True)
    assert "Bjørn Berg" in page and "Øystein" not in page and "1 bruker passer til «larvik.kommune»." in page
    assert "Øystein Økonomi" in client.get("/admin/brukere?q=øystein").get_data(as_text=True)
    assert "0 brukere passer" in client.get("/admin/brukere?q=100%25").get_data(as_text=True)

    first = client.get("/admin/brukere").get_data(as_text=True)
    assert "33 brukere." in first and "Side 1 av 2" in first and "Neste side" in first
    assert first.index("Bjørn Berg") < first.index("Test Testesen 00")
    second = client.get("/admin/brukere?side=2").get_data(as_text=True)
    assert "Øystein Økonomi" in second and "Åse Admin" in second  # Norwegian order: Ø and Å last
    assert second.index("Øystein Økonomi") < second.index("Åse Admin")


def _queries_for(client, path: str) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count


def _users_with_log_entries(admin, count: int) -> None:
    for n in range(count):
        user = make_user("reviewer")
        audit.log("user.test", user, actor=admin if n % 2 else user, after={"n": n})
    db.session.commit()


def test_user_list_and_audit_log_take_a_fixed_number_of_queries(app, client, login_as):
    admin = login_as("admin")
    _users_with_log_entries(admin, 2)
    few_users, few_entries = _queries_for(client, "/admin/brukere"), _queries_for(client, "/admin/logg")
    _users_with_log_entries(admin, 40)
    assert _queries_for(client, "/admin/brukere") == few_users
    assert _queries_for(client, "/admin/logg") == few_entries


def test_audit_log_filters_by_action_actor_and_object(app, client, login_as):
    admin = login_as("admin", name="Åse Admin")
    kari = make_user(name="Kari Nordmann")
    ola = make_user(name="Ola Nordmann")
    audit.log("user.profile_changed", kari, actor=kari, before={"name": "Kari"}, after={"name": "Kari Nordmann"})
    audit.log("user.role_granted", ola, actor=admin, before={"roles": ["applicant"]},
              after={"roles": ["applicant", "finance"]})
    db.session.commit()

    def rows(query: str) -> int:
        return client.get(f"/admin/logg?{query}").get_data(as_text=True).count("<code>")

    assert rows("") == 2
    assert rows("action=user.role_granted") == 1
    assert rows("actor=kari") == 1
    assert rows(f"object_type=User&object_id={ola.id}") == 1
    assert rows("object_id=abc") == 2  # a bad number is explained, not applied
    assert "Objektnummeret er et helt tall" in client.get("/admin/logg?object_id=abc").get_data(as_text=True)
    newest_first = client.get("/admin/logg").get_data(as_text=True)
    assert newest_first.index("<code>user.role_granted") < newest_first.index("<code>user.profile_changed")


def test_audit_log_pages_back_and_forth_from_newest_to_oldest(app, client, login_as):
    """Keyset pages of 25: older, newer, the oldest and back to the newest, keeping the filter."""
    import re
    from datetime import timedelta

    from potten.core.audit import AuditEntry
    from potten.core.time import utcnow

    admin = login_as("admin")
    start = utcnow() - timedelta(days=1)
    db.session.add_all([AuditEntry(at=start + timedelta(minutes=n), actor_id=admin.id, action="page.test",
                                   object_type="User", object_id=n + 1) for n in range(60)])
    db.session.add(AuditEntry(at=start, actor_id=admin.id, action="other.test", object_type="Round", object_id=1))
    db.session.commit()

    def page(path: str) -> tuple[list[int], dict[str, str]]:
        html = client.get(path).get_data(as_text=True)
        numbers = [int(n) for n in re.findall(r"Bruker (\d+)</a>", html)]  # the object type in words
        links = {text: href.replace("&amp;", "&")
                 for href, text in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', html) if "logg?" in href}
        return numbers, links

    first, links = page("/admin/logg?action=page.test")
    assert first == list(range(60, 35, -1))
    assert "Nyere oppføringer" not in links and "Nyeste oppføringer" not in links
    second, links = page(links["Eldre oppføringer"])
    assert second == list(range(35, 10, -1))
    third, links = page(links["Eldre oppføringer"])
    assert third == list(range(10, 0, -1)) and "Eldre oppføringer" not in links
    assert page(links["Nyere oppføringer"])[0] == second
    oldest, links = page(links["Nyeste oppføringer"].replace("?", "?eldste=1&"))
    assert oldest == list(range(25, 0, -1))
    assert "Eldre oppføringer" not in links
    assert page(links["Nyere oppføringer"])[0] == list(range(50, 25, -1))
    menu = client.get("/admin/logg").get_data(as_text=True)
    assert 'value="other.test"' in menu and 'value="page.test"' in menu and 'value="Round"' in menu

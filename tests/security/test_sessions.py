"""Finding 6: a session ends on the server. A cookie copied before logging out is worth nothing afterwards;
deactivation and an admin's "log out everywhere" end every session; and finding 11: old login counts and
ended sessions are cleaned up by the maintenance queue's periodic task."""
from datetime import timedelta

from sqlalchemy import func, select

from potten.accounts.throttle import LoginThrottle
from potten.core import periodic
from potten.core.time import utcnow
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, audit_entries, post_form
from tests.conftest import csrf_token
from tests.factories import make_user


def _logged_in(app, client) -> bool:
    with app.app_context():
        return client.get("/profil").status_code == 200


def _copy_cookie(app, source, target) -> None:
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def test_a_cookie_copied_before_logout_no_longer_works(app, client):
    make_user(email="ut@example.no")
    db.session.commit()
    assert post_form(client, "/logg-inn", {"email": "ut@example.no", "password": PASSWORD}).status_code == 302
    thief = app.test_client()
    _copy_cookie(app, client, thief)
    assert _logged_in(app, thief)

    with app.app_context():
        assert client.post("/logg-ut", data={"csrf_token": csrf_token(client, "/profil")}).status_code == 302
    assert not _logged_in(app, client)
    assert not _logged_in(app, thief)


def test_deactivation_and_log_out_everywhere_end_every_session(app, client, login_as):
    admin = login_as("admin")
    user = make_user(email="mange@example.no")
    db.session.commit()
    browsers = []
    for _ in range(2):
        browser = app.test_client()
        with app.app_context():
            post_form(browser, "/logg-inn", {"email": "mange@example.no", "password": PASSWORD})
        assert _logged_in(app, browser)
        browsers.append(browser)
    assert "logget inn i 2 nettlesere" in client.get(f"/admin/brukere/{user.id}").get_data(as_text=True)

    response = post_form(client, f"/admin/brukere/{user.id}/logg-ut", {}, form_page=f"/admin/brukere/{user.id}")
    assert response.status_code == 302
    assert not any(_logged_in(app, b) for b in browsers)
    assert audit_entries("user.sessions_ended")[-1].actor_id == admin.id

    with app.app_context():
        post_form(browsers[0], "/logg-inn", {"email": "mange@example.no", "password": PASSWORD})
    assert _logged_in(app, browsers[0])
    post_form(client, f"/admin/brukere/{user.id}/aktiv", {"active": "0"}, form_page=f"/admin/brukere/{user.id}")
    assert not _logged_in(app, browsers[0])
    assert _count(user.id) == 0


def test_an_idle_session_ends(app, client, login_as):
    from potten.accounts.sessions import UserSession

    user = login_as("applicant")
    assert _logged_in(app, client)
    db.session.execute(UserSession.__table__.update().values(last_seen_at=utcnow() - timedelta(hours=13)))
    db.session.commit()
    assert not _logged_in(app, client)
    assert _count(user.id) == 1  # until the maintenance queue deletes it


def test_the_periodic_cleanup_deletes_old_login_counts_and_ended_sessions(app, client, login_as):
    from potten.accounts.sessions import UserSession

    user = login_as("applicant")
    fresh = make_user()
    db.session.commit()
    now = utcnow()
    db.session.add_all([
        LoginThrottle(key="a" * 64, failures=2, first_failure_at=now - timedelta(hours=2)),  # old: goes
        LoginThrottle(key="b" * 64, failures=5, first_failure_at=now - timedelta(minutes=20),
                      locked_until=now + timedelta(minutes=1)),  # still locked: stays
        LoginThrottle(key="c" * 64, failures=1, first_failure_at=now),  # recent: stays
        UserSession(user_id=fresh.id, token_hash="d" * 64, created_at=now - timedelta(days=15),
                    last_seen_at=now),  # too old a login: goes
    ])
    db.session.commit()

    done = periodic.run_all()
    assert done["accounts.cleanup"] == 2
    assert sorted(db.session.scalars(select(LoginThrottle.key))) == ["b" * 64, "c" * 64]
    assert _count(fresh.id) == 0 and _count(user.id) == 1
    assert _logged_in(app, client)


def _count(user_id: int) -> int:
    from potten.accounts.sessions import UserSession

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user_id))

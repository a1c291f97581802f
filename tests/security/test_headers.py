"""Finding 7: every answer carries the security headers; pages for a logged-in user are never stored."""
import pytest

from tests.access.world import build_world, path_for

REQUIRED = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": None,
            "Content-Security-Policy": None}


def _check(response) -> list[str]:
    wrong = [name for name, value in REQUIRED.items()
             if name not in response.headers or (value and response.headers[name] != value)]
    csp = response.headers.get("Content-Security-Policy", "")
    scripts_limited = "script-src 'self'" in csp or ("default-src 'none'" in csp and "script-src" not in csp)
    if "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp or not scripts_limited:
        wrong.append(f"CSP {csp!r}")
    return wrong


def test_every_route_answers_with_the_security_headers_anonymous_and_logged_in(app, client, login_as):
    world = build_world()
    failures = []
    for logged_in in (False, True):
        if logged_in:
            login_as("admin")
        for rule in app.url_map.iter_rules():
            path = path_for(rule, world)
            for method in sorted(rule.methods & {"GET", "POST"}):
                with app.app_context():  # a request of its own, as in production
                    response = client.open(path, method=method, data={} if method == "POST" else None)
                wrong = _check(response)
                if logged_in and rule.endpoint not in ("static", "public.vendor") and \
                        response.headers.get("Cache-Control") != "no-store":
                    wrong.append(f"Cache-Control {response.headers.get('Cache-Control')!r}")
                if wrong:
                    failures.append(f"{method} {path} ({'logged in' if logged_in else 'anonymous'}): {wrong}")
    assert not failures, "\n".join(failures)


def test_error_pages_carry_them_too(app, client):
    assert not _check(client.get("/finnes-ikke"))
    assert not _check(client.get("/logg-inn?q=%00"))


@pytest.mark.parametrize("production", [False, True])
def test_hsts_only_in_production(app, client, production):
    app.config["PRODUCTION"] = production
    response = client.get("/")
    assert ("Strict-Transport-Security" in response.headers) is production
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Cache-Control" not in response.headers or "no-store" not in response.headers["Cache-Control"]


def test_the_page_behind_a_reset_link_is_neither_kept_nor_referred(app, client):
    from potten.accounts import tokens
    from potten.extensions import db
    from tests.factories import make_user

    user = make_user()
    db.session.commit()
    response = client.get(f"/nytt-passord/{tokens.reset_token(user)}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"

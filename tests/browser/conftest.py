"""Browser tests: the app served on loopback, driven by Debian's Chromium through Playwright.

``page`` records every page the browser lands on; a test calls ``accessible(page)``
after each one, and the fixture fails the test if any visited page was not checked
with axe-core (WCAG 2.1 A and AA rules), or if the browser reported a violation of the
Content-Security-Policy on any page (an inline script or style, a resource from elsewhere).
"""
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import ON_CI

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "riktig-passord-1"  # every user the factories make has it


@pytest.fixture
def live_server(app):
    """``app`` served on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium"):
        if ON_CI:
            pytest.fail("chromium is not installed, and CI must run the browser tests", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


class _Checks:
    def __init__(self):
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.csp_violations: list[str] = []

    def console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url', '')}: {message.text}")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nb-NO")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    checks = _Checks()
    pg.on("load", lambda p: checks.visited.append(_path(p.url)))
    pg.on("console", checks.console)
    pg.potten_checks = checks
    yield pg
    context.close()
    unchecked = [url for url in checks.visited if url not in checks.checked]
    assert not unchecked, f"pages visited but not checked with axe-core: {unchecked}"
    assert not checks.csp_violations, "the Content-Security-Policy was violated:\n" + "\n".join(checks.csp_violations)


@pytest.fixture
def log_in(page):
    """``log_in(email)``: log in as a user the factories made (their password by default) from the
    login page; both pages are checked with axe-core."""
    def go(email: str, password: str = PASSWORD) -> None:
        page.goto("/logg-inn")
        accessible(page)
        page.fill("#email", email)
        page.fill("#password", password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state("load")
        accessible(page)
    return go


@pytest.fixture
def log_out(page):
    """``log_out()``: press "Logg ut" and check the page the browser lands on."""
    def go() -> None:
        page.get_by_role("button", name="Logg ut").click()
        page.wait_for_load_state("load")
        accessible(page)
    return go


def _path(url: str) -> str:
    return url.split("#", 1)[0]


def accessible(page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    page.potten_checks.checked.add(_path(page.url))
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in violations)

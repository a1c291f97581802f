"""The CSP check of the browser tests sees a violation (so its silence on the other pages means something)."""
import pytest

from tests.browser.conftest import accessible

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_the_browser_reports_an_inline_script_as_a_csp_violation(app, page):
    page.goto("/")
    accessible(page)
    assert not page.potten_checks.csp_violations
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.x") is None  # the inline script did not run
    assert any("script-src" in v for v in page.potten_checks.csp_violations)
    page.potten_checks.csp_violations.clear()  # this test's violation was on purpose

"""Every page the demo reaches, as every role (each starting on its own start page after login),
on a 390 px and a 320 px phone: nothing scrolls sideways, axe-core finds no violation, no date
is a browser date field (every form types dd.mm.åååå), and the text is set in Inter (served by
the app).

One server and one browser for the whole crawl: the pages are found by following the links
each role sees, from the start page after login, once per kind of page (endpoint) per role.
"""
from collections import deque
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from potten.accounts.models import User
from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.demo import load_demo
from potten.extensions import db
from potten.rounds.models import Round
from tests.browser.conftest import AXE_TAGS
from tests.factories import (
    make_application,
    make_decision,
    make_declaration,
    make_organisation,
    make_review,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

WIDTHS = (390, 320)
NOT_PAGES = {"applications.download", "letters.download", "review.ranking_export", "review.reviews_json",
             "public.vendor", "public.fonts", "static"}
MAX_PAGES_PER_ROLE = 60
LANDS_ON = {"applicant": "/mine-soknader", "reviewer": "/vurdering", "decision_maker": "/mitt-arbeid",
            "finance": "/mitt-arbeid", "admin": "/admin/runder"}  # the start page of each role after login


def _world():
    """The demo, with applications in every state a page shows: a draft, one in review with a
    submitted review, one granted (and public), one rejected."""
    accounts = load_demo()
    db.session.flush()
    users = {u.email: u for u in db.session.scalars(select(User))}
    by_role = {role: users[email] for role, email, _ in accounts}
    applicant, reviewer = by_role["applicant"], by_role["reviewer"]
    round_ = db.session.scalar(select(Round))
    make_application(applicant=applicant, round_=round_, status=Status.DRAFT, title="Et utkast om benker")
    org = make_organisation(name="Torstrand Idrettslag", orgnr="923609016", members=[applicant])
    in_review = _sent(1, applicant=applicant, round_=round_, organisation=org,
                      title="Leksehjelp på biblioteket for alle barn og unge i bydelen")
    make_review(in_review, reviewer)
    make_declaration(in_review, by_role["decision_maker"])  # so the decision page is reached, with the review on it
    granted = _sent(2, applicant=make_user(name="Gunnar Gavmild"), round_=round_, title="Sommerfest i Torstrandparken")
    make_review(granted, make_user("reviewer"))
    make_decision(granted, "approved", reasons="Et godt tiltak.", conditions="Rapport innen 1. desember.",
                  decided_by=by_role["decision_maker"])
    rejected = _sent(3, applicant=applicant, round_=round_, title="Ny flaggstang")
    make_decision(rejected, "rejected", reasons="Utenfor ordningen.", decided_by=by_role["decision_maker"])
    db.session.commit()
    return accounts


def _sent(number: int, **fields):
    """A sent application with a case number clear of the demo's own."""
    application = make_application(status=Status.DRAFT, **fields)
    application.status, application.case_number, application.submitted_at = (
        Status.SUBMITTED, f"2025-{900 + number}", utcnow())
    db.session.flush()
    return application


UNLABELLED_CELLS = """() => [...document.querySelectorAll("table.ds-table")]
  .filter(t => t.tHead && getComputedStyle(t).display === "block")
  .flatMap(t => [...t.querySelectorAll("tbody tr")].flatMap(row => [...row.cells]
    .filter(c => !c.dataset.label && c.textContent.trim()
                 && (t.tHead.rows[t.tHead.rows.length - 1].cells[c.cellIndex]?.textContent.trim()))
    .map(c => c.textContent.trim().slice(0, 40))))"""  # stacked (below 48rem): each cell names its column


def _fits(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _axe(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        last = parts.path.rsplit("/", 1)[-1]
        if "." in last:
            continue  # a file (a letter, an export), not a page
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(app, browser, origin: str, role: str, email: str | None, password: str | None) -> tuple[list, int]:
    context = browser.new_context(base_url=origin, locale="nb-NO", viewport={"width": WIDTHS[0], "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems, seen_endpoints = [], set()
    adapter = app.url_map.bind("127.0.0.1")
    try:
        start = "/"
        if email:
            page.goto("/logg-inn")
            page.fill("#email", email)
            page.fill("#password", password)
            page.get_by_role("button", name="Logg inn").click()
            page.wait_for_load_state("load")
            start = urlsplit(page.url).path
            expected = LANDS_ON[role] if role != "finance" or "finance.desk" not in app.view_functions else "/okonomi"
            if start != expected:
                problems.append(f"{role} lands on {start} after login, not on {expected}")
        queue, queued = deque([start, "/"]), {start, "/"}
        while queue and len(seen_endpoints) < MAX_PAGES_PER_ROLE:
            path = queue.popleft()
            try:
                endpoint = adapter.match(urlsplit(path).path)[0]
            except Exception:  # noqa: BLE001 - a redirect or a 404 the crawl need not visit
                continue
            if endpoint in NOT_PAGES or endpoint in seen_endpoints or endpoint == "accounts.verify_email":
                continue
            seen_endpoints.add(endpoint)
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(path)
            if response is None or response.status >= 500:
                problems.append(f"{role} {path}: status {response and response.status}")
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                document, viewport = _fits(page)
                if document > viewport:
                    problems.append(f"{role} {path} at {width} px: the page is {document} px wide")
            problems.extend(f"{role} {path}: a stacked cell without its column's name: {cell}"
                            for cell in page.evaluate(UNLABELLED_CELLS))
            if page.locator("input[type=date], input[type=datetime-local]").count():
                problems.append(f"{role} {path}: a browser date field (dates are typed as dd.mm.åååå)")
            problems.extend(f"{role} {path}: {v}" for v in _axe(page))
            for link in _links(page, origin):
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
    finally:
        context.close()
    return problems, len(seen_endpoints)


def test_every_page_fits_a_phone_and_passes_axe_as_every_role(app, browser, live_server):
    accounts = _world()
    visits = [("anonymous", None, None)] + accounts
    problems, pages = [], 0
    for role, email, password in visits:
        found, count = _crawl(app, browser, live_server, role, email, password)
        problems += found
        pages += count
    assert pages > 40, f"the crawl reached only {pages} kinds of page"
    assert not problems, "\n".join(problems)


def test_body_text_is_set_in_inter_from_the_apps_own_font_file(app, page, live_server):
    from tests.browser.conftest import accessible

    page.goto("/")
    accessible(page)
    page.evaluate("document.fonts.ready")
    family = page.evaluate("getComputedStyle(document.querySelector('main p, main')).fontFamily")
    assert family.split(",")[0].strip().strip('"\'') == "Inter Variable"
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Inter" in f for f in loaded), loaded
    assert page.evaluate("document.fonts.check('16px \"Inter Variable\"')")
    font = page.request.get("/fonter/files/inter-latin-wght-normal.woff2")
    assert font.ok and font.body()[:4] == b"wOF2"

"""A form tells about every problem at once, each linked to its field: the review and the decision."""
import pytest

from potten.applications.workflow import Status
from potten.decisions.models import StandardReason
from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_application, make_assignment, make_declaration, make_review, make_user

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def _log_in(page, email: str) -> None:
    page.goto("/logg-inn")
    accessible(page)
    page.fill("#email", email)
    page.fill("#password", "riktig-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state("load")
    accessible(page)


def _summary(page) -> list[tuple[str, str]]:
    """(message, the id its link points to) of every entry in the error summary; each target exists."""
    links = page.locator(".ds-error-summary a")
    entries = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    for _, href in entries:
        assert page.locator(href).count() == 1, f"the summary links to {href}, which is not on the page"
    return entries


def test_review_and_decision_forms_show_every_error_at_once(app, page):
    reviewer = make_user("reviewer", email="rita@example.no")
    decision_maker = make_user("decision_maker", email="pia@example.no")
    waiting = make_application(status=Status.SUBMITTED, requested=40_000, title="Lekeplass")
    make_assignment(waiting, reviewer, declared=False)
    reviewed = make_application(round_=waiting.round, status=Status.SUBMITTED, requested=40_000, title="Konsert")
    make_review(reviewed, make_user("reviewer", name="Rolf Vurderer"), recommendation="grant_part", amount=20_000)
    make_declaration(reviewed, decision_maker)
    db.session.add(StandardReason(text="Budsjettet i innsatsområdet er brukt opp."))
    db.session.commit()
    criteria = len(waiting.round.criteria)

    _log_in(page, "rita@example.no")
    page.goto(f"/vurdering/soknad/{waiting.id}/vurdering")
    accessible(page)
    page.get_by_role("button", name="Send inn vurderingen").click()
    accessible(page)
    messages = [message for message, _ in _summary(page)]
    assert len(messages) == criteria + 2, messages  # every criterion, the recommendation, the justification
    assert "Velg en anbefaling." in messages
    page.get_by_role("button", name="Logg ut").click()
    accessible(page)

    _log_in(page, "pia@example.no")
    page.goto(f"/vedtak/soknad/{reviewed.id}")
    accessible(page)
    assert page.get_by_role("cell", name="Rolf Vurderer").is_visible()
    assert page.get_by_role("cell", name="Innvilge en del (20 000 kr)").is_visible()
    assert page.get_by_label("Budsjettet i innsatsområdet er brukt opp.").is_visible()
    page.get_by_label("Innvilge en del av beløpet").check()
    page.get_by_label("Innvilget beløp, hvis en del (kroner)").fill("50 000")
    page.get_by_role("button", name="Fatt vedtak").click()
    accessible(page)
    targets = dict(_summary(page))
    assert len(targets) == 2, targets
    assert set(targets.values()) == {"#amount", "#reasons"}
    assert "(påkrevd)" in page.locator("label[for=reasons]").inner_text()
    assert page.get_by_label("Innvilget beløp, hvis en del (kroner)").input_value() == "50 000"

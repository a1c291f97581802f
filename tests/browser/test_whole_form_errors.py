"""A form tells about every problem at once, each linked to its field: the review and the decision."""
import pytest

from potten.applications.workflow import Status
from potten.decisions.models import StandardReason
from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_application, make_assignment, make_declaration, make_review, make_user

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def _summary(page) -> list[tuple[str, str]]:
    """(message, the id its link points to) of every entry in the error summary; each target exists."""
    links = page.locator(".ds-error-summary a")
    entries = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    for _, href in entries:
        assert page.locator(href).count() == 1, f"the summary links to {href}, which is not on the page"
    return entries


def test_review_and_decision_forms_show_every_error_at_once(app, page, log_in, log_out):
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

    log_in("rita@example.no")
    page.goto(f"/vurdering/soknad/{waiting.id}/vurdering")
    accessible(page)
    page.get_by_role("button", name="Send inn vurderingen").click()
    accessible(page)
    messages = [message for message, _ in _summary(page)]
    assert len(messages) == criteria + 2, messages  # every criterion, the recommendation, the justification
    assert "Velg en anbefaling." in messages
    log_out()

    log_in("pia@example.no")
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


def test_round_form_and_payout_request_show_every_broken_rule_at_once(app, page, log_in, log_out):
    from potten.finance.plan import ledger_of
    from tests.finance.helpers import accepted

    make_user("admin", email="ada@example.no")
    application, _ = accepted("advance", 40_000, advance=75, applicant=make_user(email="siri@example.no"))
    ledger_of(application.id).account_number = "12345678901"  # not a valid account number
    db.session.commit()

    log_in("ada@example.no")
    page.goto("/admin/runder/ny")
    accessible(page)
    for selector, typed in {"#title": "Nabolagspotten 2027", "#description": "Penger til gode ideer.",
                            "#opens_date": "04.01.2027", "#opens_time": "09:00", "#closes_date": "01.03.2027",
                            "#closes_time": "12:00", "#max_amount": "100 000", "#advance_percent": "150",
                            "#acceptance_days": "500", "#reminder_steps": "-14, snart"}.items():
        page.fill(selector, typed)
    page.get_by_role("button", name="Åpne runden").click()
    accessible(page)
    targets = {href for _, href in _summary(page)}
    assert targets == {"#advance_percent", "#acceptance_days", "#reminder_steps"}, targets
    assert page.locator("#reminder_steps").input_value() == "-14, snart"
    log_out()

    log_in("siri@example.no")
    page.goto(f"/soknad/{application.id}/utbetaling")
    accessible(page)
    page.fill("#amount", "30 001")
    page.get_by_role("button", name="Send forespørselen").click()
    accessible(page)
    assert {href for _, href in _summary(page)} == {"#amount", "#account"}
    assert page.locator("#amount").input_value() == "30 001"

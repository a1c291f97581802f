"""A reviewer scores an application; a decision maker approves part of the amount."""
import pytest
from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import Review
from tests.browser.conftest import accessible
from tests.factories import make_application, make_assignment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_reviewer_scores_and_decision_maker_approves_a_part(app, page, log_in, log_out):
    reviewer = make_user("reviewer", email="rita@example.no", name="Rita Reviewer")
    make_user("decision_maker", email="pia@example.no", name="Pia Programleder")
    application = make_application(status=Status.SUBMITTED, requested=40_000, title="Sommerfest i parken")
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    criteria = [c.id for c in application.round.criteria]
    application_id = application.id

    log_in("rita@example.no")
    page.goto("/vurdering")
    accessible(page)
    page.get_by_role("link", name="Sommerfest i parken").click()
    accessible(page)
    page.get_by_label("Nei, jeg er ikke inhabil").check()
    page.get_by_role("button", name="Lagre erklæringen min").click()
    accessible(page)
    page.get_by_role("link", name="Vurder denne søknaden").click()
    accessible(page)
    for criterion_id, score in zip(criteria, (5, 4, 4, 3, 2), strict=True):
        page.check(f"#score_{criterion_id}-{score - 1}")
        page.fill(f"#comment_{criterion_id}", "Godt beskrevet.")
    page.get_by_label("Innvilge en del").check()
    page.get_by_label("Beløpet du anbefaler, hvis en del (kroner)").fill("25 000")
    page.get_by_label("Kort begrunnelse").fill("Godt tiltak, men utstyret bør lånes.")
    page.get_by_role("button", name="Send inn vurderingen").click()
    accessible(page)
    assert page.get_by_text("Vurderingen din er sendt inn. Takk!").is_visible()
    log_out()

    log_in("pia@example.no")
    page.goto(f"/vurdering/soknad/{application_id}")
    accessible(page)
    page.get_by_label("Nei, jeg er ikke inhabil").check()
    page.get_by_role("button", name="Lagre erklæringen min").click()
    accessible(page)
    assert page.get_by_text("Godt tiltak, men utstyret bør lånes.").is_visible()
    page.get_by_role("link", name="Fatt vedtak").click()
    accessible(page)
    page.get_by_label("Innvilge en del av beløpet").check()
    page.get_by_label("Innvilget beløp, hvis en del (kroner)").fill("25 000")
    page.get_by_label("Begrunnelse med egne ord").fill("Vi dekker leie av scene, ikke innkjøp av utstyr.")
    page.get_by_role("button", name="Fatt vedtak").click()
    accessible(page)
    assert page.get_by_text("Vedtaket er fattet.").is_visible()
    page.goto("/vedtak")
    accessible(page)
    page.get_by_role("link", name="Rangering for Innsatsområde 1").click()
    accessible(page)
    assert page.get_by_role("cell", name="25 000 kr").first.is_visible()

    db.session.expire_all()
    assert db.session.get(Application, application_id).status == Status.PARTLY_APPROVED
    assert db.session.scalar(select(Decision.granted_amount)) == 25_000
    assert db.session.scalar(select(Review.status)) == "submitted"

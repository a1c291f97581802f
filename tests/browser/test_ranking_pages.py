"""A decision maker pages through a long ranking and shows it all on one page, without JavaScript."""
import pytest

from potten.extensions import db
from tests.browser.conftest import accessible
from tests.factories import make_user
from tests.review.test_ranking import _bulk_declared

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_decision_maker_pages_through_the_ranking_and_shows_all_of_it(app, page, log_in):
    viewer = make_user("decision_maker", email="pia@example.no", name="Pia Programleder")
    area = _bulk_declared(viewer, 120)
    db.session.commit()
    url = f"/vurdering/innsatsomrade/{area.id}/rangering"

    log_in("pia@example.no")

    page.goto(url)
    accessible(page)
    pager = page.get_by_role("navigation", name="Sider i rangeringen")
    assert pager.get_by_text("Side 1 av 2 (120 søknader)").is_visible()
    assert page.locator("tbody tr[id^=row-]").count() == 100
    pager.get_by_role("link", name="2", exact=True).click()
    page.wait_for_load_state("load")
    accessible(page)
    assert page.locator("tbody tr[id^=row-]").count() == 20
    page.get_by_role("link", name="Vis alle 120 på én side").click()
    page.wait_for_load_state("load")
    accessible(page)
    assert page.locator("tbody tr[id^=row-]").count() == 120
    page.get_by_role("link", name="Vis 100 om gangen").click()
    page.wait_for_load_state("load")
    accessible(page)
    assert page.locator("tbody tr[id^=row-]").count() == 100

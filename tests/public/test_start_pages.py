"""After logging in, each role lands on its own work; a user with several roles sees all of it
on one page."""
import pytest

from potten.applications.workflow import Status
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, post_form
from tests.factories import make_application, make_assignment, make_review, make_staff, make_user


def _log_in(client, user) -> str:
    response = post_form(client, "/logg-inn", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(("role", "lands_on"), [
    ("applicant", "/mine-soknader"),
    ("reviewer", "/vurdering"),
    ("decision_maker", "/mitt-arbeid"),
    ("admin", "/admin/runder"),
])
def test_each_role_lands_on_its_own_start_page(app, client, role, lands_on):
    user = make_user(role)
    db.session.commit()
    assert _log_in(client, user) == lands_on


def test_finance_lands_on_the_finance_desk_when_there_is_one(app, client):
    user = make_user("finance")
    db.session.commit()
    expected = "/okonomi" if "finance.desk" in app.view_functions else "/mitt-arbeid"
    assert _log_in(client, user) == expected


def test_a_link_to_another_page_wins_over_the_start_page(app, client):
    user = make_user("reviewer")
    db.session.commit()
    response = post_form(client, "/logg-inn?next=/profil", {"email": user.email, "password": PASSWORD},
                         form_page="/logg-inn")
    assert response.headers["Location"] == "/profil"


def test_decision_maker_sees_what_waits_for_them(app, client, login_as):
    waiting = make_application(status=Status.SUBMITTED, title="Ingen har vurdert meg")
    ready = make_application(round_=waiting.round, status=Status.SUBMITTED, title="Ferdig vurdert")
    make_review(ready, make_user("reviewer"))
    half = make_application(round_=waiting.round, status=Status.SUBMITTED, title="Halvveis vurdert")
    make_review(half, make_user("reviewer"))
    make_assignment(half, make_user("reviewer"))
    login_as("decision_maker")
    page = client.get("/mitt-arbeid").get_data(as_text=True)
    assignments, decisions = page.split('id="h-decide"')
    assert "Ingen har vurdert meg" in assignments
    assert "Ferdig vurdert" in decisions and "Halvveis vurdert" not in page
    assert 'id="h-appeals"' in page


def test_user_with_several_roles_sees_all_their_work_on_one_page(app, client):
    user = make_staff("reviewer", "decision_maker", "admin")
    application = make_application(status=Status.SUBMITTED, title="Til vurdering hos meg")
    make_assignment(application, user)
    db.session.commit()
    assert _log_in(client, user) == "/mitt-arbeid"
    page = client.get("/mitt-arbeid").get_data(as_text=True)
    for heading in ("Søknader å vurdere", "Klar for vedtak", "Klager som skal behandles", "Søknadsrunder"):
        assert heading in page
    assert "Til vurdering hos meg" in page.split('id="h-reviews"')[1].split("</section>")[0]


def test_a_long_list_shows_its_first_items_and_says_that_more_wait(app, client, login_as):
    first = make_application(status=Status.SUBMITTED, title="Uten vurderer 0")
    for n in range(1, 12):
        make_application(round_=first.round, status=Status.SUBMITTED, title=f"Uten vurderer {n}")
    login_as("decision_maker")
    page = client.get("/mitt-arbeid").get_data(as_text=True)
    section = page.split('id="h-assign"')[1].split("</section>")[0]
    assert '<span class="work-count">(flere enn 10)</span>' in section  # not "(10)": more wait
    assert section.count("Uten vurderer") == 10
    assert "De første 10 vises her." in section
    assert 'href="/vedtak"' in section  # where the whole list is


def test_a_short_list_says_how_many_it_has(app, client, login_as):
    first = make_application(status=Status.SUBMITTED, title="Uten vurderer 0")
    make_application(round_=first.round, status=Status.SUBMITTED, title="Uten vurderer 1")
    login_as("decision_maker")
    section = client.get("/mitt-arbeid").get_data(as_text=True).split('id="h-assign"')[1].split("</section>")[0]
    assert '<span class="work-count">(2)</span>' in section and "vises her" not in section

"""The ranking cache never shows a stale ranking: after each kind of change that can alter a
ranking, made through the operation that makes it (and committed, as a request does), the ranking
built with the cache is the one computed with the cache off, for every sort, filter and page."""
import subprocess
import sys
from datetime import date, timedelta
from itertools import product
from types import SimpleNamespace

import pytest
from flask import current_app
from sqlalchemy import Column, Table
from sqlalchemy.sql import visitors

from potten.accounts import invitations
from potten.accounts import operations as accounts
from potten.accounts import organisation_operations as organisations
from potten.accounts.models import User
from potten.applications import operations as applications
from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.decisions import appeals, budget
from potten.decisions.operations import decide, open_appeal
from potten.extensions import db
from potten.review import operations as review
from potten.review import ranking, ranking_cache
from potten.review.ranking_version import READ
from potten.rounds import operations as rounds
from potten.rounds.models import FocusArea
from tests.factories import (
    make_application,
    make_assignment,
    make_decision,
    make_declaration,
    make_organisation,
    make_review,
    make_round,
    make_user,
)
from tests.review.helpers import statements

VIEWS = ({}, {"sort": "requested", "descending": True}, {"sort": "recommended"}, {"show": "open"},
         {"show": "decided"}, {"q": "vel"}, {"q": "søker"}, {"page": 2}, {"page": None})
DUE = date.today() + timedelta(days=400)


@pytest.fixture
def scene(app, in_request):
    """One focus area with applications in most states, a decision maker cleared on all of them,
    a second one who has declared on none, and what the changes below need."""
    round_ = make_round(budgets=(150_000, 500_000))
    area, other = round_.focus_areas[:2]
    viewer = make_user("decision_maker", name="Pia Programleder")
    newcomer = make_user("decision_maker", name="Nils Nykommer")
    reviewer = make_user("reviewer", name="Rita Vurderer")
    person = make_user(name="Ola Søker")
    member = make_user(name="Vera Medlem")
    club = make_organisation(name="Torstrand Vel", members=[member])

    def application(title, status, requested, **kwargs):
        found = make_application(round_=round_, focus_area=area, status=status, requested=requested, title=title,
                                 **kwargs)
        if status != Status.DRAFT:
            make_declaration(found, viewer)
        return found

    scored = application("Sommerfest", Status.IN_REVIEW, 40_000, applicant=member, organisation=club)
    make_review(scored, recommendation="grant_full")
    make_review(scored, scores=(3, 3, 3, 3, 3), recommendation="grant_part", amount=20_000)
    questioned = application("Loppemarked", Status.IN_REVIEW, 60_000, applicant=person)
    make_review(questioned, scores=(5, 5, 5, 5, 5), recommendation="grant_full")
    waiting = application("Vårrydding", Status.SUBMITTED, 30_000, applicant=person)
    unscored = application("Bokbytte", Status.IN_REVIEW, 20_000, applicant=person)
    make_assignment(unscored, reviewer)
    granted = application("Gatefest", Status.APPROVED, 50_000, applicant=member, organisation=club)
    make_decision(granted, "approved", decided_by=viewer)
    area.committed = 50_000
    draft = application("Utkast", Status.DRAFT, 10_000, applicant=person)
    for i in range(100):  # a second page
        application(f"Søknad {i}", Status.SUBMITTED, 1_000 + i, applicant=person)
    db.session.commit()
    return SimpleNamespace(area=area, other=other, round=round_, viewer=viewer, newcomer=newcomer, reviewer=reviewer,
                           person=person, member=member, club=club, scored=scored, questioned=questioned,
                           waiting=waiting, unscored=unscored, granted=granted, draft=draft)


def fresh(area) -> FocusArea:
    """The focus area as a request loads it: from the database, whatever the session holds."""
    return db.session.get(FocusArea, area.id, populate_existing=True)


def figures(found: ranking.Ranking) -> tuple:
    return (found.rows, found.remaining, found.total, found.pages, found.hidden, found.undeclared)


def built(area, viewer, cache: bool = True) -> list:
    """The rankings of every view in VIEWS, built with the cache, or computed with it off."""
    config = current_app.config
    saved = config["RANKING_CACHE_ROWS"]
    config["RANKING_CACHE_ROWS"] = saved if cache else 0
    try:
        return [figures(ranking.build(fresh(area), db.session.get(User, viewer.id), **view)) for view in VIEWS]
    finally:
        config["RANKING_CACHE_ROWS"] = saved


def assert_cache_follows(scene, change, viewers=None) -> None:
    """Build every viewer's rankings (cached), make the change, commit: the rankings built again
    are those computed with the cache off, and the change showed in at least one of them."""
    viewers = viewers or [scene.viewer, scene.newcomer]
    before = {v.id: built(scene.area, v) for v in viewers}
    assert all(built(scene.area, v) == before[v.id] for v in viewers)  # now from the cache
    change()
    unit_of_work.commit()
    after = {v.id: built(scene.area, v) for v in viewers}
    assert after == {v.id: built(scene.area, v, cache=False) for v in viewers}
    assert after != before, "the change did not alter any ranking, so the test proves nothing"


def test_the_cache_answers_the_same_ranking_again(scene):
    first = built(scene.area, scene.viewer)
    cache = ranking_cache.usable()
    assert len(cache) == len(VIEWS)
    assert built(scene.area, scene.viewer) == first == built(scene.area, scene.viewer, cache=False)
    assert len(cache) == len(VIEWS)


def test_submission_and_withdrawal(scene):
    assert_cache_follows(scene, lambda: applications.submit(scene.draft, scene.person))
    assert_cache_follows(scene, lambda: applications.withdraw(scene.waiting, scene.person, "Vi rakk det ikke"))


def test_assignment_more_information_and_the_answer(scene):
    assert_cache_follows(scene, lambda: review.assign(scene.waiting, [scene.reviewer], scene.viewer))
    assert_cache_follows(scene, lambda: review.request_info(scene.questioned, "Hvor er budsjettet?", scene.viewer))
    assert_cache_follows(scene, lambda: review.answer_info(scene.questioned, "Her.", scene.person))


def test_a_submitted_review(scene):
    scores = {c.id: (4, "Bra") for c in scene.round.criteria}
    assert_cache_follows(scene, lambda: review.save_review(scene.unscored, scene.reviewer, scores, "grant_full", None,
                                                           "Et godt prosjekt.", submit=True))


def test_decisions_a_rejection_and_a_changed_decision_after_an_appeal(scene):
    assert_cache_follows(scene, lambda: decide(scene.scored, Status.PARTLY_APPROVED, 25_000, "Ikke utstyr.", [],
                                               "Vilkår", DUE, scene.viewer))
    assert_cache_follows(scene, lambda: decide(scene.questioned, Status.REJECTED, None, "Utenfor ordningen.", [],
                                               "", None, scene.viewer))
    assert_cache_follows(scene, lambda: appeals.file_appeal(scene.scored, "Utstyret trengs.", scene.member))
    assert_cache_follows(scene, lambda: decide(scene.scored, Status.APPROVED, None, "", [], "Vilkår", DUE,
                                               scene.viewer))


def test_an_appeal_sent_to_the_board_and_upheld(scene):
    assert_cache_follows(scene, lambda: appeals.file_appeal(scene.granted, "Vi vil ha mer.", scene.member))
    appeal = open_appeal(scene.granted)
    assert_cache_follows(scene, lambda: appeals.forward_appeal(appeal, "Vedtaket står.", scene.viewer))
    assert_cache_follows(scene, lambda: appeals.record_board_outcome(appeal, True, "Klagenemnda er enig.",
                                                                     scene.viewer))


def test_declarations_of_the_viewer_and_of_others(scene):
    """The newcomer has declared on nothing: their ranking shows no figures until they do. Declaring a
    conflict hides the application from them; a declaration by anyone changes the version."""
    assert_cache_follows(scene, lambda: review.declare(scene.scored, scene.newcomer, True, "Min søster"))
    assert_cache_follows(scene, lambda: review.declare_none_for(
        db.session.scalars(db.select(Application).where(Application.focus_area_id == scene.area.id,
                                                        Application.status != Status.DRAFT)).all(),
        scene.newcomer))
    assert_cache_follows(scene, lambda: review.declare(scene.questioned, scene.reviewer, True, "Nabo"),
                         viewers=[scene.reviewer])


def test_budget_changes_and_moves(scene):
    assert_cache_follows(scene, lambda: rounds.change_focus_area(scene.area, scene.viewer, budget=90_000))
    assert_cache_follows(scene, lambda: budget.move_budget(scene.round, scene.other, scene.area, 100_000,
                                                           "Flere gode søknader her", scene.viewer))
    assert_cache_follows(scene, lambda: budget.move_budget(scene.round, scene.area, scene.other, 50_000,
                                                           "Tilbake", scene.viewer))


def test_names_of_applicants_and_organisations(scene):
    assert_cache_follows(scene, lambda: accounts.update_profile(scene.person, scene.person, name="Ola Nordmann"))
    assert_cache_follows(scene, lambda: organisations.update_organisation(scene.club, scene.member,
                                                                          name="Torstrand Idrettslag"))


def test_a_viewer_who_joins_the_applying_organisation_becomes_a_party(scene):
    """Membership is in the key (the viewer's organisations), not in the version."""
    def join():  # invited by a member, and accepted (membership needs both)
        invitations.invite(scene.club, scene.viewer.email, scene.member)
        invitations.answer(invitations.pending_for(scene.viewer)[0], scene.viewer, True)

    assert_cache_follows(scene, join)
    assert_cache_follows(scene, lambda: organisations.remove_member(scene.club, scene.viewer, scene.member))


def test_saving_a_draft_leaves_the_rankings_and_their_version_alone(scene):
    version = fresh(scene.area).ranking_version
    applications.save_draft(scene.draft, {"title": "Et nytt navn", "requested_amount": "9000"}, scene.person)
    db.session.commit()
    assert fresh(scene.area).ranking_version == version


def test_each_committed_change_raises_the_version_once(scene):
    version = fresh(scene.area).ranking_version
    review.declare_none_for(db.session.scalars(db.select(Application).where(
        Application.focus_area_id == scene.area.id, Application.status != Status.DRAFT)).all(), scene.newcomer)
    db.session.commit()
    assert fresh(scene.area).ranking_version == version + 1


def test_a_change_not_yet_committed_is_shown_but_never_cached(scene):
    """A transaction that changed a ranking computes it (its own change shows) and keeps none: if it
    is rolled back, the ranking is as before, for it and for everyone else."""
    before = built(scene.area, scene.newcomer)
    review.declare(scene.scored, scene.newcomer, True, "Min søster")
    during = built(scene.area, scene.newcomer)
    assert during != before
    assert during == built(scene.area, scene.newcomer, cache=False)
    db.session.rollback()
    assert built(scene.area, scene.newcomer) == before == built(scene.area, scene.newcomer, cache=False)


OTHER_PROCESS = """
import sys
from potten import create_app
from potten.config import TestConfig
from potten.applications.models import Application
from potten.accounts.models import User
from potten.applications.workflow import Status
from potten.core import outbox, unit_of_work
from potten.decisions.operations import decide
from potten.extensions import db

url, mail_dir, application_id, user_id, due = sys.argv[1:]
app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url, "MAIL_DIR": mail_dir})
with app.test_request_context("/"):
    application, user = db.session.get(Application, int(application_id)), db.session.get(User, int(user_id))
    decide(application, Status.APPROVED, None, "", [], "Vilkår", __import__("datetime").date.fromisoformat(due), user)
    unit_of_work.commit()
"""


def test_a_decision_committed_by_another_process_shows_at_once(scene, app, client, log_in, tmp_path):
    """The version is read from the database with the focus area, so the page does not need
    to hear from the other process: the next request sees the new version."""
    log_in(scene.viewer)
    url = f"/vurdering/innsatsomrade/{scene.area.id}/rangering"
    page = _table(client.get(url))
    assert _table(client.get(url)) == page  # from the cache
    held = fresh(scene.area)
    version = held.ranking_version
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path),
                    str(scene.scored.id), str(scene.viewer.id), DUE.isoformat()], check=True, timeout=120)
    assert held.ranking_version == version  # what this session holds in memory is the old version ...
    after = _table(client.get(url))
    assert fresh(scene.area).ranking_version > version  # ... the request read the new one
    assert after != page and "Innvilget" in after
    app.config["RANKING_CACHE_ROWS"] = 0
    assert _table(client.get(url)) == after


def test_the_rows_html_is_kept_for_each_language(scene, client, log_in):
    log_in(scene.viewer)
    url = f"/vurdering/innsatsomrade/{scene.area.id}/rangering"
    norwegian = _table(client.get(url))
    accounts.set_locale(scene.viewer, "en")
    db.session.commit()
    log_in(scene.viewer)
    english = _table(client.get(url))
    assert "Til vurdering" in norwegian and "In review" in english and "Til vurdering" not in english
    client.application.config["RANKING_CACHE_ROWS"] = 0
    assert _table(client.get(url)) == english


def _table(response) -> str:
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page[page.index("<tbody>"):page.index("</tbody>")]


def test_a_cache_hit_runs_fewer_statements(scene, client, log_in):
    log_in(scene.viewer)
    url = f"/vurdering/innsatsomrade/{scene.area.id}/rangering"
    miss = statements(client, url)
    hit = statements(client, url)
    assert hit < miss, (hit, miss)
    assert statements(client, url + "?page=2") == miss
    assert statements(client, url + "?page=2") == hit


def test_the_cache_holds_at_most_its_rows_and_drops_the_least_recently_used():
    cache = ranking_cache.Cache(limit=250)

    def entry(n):
        return ranking_cache.Entry(rows=tuple(range(n)), total=n, hidden=0, undeclared=0, remaining=0)

    cache.put("a", entry(100))
    cache.put("b", entry(100))
    assert cache.get("a") is not None  # a is now used more recently than b
    cache.put("c", entry(100))
    assert (cache.get("a") is not None, cache.get("b"), cache.get("c") is not None) == (True, None, True)
    assert cache.rows == 200
    cache.put("big", entry(251))  # larger than the whole cache: not kept
    assert cache.get("big") is None and cache.rows == 200


def test_no_cache_when_it_is_turned_off(scene, app):
    app.config["RANKING_CACHE_ROWS"] = 0
    assert ranking_cache.usable() is None
    ranking.build(fresh(scene.area), scene.viewer)
    assert "ranking_cache" not in app.extensions or len(app.extensions["ranking_cache"]) == 0


def test_the_version_watches_every_column_the_ranking_statement_reads(app):
    """A column added to the statement must be added to ``ranking_version.READ`` too, or a change
    to it would leave cached rankings stale."""
    watched = {(model.__table__.name, name) for model, names in READ.items() for name in names}
    read = set()
    for variant in product(ranking.SORTS, (None, True, False), ranking.SHOWS, *[(False, True)] * 3):
        for element in visitors.iterate(ranking._statement(*variant), {}):
            if isinstance(element, Column) and isinstance(element.table, Table) and element.name != "id":
                read.add((element.table.name, element.name))
    assert read <= watched, read - watched
    assert {"application", "conflict_declaration", "decision", "review_summary", "user", "organisation"} <= {
        table for table, _ in read}

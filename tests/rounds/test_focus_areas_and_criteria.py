"""The programme office sets the focus areas with their budgets, and the criteria with their weights."""
import pytest
from sqlalchemy import Column, ForeignKey, Integer, Table, insert, select

from potten.core.audit import AuditEntry
from potten.extensions import db
from potten.rounds.models import Criterion, FocusArea
from potten.rounds.operations import criterion_in_use
from tests.factories import make_application, make_round


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_admin_adds_a_focus_area_with_a_budget_typed_with_spaces(app, client, admin, send):
    round_ = make_round(budgets=())
    db.session.commit()

    response = send(f"/admin/runder/{round_.id}/innsatsomrader/ny",
                    name="Levekår og folkehelse", name_en="Living conditions and public health", budget="1 310 000")

    assert response.headers["Location"] == f"/admin/runder/{round_.id}#focus-areas"
    area = db.session.scalars(select(FocusArea)).one()
    assert (area.name, area.name_en, area.budget, area.committed) == (
        "Levekår og folkehelse", "Living conditions and public health", 1_310_000, 0)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.focus_area_added")).one()
    assert entry.object_id == round_.id and entry.after == {
        "focus_area": area.id, "name": "Levekår og folkehelse", "name_en": "Living conditions and public health",
        "budget": 1_310_000}


def test_round_page_shows_each_budget_with_what_is_granted_and_what_remains(app, client, admin):
    round_ = make_round(budgets=(500_000,))
    round_.focus_areas[0].committed = 120_000
    db.session.commit()

    page = client.get(f"/admin/runder/{round_.id}").get_data(as_text=True)

    assert "500\u00a0000\u00a0kr" in page and "120\u00a0000\u00a0kr" in page and "380\u00a0000\u00a0kr" in page


def test_a_budget_can_not_be_set_below_what_is_already_granted(app, client, admin, send):
    round_ = make_round(budgets=(500_000,))
    area = round_.focus_areas[0]
    area.committed = 300_000
    db.session.commit()
    path = f"/admin/runder/{round_.id}/innsatsomrader/{area.id}"

    refused = send(path, name=area.name, name_en="", budget="299 999")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert ('href="#budget">Budsjettet kan ikke være lavere enn det som allerede er innvilget fra det: '
            '300\u00a0000\u00a0kr.') in page
    assert 'value="299 999"' in page
    db.session.expire_all()
    assert area.budget == 500_000

    assert send(path, name=area.name, name_en="", budget="300 000").status_code == 302
    db.session.expire_all()
    assert (area.budget, area.remaining) == (300_000, 0)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.focus_area_changed")).one()
    assert (entry.before, entry.after) == ({"focus_area": area.id, "budget": 500_000},
                                           {"focus_area": area.id, "budget": 300_000})


def test_an_unused_focus_area_is_removed_and_the_removal_logged(app, client, admin, send):
    round_ = make_round(budgets=(500_000, 200_000))
    area = round_.focus_areas[1]
    db.session.commit()
    path = f"/admin/runder/{round_.id}/innsatsomrader/{area.id}"

    response = send(f"{path}/fjern")

    assert response.headers["Location"] == f"/admin/runder/{round_.id}#focus-areas"
    assert [a.budget for a in db.session.scalars(select(FocusArea))] == [500_000]
    assert audit_actions() == ["round.focus_area_removed"]


def test_a_focus_area_an_application_has_chosen_is_kept(app, client, admin, send):
    round_ = make_round(budgets=(500_000,))
    area = round_.focus_areas[0]
    make_application(round_=round_, focus_area=area)
    db.session.commit()
    path = f"/admin/runder/{round_.id}/innsatsomrader/{area.id}"
    assert "kan ikke fjernes, fordi søknader har valgt det" in client.get(path).get_data(as_text=True)

    response = send(f"{path}/fjern")

    assert response.headers["Location"] == path
    assert "kan ikke fjernes, fordi søknader har valgt det" in client.get(path).get_data(as_text=True)
    assert db.session.scalars(select(FocusArea)).one().id == area.id
    assert audit_actions() == []


def test_admin_adds_changes_and_removes_a_criterion(app, client, admin, send):
    round_ = make_round()
    db.session.commit()

    send(f"/admin/runder/{round_.id}/kriterier/ny", title="Varig effekt", title_en="Lasting effect",
         description="Vil noe leve videre når pengene er brukt?", description_en="", weight="2")
    criterion = db.session.scalars(select(Criterion).where(Criterion.title == "Varig effekt")).one()
    path = f"/admin/runder/{round_.id}/kriterier/{criterion.id}"
    send(path, title="Varig effekt", title_en="Lasting effect",
         description="Vil noe leve videre når pengene er brukt?", description_en="Will something live on?", weight="1")
    db.session.expire_all()
    assert (criterion.weight, criterion.description_en, criterion.position) == (1, "Will something live on?", 5)

    send(f"{path}/fjern")

    assert db.session.get(Criterion, criterion.id) is None
    assert audit_actions() == ["round.criterion_added", "round.criterion_changed", "round.criterion_removed"]
    changed = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.criterion_changed")).one()
    assert changed.before == {"criterion": criterion.id, "description_en": None, "weight": 2}
    assert changed.after == {"criterion": criterion.id, "description_en": "Will something live on?", "weight": 1}


@pytest.mark.parametrize(("typed", "message"), [("0", "Vekten må være 1 eller mer."),
                                                ("1,5", "Skriv vekten som et helt tall"),
                                                ("", "Skriv vekten.")])
def test_a_weight_must_be_a_whole_number_from_one(app, client, admin, send, typed, message):
    round_ = make_round()
    db.session.commit()

    response = send(f"/admin/runder/{round_.id}/kriterier/ny", title="Nytt", description="Forklaring", weight=typed)

    assert f'href="#weight">{message}' in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Criterion)).all()) == 5


@pytest.fixture
def score_table(app):
    """A table of reviewers' scores, as the review area will have: each row refers to a criterion."""
    table = Table("probe_review_score", db.metadata, Column("id", Integer, primary_key=True),
                  Column("criterion_id", ForeignKey("criterion.id"), nullable=False))
    table.create(db.engine)
    try:
        yield table
    finally:
        db.session.rollback()
        table.drop(db.engine)
        db.metadata.remove(table)


def test_a_criterion_reviewers_have_scored_against_can_not_be_removed(app, client, admin, send, score_table):
    round_ = make_round()
    scored, unscored = round_.criteria[0], round_.criteria[1]
    db.session.execute(insert(score_table).values(criterion_id=scored.id))
    db.session.commit()
    assert criterion_in_use(scored) and not criterion_in_use(unscored)
    path = f"/admin/runder/{round_.id}/kriterier/{scored.id}"
    assert "kan ikke fjernes, fordi saksbehandlere allerede har vurdert" in client.get(path).get_data(as_text=True)

    response = send(f"{path}/fjern")

    assert response.headers["Location"] == path
    assert db.session.get(Criterion, scored.id) is not None
    assert audit_actions() == []


def test_a_focus_area_is_reached_only_through_its_own_round(app, client, admin):
    first, second = make_round(), make_round(year=2026)
    db.session.commit()

    assert client.get(f"/admin/runder/{second.id}/innsatsomrader/{first.focus_areas[0].id}").status_code == 404
    assert client.get(f"/admin/runder/{second.id}/kriterier/{first.criteria[0].id}").status_code == 404


"""The ranking of a focus area: weighted means, recommendations, the running sum and the budget line,
the same figures in CSV and XLSX, and a fixed number of SQL statements however many applications."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.decisions.models import Decision
from potten.extensions import db
from potten.review.models import Review, ReviewAssignment
from potten.rounds.models import FocusArea
from tests.factories import make_application, make_declaration, make_review, make_round, make_user
from tests.review.helpers import statements as _statements


@pytest.fixture
def constructed(app, login_as):
    """Budget 100 000, of which 10 000 is granted; weights 3, 3, 2, 2, 1 (sum 11)."""
    viewer = login_as("decision_maker")
    round_ = make_round(budgets=(100_000, 500_000))
    area = round_.focus_areas[0]

    def application(title, requested, status=Status.SUBMITTED):
        found = make_application(round_=round_, focus_area=area, status=status, requested=requested, title=title)
        make_declaration(found, viewer)
        return found

    a = application("Alfa", 40_000)
    make_review(a, scores=(5, 5, 5, 5, 5), recommendation="grant_full")  # 55/11
    make_review(a, scores=(4, 4, 4, 4, 4), recommendation="grant_part", amount=30_000)  # 44/11
    b = application("Bravo", 50_000)
    make_review(b, scores=(3, 3, 3, 3, 3), recommendation="grant_full")  # 33/11
    make_review(b, scores=(5, 4, 3, 2, 1), recommendation="reject")  # 38/11
    make_review(b, scores=(1, 1, 1, 1, 1), recommendation="reject", submitted=False)  # a draft: not counted
    c = application("Charlie", 60_000)
    make_review(c, scores=(5, 5, 4, 4, 1), recommendation="grant_full")  # 47/11
    d = application("Delta", 10_000, status=Status.APPROVED)
    db.session.add(Decision(application_id=d.id, outcome="approved", requested_amount=10_000,
                            granted_amount=10_000, decided_by_id=viewer.id, conditions="Vilkår"))
    area.committed = 10_000
    application("Echo", 20_000)
    db.session.commit()
    return area


EXPECTED = [  # title, mean, reviews, (full, part, reject), recommended, running, fits, granted
    ("Alfa", Decimal("4.50"), 2, (1, 1, 0), 35_000, 35_000, True, None),
    ("Charlie", Decimal("4.27"), 1, (1, 0, 0), 60_000, 95_000, False, None),
    ("Bravo", Decimal("3.23"), 2, (1, 0, 1), 25_000, 120_000, False, None),
    ("Delta", None, 0, (0, 0, 0), None, None, None, 10_000),
    ("Echo", None, 0, (0, 0, 0), None, 120_000, False, None),
]


def test_the_ranking_adds_up_weights_means_running_sums_and_the_budget_line(constructed, client):
    from potten.decisions import ranking

    result = ranking.build(constructed, _viewer(), sort="score")
    assert result.remaining == 90_000
    got = [(r.title, r.mean, r.reviews, (r.full, r.part, r.reject), r.recommended, r.running, r.fits, r.granted)
           for r in result.rows]
    assert got == EXPECTED

    page = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering").get_data(as_text=True)
    assert "4,50" in page and "4,27" in page and "3,23" in page
    assert "95\u00a0000\u00a0kr" in page and "90\u00a0000\u00a0kr" in page
    # the budget line falls between Alfa and Charlie
    assert page.index("Alfa") < page.index('class="budget-line"') < page.index("Charlie")


def _viewer():
    from potten.accounts.models import User
    from potten.core.roles import Role

    return next(u for u in db.session.query(User).all() if u.has_role(Role.DECISION_MAKER))


def _numbers(cells):
    title, mean, reviews, full, part, reject, recommended, running, fits, granted = (
        cells[1], cells[5], cells[6], cells[7], cells[8], cells[9], cells[10], cells[11], cells[12], cells[13])
    def num(v, kind=int):
        return None if v in (None, "") else kind(v)
    return (title, num(mean, Decimal), num(reviews) or 0, (num(full) or 0, num(part) or 0, num(reject) or 0),
            num(recommended), num(running), None if fits in (None, "") else fits == "ja", num(granted))


def test_the_csv_and_xlsx_exports_hold_the_same_numbers(constructed, client):
    response = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    means = [r[5] for r in rows[1:6] if r[5]]
    assert means and all("," in m and "." not in m for m in means)  # 3,67: a number to Norwegian Excel
    assert [_numbers([c.replace(",", ".") for c in r]) for r in rows[1:6]] == EXPECTED
    assert rows[-1][1] == "90000"

    response = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [_numbers([str(v) if isinstance(v, float) else v for v in r]) for r in values[1:6]] == EXPECTED
    assert values[-1][1] == 90_000


def test_sorting_and_filtering(constructed, client):
    page = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering?sort=requested&order=desc"
                      ).get_data(as_text=True)
    assert page.index("Charlie") < page.index("Bravo") < page.index("Alfa") < page.index("Echo")
    page = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering?show=decided").get_data(as_text=True)
    assert "Delta" in page and "Alfa" not in page
    page = client.get(f"/vurdering/innsatsomrade/{constructed.id}/rangering?q=brav").get_data(as_text=True)
    assert "Bravo" in page and "Alfa" not in page


def _bulk(area: FocusArea, round_, n: int, reviewers: list) -> None:
    """``n`` applications with three submitted reviews each, inserted in bulk."""
    first = db.session.query(db.func.coalesce(db.func.max(Application.id), 0)).scalar() + 1
    applicant = make_user()
    db.session.execute(insert(Application), [dict(
        id=first + i, round_id=round_.id, applicant_id=applicant.id, status=Status.IN_REVIEW.value,
        title=f"Søknad {i}", focus_area_id=area.id, requested_amount=10_000 + i, case_number=f"B-{first + i}",
        target_groups=[]) for i in range(n)])
    db.session.execute(insert(ReviewAssignment), [dict(application_id=first + i, reviewer_id=r.id,
                                                       assigned_by_id=r.id) for i in range(n) for r in reviewers])
    db.session.execute(insert(Review), [dict(
        application_id=first + i, reviewer_id=r.id, status="submitted", recommendation="grant_full",
        recommended_amount=10_000 + i, weighted_total=(i % 5 + 1) * 11, weight_total=11, justification="")
        for i in range(n) for r in reviewers])
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("SELECT setval('application_id_seq', (SELECT max(id) FROM application))"))
    db.session.commit()


def test_the_ranking_page_runs_the_same_number_of_statements_for_5_and_2000_applications(app, client, login_as):
    login_as("decision_maker")
    round_ = make_round(budgets=(10_000_000, 10_000_000))
    small, large = round_.focus_areas
    reviewers = [make_user("reviewer") for _ in range(3)]
    _bulk(small, round_, 5, reviewers)
    _bulk(large, round_, 2000, reviewers)
    small_url, large_url = (f"/vurdering/innsatsomrade/{area.id}/rangering" for area in (small, large))
    few = _statements(client, small_url)
    many = _statements(client, large_url)
    assert few == many
    assert many <= 6


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_the_rankings_fast_formatting_matches_the_money_and_score_filters(app, locale):
    from flask import session

    from potten.core.formatting import money
    from potten.decisions.ranking_html import fast_numbers
    from potten.review.views import score_filter

    with app.test_request_context("/"):
        session["locale"] = locale
        fast = fast_numbers()
        for value in (0, 7, 1_000, 35_000, 1_310_000, 8_688_399, None):
            assert fast["money"](value) == money(value)
        for value in (Decimal("4.50"), Decimal("3.23"), Decimal("1.00")):
            assert fast["score"](value) == score_filter(value)


def _bulk_declared(viewer, n: int):
    """A focus area with ``n`` reviewed applications, the viewer cleared on all of them."""
    from potten.review.models import ConflictDeclaration

    round_ = make_round(budgets=(1_000_000, 1_000_000))
    area = round_.focus_areas[0]
    _bulk(area, round_, n, [make_user("reviewer") for _ in range(2)])
    ids = db.session.scalars(db.select(Application.id).where(Application.focus_area_id == area.id)).all()
    db.session.execute(insert(ConflictDeclaration), [
        dict(application_id=i, user_id=viewer.id, has_conflict=False, reason="") for i in ids])
    db.session.commit()
    return area


def test_each_page_has_the_running_sums_of_the_whole_ranking(app, login_as):
    """Page 2 carries on from page 1: its running sums count the rows before it, and the pages
    together are the ranking with every row (the one the exports and page=all show)."""
    from potten.decisions import ranking

    viewer = login_as("decision_maker")
    area = _bulk_declared(viewer, 130)
    every = ranking.build(area, viewer, page=None)
    first, second = ranking.build(area, viewer, page=1), ranking.build(area, viewer, page=2)
    assert (every.total, first.total, second.total) == (130, 130, 130)
    assert (len(first.rows), len(second.rows), first.pages) == (100, 30, 2)
    assert first.rows + second.rows == every.rows
    assert every.rows[-1].running == sum(r.recommended for r in every.rows)
    assert sum(r.crosses for r in every.rows) == 1  # the money (1 000 000) runs out once
    for sort, order in (("requested", True), ("recommended", None), ("case", False), ("reviews", None)):
        paged = (ranking.build(area, viewer, sort=sort, descending=order, page=1).rows
                 + ranking.build(area, viewer, sort=sort, descending=order, page=2).rows)
        assert paged == ranking.build(area, viewer, sort=sort, descending=order, page=None).rows


def test_a_conflict_leaves_the_row_out_of_the_running_sum_and_counts_come_back_on_an_empty_page(app, login_as):
    from potten.decisions import ranking
    from potten.review.models import ConflictDeclaration

    viewer = login_as("decision_maker")
    area = _bulk_declared(viewer, 5)
    before = ranking.build(area, viewer).rows
    top = before[0]
    declaration = db.session.scalar(db.select(ConflictDeclaration).where(
        ConflictDeclaration.application_id == top.id, ConflictDeclaration.user_id == viewer.id))
    declaration.has_conflict, declaration.reason = True, "Min nabo"
    db.session.commit()

    after = ranking.build(area, viewer)
    assert [r.id for r in after.rows] == [r.id for r in before[1:]]
    assert [r.running for r in after.rows] == [r.running - top.recommended for r in before[1:]]
    assert (after.total, after.hidden, after.undeclared) == (4, 1, 0)
    empty = ranking.build(area, viewer, page=7)
    assert (empty.rows, empty.total, empty.hidden, empty.undeclared) == ([], 4, 1, 0)


def test_the_pager_links_to_every_page_and_to_all_rows_on_one_page(app, client, login_as):
    viewer = login_as("decision_maker")
    area = _bulk_declared(viewer, 101)
    url = f"/vurdering/innsatsomrade/{area.id}/rangering"
    page = client.get(f"{url}?sort=requested&order=desc").get_data(as_text=True)
    assert page.count('href="/vurdering/soknad/') == 100
    assert f'href="{url}?sort=requested&amp;order=desc&amp;page=2"' in page
    assert f'aria-current="page" href="{url}?sort=requested&amp;order=desc&amp;page=1"' in page
    assert f'href="{url}?sort=requested&amp;order=desc&amp;page=all">Vis alle 101 på én side' in page
    everything = client.get(f"{url}?sort=requested&order=desc&page=all").get_data(as_text=True)
    assert everything.count('href="/vurdering/soknad/') == 101
    assert f'href="{url}?sort=requested&amp;order=desc">Vis 100 om gangen' in everything
    last = client.get(f"{url}?sort=requested&order=desc&page=2").get_data(as_text=True)
    assert last.count('href="/vurdering/soknad/') == 1

"""The payouts exports and the finance desk's sums kept under the database's version are never stale:
a change made by hand in SQL shows on the very next request (SQLite and PostgreSQL, in process and in
Redis), and a transaction that has written something neither reads nor keeps a cached file."""
import io

import openpyxl
import pytest

from potten.core import version_cache, versions
from potten.extensions import db
from potten.finance import money_version, queries
from potten.reports.models import ClaimStatus
from tests.finance.helpers import accepted, officers, paid, to_authorised
from tests.public.test_grants_cache import by_hand, read_columns, response_data, watched
from tests.review.helpers import statements


def _paid_world():
    """Two grants with a payout each paid, the first to an organisation."""
    from tests.factories import make_organisation

    club = make_organisation(name="Torstrand Vel")
    one, _ = accepted("at_acceptance", 40_000, organisation=club)
    two, _ = accepted("advance", 30_000, advance=50, round_=one.round)
    first, second = officers()
    paid((one, two), first, second)
    return one, club, first


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "redis"])
def test_payouts_changed_by_hand_in_sql_show_on_the_very_next_request(app, client, log_in, shared, request):
    if shared:
        app.config["REDIS_URL"] = request.getfixturevalue("redis_url")
    one, club, officer = _paid_world()
    club_id, area_id = club.id, one.focus_area_id
    log_in(officer)
    urls = ("/okonomi/utbetalinger.csv", "/okonomi/utbetalinger.xlsx")
    files = {url: response_data(client, url) for url in urls}
    desk = client.get("/okonomi").get_data(as_text=True)
    assert {url: response_data(client, url) for url in urls} == files
    assert statements(client, "/okonomi/utbetalinger.csv") == 2  # the user and the version
    by_hand("UPDATE organisation SET name = 'Nytt Vel' WHERE id = :id", id=club_id)
    assert "Nytt Vel" in response_data(client, urls[0]).decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(response_data(client, urls[1])))
    assert "Nytt Vel" in {row[2] for row in book.worksheets[0].iter_rows(values_only=True)}
    by_hand("UPDATE focus_area SET budget = 123456 WHERE id = :id", id=area_id)
    assert "123\u00a0456" in client.get("/okonomi").get_data(as_text=True) and "123\u00a0456" not in desk
    by_hand("UPDATE payout SET status = 'failed', paid_at = NULL WHERE status = 'paid'")
    assert len(response_data(client, urls[0]).decode("utf-8-sig").splitlines()) == 1  # the header only
    assert "123\u00a0456" in client.get("/okonomi").get_data(as_text=True)


def test_a_transaction_that_has_written_neither_reads_nor_keeps_a_cached_file(app, client, log_in):
    one, club, officer = _paid_world()
    log_in(officer)
    before = response_data(client, "/okonomi/utbetalinger.csv")
    club.name = "Uferdig Vel"
    db.session.flush()  # not committed
    if db.engine.dialect.name == "postgresql":
        assert versions.current(money_version.VERSION) is None
    assert b"Uferdig Vel" in version_cache.fetch(money_version.VERSION, ("csv",), lambda: b"Uferdig Vel")
    db.session.rollback()
    assert response_data(client, "/okonomi/utbetalinger.csv") == before


def test_the_version_watches_every_column_the_exports_and_the_desk_read(app, monkeypatch):
    """A column added to a cached statement must be watched too, or a change to it would leave the cache
    stale."""
    seen = []
    monkeypatch.setattr(db.session, "execute", lambda statement, *a, **k: seen.append(statement) or [])
    queries.export_rows()
    read = read_columns(seen[0]) | read_columns(queries._money_statement())
    read |= read_columns(queries._queue_statement(queries.QUEUES))  # the desk's lists, kept under it too
    read |= read_columns(queries._claims_statement(((ClaimStatus.OPEN,), (ClaimStatus.PAID, ClaimStatus.WAIVED))))
    assert read <= watched(money_version.VERSION), read - watched(money_version.VERSION)


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "redis"])
def test_the_desks_queues_and_claims_are_kept_and_changes_by_hand_show_at_once(app, client, log_in, shared, request):
    if shared:
        app.config["REDIS_URL"] = request.getfixturevalue("redis_url")
    one, _ = accepted("at_acceptance", 40_000)
    first, second = officers()
    payout = to_authorised(one, first, second)
    payout_id, version, applicant_id = payout.id, payout.version, one.applicant_id
    log_in(first)
    desk = client.get("/okonomi").get_data(as_text=True)
    assert f'name="v-{payout_id}" value="{version}"' in desk
    if db.engine.dialect.name == "postgresql":
        assert statements(client, "/okonomi") == 2  # the user and the version
    by_hand("UPDATE payout SET version = version + 1 WHERE id = :id", id=payout_id)
    assert f'name="v-{payout_id}" value="{version + 1}"' in client.get("/okonomi").get_data(as_text=True)
    by_hand("UPDATE payout SET status = 'failed', note = 'Kontoen finnes ikke' WHERE id = :id", id=payout_id)
    assert "Kontoen finnes ikke" in client.get("/okonomi").get_data(as_text=True)
    by_hand("UPDATE \"user\" SET name = 'Nytt Navn' WHERE id = :id", id=applicant_id)
    assert "Nytt Navn" in client.get("/okonomi").get_data(as_text=True)


def test_a_process_decodes_the_desk_once_per_version(app, client, log_in, redis_url):
    """The desk's lists and figures are read from Redis and decoded once per version in a process
    (``version_cache.fetch_kept``); a new version is read again."""
    from redis import Redis

    app.config["REDIS_URL"] = redis_url
    one, _ = accepted("at_acceptance", 40_000)
    first, second = officers()
    payout_id = to_authorised(one, first, second).id
    log_in(first)
    desk = client.get("/okonomi").get_data(as_text=True)
    store = Redis.from_url(redis_url)
    kept = store.keys(f"{version_cache.PREFIX}:*")
    assert kept
    store.delete(*kept)
    assert client.get("/okonomi").get_data(as_text=True) == desk  # from this process, not from Redis
    assert not store.keys(f"{version_cache.PREFIX}:*")
    by_hand("UPDATE payout SET status = 'failed', note = 'Kontoen finnes ikke' WHERE id = :id", id=payout_id)
    assert "Kontoen finnes ikke" in client.get("/okonomi").get_data(as_text=True)
    assert store.keys(f"{version_cache.PREFIX}:*")  # the new version, built and kept again

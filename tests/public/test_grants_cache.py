"""The grants list and its files kept under the database's version are never stale: a change made by
hand in SQL, on a connection of its own, shows on the very next request (on SQLite and PostgreSQL, cached
in process and in Redis); and what the cached statements read is watched."""
import csv
import io
from itertools import product

import pytest
from sqlalchemy import Column, Table
from sqlalchemy.sql import visitors

from potten.core import version_cache, versions
from potten.extensions import db
from potten.public import grants
from tests.public.test_grants import _world
from tests.review.helpers import statements


def by_hand(sql: str, **params) -> None:
    """A change made outside the ORM and outside the service, as a person in psql makes it."""
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(db.text(sql), params)


def response_data(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.data


GRANT_URLS = ("/tildelinger", "/tildelinger?runde=", "/tildelinger.csv", "/tildelinger.json")


@pytest.mark.parametrize("shared", [False, True], ids=["in-process", "redis"])
def test_grants_changed_by_hand_in_sql_show_on_the_very_next_request(app, client, shared, request):
    if shared:
        app.config["REDIS_URL"] = request.getfixturevalue("redis_url")
    round_, first, second = _world()
    round_id = round_.id
    pages = {url: response_data(client, url) for url in GRANT_URLS}
    assert {url: response_data(client, url) for url in GRANT_URLS} == pages  # from the cache
    assert statements(client, "/tildelinger.csv") == 1  # the version only
    by_hand("UPDATE organisation SET name = 'Nytt Vel' WHERE orgnr = '974760673'")
    for url in GRANT_URLS:
        assert b"Nytt Vel" in response_data(client, url) and b"Torstrand Vel" not in response_data(client, url), url
    by_hand("UPDATE decision SET granted_amount = 39000 WHERE granted_amount = 40000")
    assert "39\u00a0000\u00a0kr" in client.get("/tildelinger").get_data(as_text=True)
    assert any(row["amount_nok"] == "39000" for row in csv.DictReader(
        io.StringIO(response_data(client, "/tildelinger.csv").decode("utf-8-sig")), delimiter=";"))
    by_hand("UPDATE round SET title = 'Omdøpt runde' WHERE id = :id", id=round_id)
    assert "Omdøpt runde" in client.get("/tildelinger?runde=").get_data(as_text=True)
    assert {g["round"] for g in client.get("/tildelinger.json").get_json()["grants"]} == {"Omdøpt runde"}
    by_hand("UPDATE decision SET in_force = false")  # nothing granted any more
    assert "Vårdugnad" not in client.get("/tildelinger").get_data(as_text=True)
    assert client.get("/tildelinger.json").get_json()["grants"] == []


def test_a_save_that_changes_nothing_shown_keeps_the_version(app):
    round_, first, second = _world()
    version = versions.current(grants.VERSION)
    from tests.factories import make_application

    make_application(round_=round_, title="Et utkast")  # a draft: not granted, not listed
    db.session.commit()
    assert versions.current(grants.VERSION) == version


def test_the_memory_store_holds_at_most_its_bytes_and_drops_the_least_recently_used():
    memory = version_cache.Memory(10)
    memory.put("a", b"12345")
    memory.put("b", b"12345")
    assert memory.get("a") == b"12345"  # now the most recently used
    memory.put("c", b"123")
    assert memory.get("b") is None and memory.get("a") and memory.get("c") and memory.size == 8
    memory.put("big", b"x" * 11)
    assert memory.get("big") is None


def test_no_cache_when_it_is_turned_off(app, client):
    _world()
    app.config["VERSION_CACHE_BYTES"] = 0
    assert version_cache.store() is None
    first = statements(client, "/tildelinger.csv")
    assert statements(client, "/tildelinger.csv") == first > 1


def read_columns(statement) -> set[tuple[str, str]]:
    return {(element.table.name, element.name) for element in visitors.iterate(statement, {})
            if isinstance(element, Column) and isinstance(element.table, Table) and element.name != "id"}


def watched(name: str) -> set[tuple[str, str]]:
    return {(w.table, column) for w in versions.WATCHED[name] for column in w.columns}


def test_the_version_watches_every_column_the_grants_statements_read(app, monkeypatch):
    """A column added to a cached statement must be watched too, or a change to it would leave the cache
    stale."""
    seen = []
    monkeypatch.setattr(db.session, "execute", lambda statement, *a, **k: seen.append(statement) or [])
    monkeypatch.setattr(db.session, "scalars", lambda statement, *a, **k: seen.append(statement) or [])
    for round_id, area_id in product((None, 1), (None, 2)):
        grants.grants(round_id, area_id)
    grants.rounds_with_grants()
    read = set().union(*map(read_columns, seen))
    assert read and read <= watched(grants.VERSION), read - watched(grants.VERSION)

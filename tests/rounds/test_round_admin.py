"""The programme office opens a round and changes it: times typed in Norwegian time, amounts in kroner."""
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.core.time import utcnow
from potten.extensions import db
from potten.rounds import operations
from potten.rounds.models import Round
from tests.factories import make_round
from tests.rounds.conftest import ROUND


def the_round() -> Round:
    db.session.expire_all()
    return db.session.scalars(select(Round)).one()


def test_admin_opens_a_round_and_finds_it_in_the_list(app, client, admin, send):
    response = send("/admin/runder/ny", **ROUND)

    round_ = the_round()
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/runder/{round_.id}"
    assert (round_.title, round_.max_amount, round_.year) == ("Nabolagspotten 2026", 100_000, 2026)
    assert round_.title_en is None and round_.description_en is None
    page = client.get("/admin/runder").get_data(as_text=True)
    assert "Nabolagspotten 2026" in page and "2. mars 2026 kl. 12:00" in page
    created = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.created")).one()
    assert created.actor_id == admin.id and created.after["max_amount"] == 100_000


@pytest.mark.parametrize(("day", "clock", "utc"), [
    ("2025-03-30", "12:00", datetime(2025, 3, 30, 10, 0, tzinfo=UTC)),  # summer time has begun that night
    ("2025-01-15", "12:00", datetime(2025, 1, 15, 11, 0, tzinfo=UTC)),  # winter time
    ("30.03.2025", "12.00", datetime(2025, 3, 30, 10, 0, tzinfo=UTC)),  # as people type it
    ("2025-10-26", "12:00", datetime(2025, 10, 26, 11, 0, tzinfo=UTC)),  # back to winter time that night
])
def test_deadline_typed_in_norwegian_time_is_kept_as_the_right_moment(app, client, admin, send, day, clock, utc):
    round_ = make_round()
    db.session.commit()

    response = send(f"/admin/runder/{round_.id}", **{**ROUND, "opens_date": "2025-01-01", "closes_date": day,
                                                      "closes_time": clock})

    assert response.status_code == 302
    assert the_round().closes_at == utc


def test_the_form_shows_the_deadline_in_norwegian_time(app, client, admin):
    round_ = make_round()
    round_.opens_at = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    round_.closes_at = datetime(2025, 3, 30, 10, 0, tzinfo=UTC)
    db.session.commit()

    page = client.get(f"/admin/runder/{round_.id}").get_data(as_text=True)

    assert 'name="closes_date" required spellcheck="false" type="text" value="30.03.2025"' in page  # dd.mm.åååå
    assert 'name="closes_time" required type="time" value="12:00"' in page
    assert 'name="opens_time" required type="time" value="09:00"' in page


def test_changed_deadline_shows_on_the_front_page(app, client, admin, send):
    round_ = make_round()
    db.session.commit()
    year = utcnow().year + 1

    send(f"/admin/runder/{round_.id}", **{**ROUND, "opens_date": (utcnow() - timedelta(days=2)).date().isoformat(),
                                          "closes_date": f"{year}-06-15", "closes_time": "12:00"})

    front = client.get("/").get_data(as_text=True)
    assert f"15. juni {year} kl. 12:00" in front
    assert the_round().closes_at == datetime(year, 6, 15, 10, 0, tzinfo=UTC)


def test_a_time_skipped_when_summer_time_begins_is_refused(app, client, admin, send):
    round_ = make_round()
    db.session.commit()
    before = round_.closes_at

    response = send(f"/admin/runder/{round_.id}", **{**ROUND, "opens_date": "2025-01-01",
                                                      "closes_date": "2025-03-30", "closes_time": "02:30"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "klokkeslettet 02:30 finnes ikke i Norge" in page and "for eksempel 03:30" in page
    assert the_round().closes_at == before


def test_deadline_before_opening_is_refused_and_what_was_typed_is_kept(app, client, admin, send):
    round_ = make_round()
    db.session.commit()

    response = send(f"/admin/runder/{round_.id}", **{**ROUND, "title": "Ny tittel", "opens_date": "2026-03-02",
                                                      "closes_date": "2026-03-01", "max_amount": "50 000"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in page
    assert '<a class="ds-link" href="#closes_date">Søknadsfristen må være etter tidspunktet runden åpner.</a>' in page
    assert 'value="Ny tittel"' in page and 'value="50 000"' in page and 'value="2026-03-01"' in page
    assert the_round().title == "Nabolagspotten 2025"


@pytest.mark.parametrize(("typed", "kroner"), [("1 310 000", 1_310_000), ("1310000", 1_310_000),
                                                ("100\u00a0000 kr", 100_000), (" 25 000 ", 25_000)])
def test_amounts_may_be_typed_with_spaces(app, client, admin, send, typed, kroner):
    round_ = make_round()
    db.session.commit()

    assert send(f"/admin/runder/{round_.id}", **{**ROUND, "max_amount": typed}).status_code == 302

    assert the_round().max_amount == kroner


@pytest.mark.parametrize(("typed", "message"), [
    ("12,50", "Skriv hele kroner, uten øre"),
    ("mange", "Skriv beløpet i hele kroner, bare med tall"),
    ("-5", "Beløpet kan ikke være mindre enn null."),
    ("0", "Beløpet må være mer enn 0 kroner."),
    ("", "Skriv det største beløpet man kan søke om."),
])
def test_amounts_that_are_not_whole_kroner_are_refused(app, client, admin, send, typed, message):
    round_ = make_round()
    db.session.commit()

    response = send(f"/admin/runder/{round_.id}", **{**ROUND, "max_amount": typed})

    assert response.status_code == 400
    assert f'href="#max_amount">{message}' in response.get_data(as_text=True)
    assert the_round().max_amount == 100_000


def test_every_missing_field_is_listed_in_the_error_summary(app, client, admin, send):
    response = send("/admin/runder/ny", **{name: "" for name in ROUND})

    page = response.get_data(as_text=True)
    for field in ("title", "description", "opens_date", "opens_time", "closes_date", "closes_time", "max_amount"):
        assert f'href="#{field}"' in page, field
    assert db.session.scalars(select(Round)).first() is None


def test_a_change_is_logged_with_before_and_after(app, client, admin, send):
    round_ = make_round(year=2026)
    round_.opens_at = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    round_.closes_at = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    db.session.commit()

    send(f"/admin/runder/{round_.id}", **{**ROUND, "title": round_.title, "description": round_.description,
                                          "closes_date": "2026-04-01", "closes_time": "12:00"})

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.changed")).one()
    assert entry.actor_id == admin.id and entry.object_type == "Round" and entry.object_id == round_.id
    assert entry.before == {"closes_at": "2026-03-01T11:00:00+00:00"}
    assert entry.after == {"closes_at": "2026-04-01T10:00:00+00:00"}
    page = client.get(f"/admin/runder/{round_.id}").get_data(as_text=True)
    assert "Søknadsfrist: 1. mars 2026 kl. 12:00 → 1. april 2026 kl. 12:00" in page
    every_change = f"/admin/logg?object_type=Round&amp;object_id={round_.id}"  # the page shows the latest ten
    assert every_change in page
    log = client.get(every_change.replace("&amp;", "&")).get_data(as_text=True)
    assert "Søknadsrunde endret" in log.split("<tbody")[1]  # the change, found by the link


def test_saving_without_changes_writes_no_audit_entry(app, client, admin, send):
    round_ = make_round(year=2026)
    round_.opens_at, round_.closes_at = datetime(2026, 1, 5, 8, 0, tzinfo=UTC), datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    db.session.commit()
    page = client.get(f"/admin/runder/{round_.id}").get_data(as_text=True)
    typed = {name: _value(page, name) for name in ROUND if name not in ("title_en", "description", "description_en")}

    response = send(f"/admin/runder/{round_.id}", **typed, description=round_.description)

    assert response.status_code == 302
    assert "Ingenting ble endret." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.changed")).first() is None


def test_the_operation_itself_refuses_a_deadline_before_opening(app, admin):
    round_ = make_round()
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        operations.change_round(round_, admin, closes_at=round_.opens_at - timedelta(minutes=1))
    assert refused.value.field == "closes_date"


def _value(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


def test_every_broken_rule_of_a_round_is_shown_at_once_and_nothing_typed_is_lost(app, client, admin, send):
    typed = {**ROUND, "payout_plan": "on_a_whim", "advance_percent": "150", "acceptance_days": "500",
             "reminder_steps": "-14, snart"}
    response = send("/admin/runder/ny", **typed)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("payout_plan", "advance_percent", "acceptance_days", "reminder_steps"):
        assert page.count(f'href="#{field}"') == 1, field
    assert 'value="150"' in page and 'value="500"' in page and 'value="-14, snart"' in page
    assert db.session.scalars(select(Round)).first() is None

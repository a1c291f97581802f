"""The database itself refuses what breaks the rules, written around the ORM: a payout attested by
the applicant or by the one who granted the money, authorised by its attestant, a second open request,
and a ledger that plans or pays more than the grant."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from potten.extensions import db
from potten.finance import operations
from tests.finance.helpers import accepted, officers, to_authorised


def _refused(sql: str, **params) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(text(sql), params)
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_a_payout_that_breaks_the_two_person_rule(app, in_request):
    application, decision = accepted()
    first, second = officers()
    payout = to_authorised(application, first, second)
    where = "WHERE id = :id"
    _refused(f"UPDATE payout SET authorised_by_id = attested_by_id {where}", id=payout.id)
    _refused(f"UPDATE payout SET attested_by_id = applicant_id {where}", id=payout.id)
    _refused(f"UPDATE payout SET authorised_by_id = applicant_id {where}", id=payout.id)
    _refused(f"UPDATE payout SET attested_by_id = decided_by_id {where}", id=payout.id)
    _refused(f"UPDATE payout SET attested_by_id = NULL {where}", id=payout.id)  # authorised, never attested
    _refused(f"UPDATE payout SET status = 'paid' {where}", id=payout.id)  # paid, but by nobody and never sent
    _refused(f"UPDATE payout SET status = 'lost' {where}", id=payout.id)


def test_the_database_refuses_a_second_open_request_and_more_than_the_grant(app, in_request):
    application, decision = accepted("advance", 40_000, advance=50)
    payout = operations.request_payout(application, 20_000, application.applicant)
    db.session.commit()
    _refused("INSERT INTO payout (application_id, decision_id, position, due_on, amount, status, version, "
             "account_number, applicant_id, decided_by_id, requested_at, note) "
             "SELECT application_id, decision_id, 9, due_on, 1, 'requested', 1, account_number, applicant_id, "
             "decided_by_id, requested_at, '' FROM payout WHERE id = :id", id=payout.id)
    _refused("UPDATE grant_ledger SET allocated = granted + 1 WHERE application_id = :id", id=application.id)
    _refused("UPDATE grant_ledger SET paid = allocated + 1 WHERE application_id = :id", id=application.id)
    _refused("UPDATE grant_ledger SET paid = -1 WHERE application_id = :id", id=application.id)

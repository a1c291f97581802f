"""The grant closes when everything is paid and nothing is owed: the final report approved, every
payout not cancelled paid, no repayment claim open. Whichever comes last closes it, in the same
transaction; a closed grant takes no more payout requests, account changes or report edits."""
import re
from datetime import timedelta

import pytest

from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.core.errors import DomainError
from potten.core.time import today_local
from potten.extensions import db
from potten.finance import operations
from potten.reports import operations as reports
from potten.reports import repayment
from potten.reports.queries import report_for
from tests.conftest import csrf_token
from tests.factories import make_user
from tests.finance.helpers import accepted, officers, to_sent
from tests.reports.helpers import make_claim

REPORT = {"activities": "Fest i parken", "held_from": "2025-06-01", "held_to": "2025-06-02", "participants": "30",
          "target_groups": ["everyone"], "dugnad_hours": "10", "worked_well": "Alt", "worked_badly": "Lite",
          "actual": ["40000"], "other_funding": "0", "own_contribution": "0", "confirmed": "y"}


def _report_sent(application):
    report = report_for(application)
    reports.save_report(report, REPORT, application.applicant)
    reports.send_report(report, application.applicant)
    return report


def _paid(application, attestant, authoriser):
    payout, _batch = to_sent(application, attestant, authoriser)
    operations.mark_paid(payout, payout.version, authoriser)


def _status(application) -> Status:
    db.session.refresh(application)
    return Status(application.status)


def _closed_by(application):
    return db.session.query(AuditEntry).filter_by(action="application.closed", object_id=application.id).all()


def test_the_report_approved_last_closes_the_paid_grant(app, in_request):
    application, _ = accepted("at_acceptance", 40_000)
    attestant, authoriser = officers()
    _paid(application, attestant, authoriser)
    assert _status(application) == Status.DISBURSED  # paid out, but the report is still to come
    report = _report_sent(application)
    assert _status(application) == Status.DISBURSED
    maker = make_user("decision_maker")
    reports.approve_report(report, maker)  # the same transaction: nothing committed in between
    assert _status(application) == Status.CLOSED
    [entry] = _closed_by(application)
    assert entry.actor_id == maker.id and entry.after["status"] == "closed"
    db.session.commit()

    # closed: no more payout requests, account changes or report edits
    with pytest.raises(DomainError, match="closed|avsluttet"):
        operations.request_payout(application, 1, application.applicant)
    with pytest.raises(DomainError, match="closed|avsluttet"):
        operations.change_account(application, "1503.12.34561", application.applicant)
    with pytest.raises(DomainError, match="closed|avsluttet"):
        reports.save_report(report, {"activities": "Noe annet"}, application.applicant)


def test_the_last_payout_paid_closes_the_grant_whose_report_was_approved(app, in_request):
    application, _ = accepted("after_report", 40_000)
    attestant, authoriser = officers()
    reports.approve_report(_report_sent(application), make_user("decision_maker"))
    assert _status(application) == Status.APPROVED  # approved report, nothing paid yet
    _paid(application, attestant, authoriser)
    assert _status(application) == Status.CLOSED  # paid out and closed in one step
    assert [e.actor_id for e in _closed_by(application)] == [authoriser.id]
    moves = [e.after["status"] for e in db.session.query(AuditEntry).filter_by(
        object_type="Application", object_id=application.id).order_by(AuditEntry.id) if e.after
        and e.after.get("status") in ("disbursed", "closed")]
    assert moves == ["disbursed", "closed"]


@pytest.mark.parametrize("ending", ["paid", "waived"])
def test_an_open_claim_keeps_the_grant_open_until_it_is_paid_or_waived(app, in_request, ending):
    application, _ = accepted("at_acceptance", 40_000)
    attestant, authoriser = officers()
    _paid(application, attestant, authoriser)
    claim = make_claim(application, 5_000)
    reports.approve_report(_report_sent(application), make_user("decision_maker"))
    assert _status(application) == Status.DISBURSED  # 5 000 kr is owed
    if ending == "paid":
        repayment.mark_repayment_paid(claim, attestant)
    else:
        with pytest.raises(DomainError):  # a refused waiver closes nothing
            repayment.waive_repayment(claim, " ", attestant)
        assert _status(application) == Status.DISBURSED
        repayment.waive_repayment(claim, "Svaret på varselet ble godtatt.", attestant)
    assert _status(application) == Status.CLOSED
    assert [e.actor_id for e in _closed_by(application)] == [attestant.id]


def test_a_claim_opened_after_closing_reopens_the_grant_until_it_is_paid(app, in_request):
    application, _ = accepted("at_acceptance", 40_000)
    attestant, authoriser = officers()
    _paid(application, attestant, authoriser)
    maker = make_user("decision_maker")
    reports.approve_report(_report_sent(application), maker)
    assert _status(application) == Status.CLOSED
    claim = repayment.claim_repayment(application, 5_000, "Revisjonen fant at utstyret ikke ble kjøpt.",
                                      today_local() + timedelta(days=21), maker, granted=40_000)
    assert _status(application) == Status.DISBURSED
    assert db.session.query(AuditEntry).filter_by(action="application.reopened", object_id=application.id).count() == 1
    repayment.mark_repayment_paid(claim, attestant)
    assert _status(application) == Status.CLOSED
    assert len(_closed_by(application)) == 2


def test_applicant_and_staff_see_the_closed_grant_in_plain_words(app, client, log_in):
    application, _ = accepted("at_acceptance", 40_000)
    attestant, authoriser = officers()
    _paid(application, attestant, authoriser)
    report = _report_sent(application)
    db.session.commit()
    log_in(application.applicant)
    page = client.get(f"/soknad/{application.id}").get_data(as_text=True)
    assert "Det avsluttes når:" in page and "sluttrapporten er godkjent" in page  # what is left, in plain words
    reports.approve_report(report, make_user("decision_maker"))
    db.session.commit()
    page = client.get(f"/soknad/{application.id}").get_data(as_text=True)
    assert "Avsluttet" in page and "Dette tilskuddet er avsluttet" in page
    assert "Be om utbetaling" not in page and "Endre kontonummer" not in page
    refused = client.post(f"/soknad/{application.id}/utbetaling",
                          data={"csrf_token": csrf_token(client, "/"), "amount": "1000"})
    assert refused.status_code in (302, 400)
    assert operations.due_now(application) == 0 and _status(application) == Status.CLOSED
    log_in(attestant)
    case = client.get(f"/okonomi/soknad/{application.id}").get_data(as_text=True)
    assert "Avsluttet" in case and "Det utbetales ikke mer." in case


def test_a_refused_waiver_shows_the_desk_again_with_the_reason_kept(app, client, log_in):
    application, _ = accepted("at_acceptance", 40_000)
    first, _second = officers()
    claim = make_claim(application, 5_000)
    db.session.commit()
    log_in(first)
    token = csrf_token(client, "/okonomi")
    url = f"/okonomi/tilbakebetaling/{claim.id}"
    empty = client.post(url, data={"csrf_token": token, "action": "waive", "reason": "  "})
    body = empty.get_data(as_text=True)
    assert empty.status_code == 400 and f'id="waive-{claim.id}-error"' in body
    assert "Skriv hvorfor kravet frafalles." in body and f'href="#waive-{claim.id}"' in body
    typed = "Søkeren har vist kvitteringer. " * 70  # over 2 000 characters
    long = client.post(url, data={"csrf_token": token, "action": "waive", "reason": typed})
    body = long.get_data(as_text=True)
    assert long.status_code == 400 and "Bruk høyst 2000 tegn." in body
    assert f'value="{typed}"' in body  # nothing typed is lost
    db.session.refresh(claim)
    assert claim.status == "open"


def test_a_refused_payment_batch_keeps_the_chosen_payouts(app, client, log_in):
    from tests.finance.helpers import to_authorised

    application, _ = accepted("at_acceptance", 40_000)
    first, second = officers()
    payout = to_authorised(application, first, second)
    log_in(first)
    token = csrf_token(client, "/okonomi")
    stale = client.post("/okonomi/betaling", data={"csrf_token": token, "payouts": str(payout.id),
                                                   f"v-{payout.id}": str(payout.version - 1)})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 400 and 'href="#h-authorised"' in body
    assert re.search(rf'id="send-{payout.id}" checked', body)
    db.session.refresh(payout)
    assert payout.status == "authorised"

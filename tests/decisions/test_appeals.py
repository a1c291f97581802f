"""Appeals (klage): filed from the applicant's page, changed or upheld and sent to the appeals board."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from potten.applications.models import Application
from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.decisions.models import Appeal, Decision
from potten.decisions.operations import decide
from potten.extensions import db
from potten.rounds.models import FocusArea
from tests.conftest import csrf_token
from tests.factories import make_application, make_declaration, make_user


def _decided(outcome=Status.APPROVED, requested=40_000, amount=None, budget=None):
    applicant, approver = make_user(), make_user("decision_maker")
    application = make_application(applicant=applicant, status=Status.IN_REVIEW, requested=requested)
    if budget is not None:
        application.focus_area.budget = budget
    make_declaration(application, approver)
    db.session.commit()
    return application, applicant, approver


def test_applicant_appeals_and_the_decision_maker_grants_more_within_budget(app, client, log_in):
    application, applicant, approver = _decided(budget=50_000)
    with app.test_request_context("/"):
        decide(application, Status.PARTLY_APPROVED, 20_000, "For dyrt", [], "Vilkår", application.end_date, approver)
        unit_of_work.commit()
    log_in(applicant)
    token = csrf_token(client, f"/soknad/{application.id}/klage")
    response = client.post(f"/soknad/{application.id}/klage", data={"csrf_token": token,
                                                                    "text": "Vi trenger hele beløpet."})
    assert response.status_code == 302
    appeal = db.session.scalar(select(Appeal))
    assert appeal.late is False
    assert db.session.get(Application, application.id).status == Status.APPEALED

    log_in(approver)
    token = csrf_token(client, f"/vedtak/klage/{appeal.id}")
    client.post(f"/vedtak/soknad/{application.id}", data={
        "csrf_token": token, "outcome": "approved", "conditions": "Vilkår", "report_due": "2025-10-01"})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == Status.APPROVED
    # the old grant (20 000) was released and the new one (40 000) committed in one step
    assert db.session.get(FocusArea, application.focus_area_id).committed == 40_000
    decisions = db.session.scalars(select(Decision).order_by(Decision.id)).all()
    assert [d.granted_amount for d in decisions] == [20_000, 40_000]
    assert decisions[1].after_appeal and decisions[1].supersedes_id == decisions[0].id
    assert db.session.get(Appeal, appeal.id).state == "changed"


def test_a_new_decision_after_appeal_must_fit_the_budget_too(app, in_request):
    from potten.decisions.appeals import file_appeal
    from potten.decisions.budget import NotEnoughLeft

    application, applicant, approver = _decided(budget=30_000)
    decide(application, Status.PARTLY_APPROVED, 20_000, "For dyrt", [], "Vilkår", application.end_date, approver)
    file_appeal(application, "Vi trenger alt", applicant)
    db.session.commit()
    try:
        decide(application, Status.APPROVED, None, "", [], "Vilkår", application.end_date, approver)
    except NotEnoughLeft as exc:
        assert exc.remaining == 10_000
    else:
        raise AssertionError("the new grant should not fit")
    db.session.rollback()
    assert db.session.get(FocusArea, application.focus_area_id).committed == 20_000
    assert db.session.get(Application, application.id).status == Status.APPEALED


def test_upheld_appeal_goes_to_the_board_whose_outcome_is_recorded(app, client, log_in):
    application, applicant, approver = _decided()
    with app.test_request_context("/"):
        decide(application, Status.REJECTED, None, "Utenfor formålet", [], "", None, approver)
        unit_of_work.commit()
    log_in(applicant)
    token = csrf_token(client, f"/soknad/{application.id}/klage")
    client.post(f"/soknad/{application.id}/klage", data={"csrf_token": token, "text": "Det er innenfor."})
    appeal = db.session.scalar(select(Appeal))

    log_in(approver)
    token = csrf_token(client, f"/vedtak/klage/{appeal.id}")
    client.post(f"/vedtak/klage/{appeal.id}", data={"forward-csrf_token": token, "action": "forward",
                                                     "forward-note": "Vedtaket står."})
    assert db.session.get(Application, application.id).status == Status.APPEAL_FORWARDED
    client.post(f"/vedtak/klage/{appeal.id}", data={"board-csrf_token": token, "action": "board",
                                                     "board-upheld": "upheld",
                                                     "board-board_note": "Klagen ble ikke tatt til følge."})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == Status.REJECTED
    assert db.session.get(Appeal, appeal.id).state == "board_upheld"


def test_board_changed_decision_is_recorded_as_a_new_decision(app, in_request):
    from potten.decisions.appeals import file_appeal, forward_appeal, record_board_outcome

    application, applicant, approver = _decided()
    decide(application, Status.REJECTED, None, "Nei", [], "", None, approver)
    appeal = file_appeal(application, "Uenig", applicant)
    forward_appeal(appeal, "Står ved vedtaket", approver)
    record_board_outcome(appeal, "changed", "Klagenemnda gir søkeren medhold.", approver)
    decision = decide(application, Status.APPROVED, None, "Tiltaket er innenfor formålet.", [], "",
                      application.end_date, approver)
    db.session.commit()
    assert decision.after_appeal and decision.by_board  # the board's, final
    assert appeal.state == "board_changed" and appeal.board_decision_id == decision.id
    assert application.status == Status.APPROVED


def test_an_appeal_after_three_weeks_is_accepted_but_flagged(app, client, log_in):
    application, applicant, approver = _decided()
    with app.test_request_context("/"):
        decision = decide(application, Status.REJECTED, None, "Nei", [], "", None, approver)
        decision.notified_at = decision.decided_at - timedelta(days=22)
        unit_of_work.commit()
    log_in(applicant)
    token = csrf_token(client, f"/soknad/{application.id}/klage")
    response = client.post(f"/soknad/{application.id}/klage", data={"csrf_token": token, "text": "Sent, men uenig"},
                           follow_redirects=True)
    assert "fristen" in response.get_data(as_text=True)
    assert db.session.scalar(select(Appeal)).late is True


def test_someone_else_cannot_appeal(app, client, log_in):
    application, applicant, approver = _decided()
    with app.test_request_context("/"):
        decide(application, Status.REJECTED, None, "Nei", [], "", None, approver)
        unit_of_work.commit()
    log_in(make_user())
    db.session.commit()
    assert client.get(f"/soknad/{application.id}/klage").status_code == 404


def test_the_board_outcome_form_names_every_problem_at_once(app, client, log_in):
    from potten.core.errors import Problems
    from potten.decisions.appeals import file_appeal, forward_appeal, record_board_outcome

    application, applicant, approver = _decided()
    with app.test_request_context("/"):
        decide(application, Status.REJECTED, None, "Nei", [], "", None, approver)
        forward_appeal(file_appeal(application, "Uenig", applicant), "Står ved vedtaket", approver)
        unit_of_work.commit()
    appeal = db.session.scalar(select(Appeal))
    with app.test_request_context("/"), pytest.raises(Problems) as refused:
        record_board_outcome(appeal, "maybe", "  ", approver)
    assert [field for field, _ in refused.value.problems] == ["upheld", "board_note"]
    db.session.rollback()

    log_in(approver)
    token = csrf_token(client, f"/vedtak/klage/{appeal.id}")
    response = client.post(f"/vedtak/klage/{appeal.id}", data={"board-csrf_token": token, "action": "board",
                                                                "board-board_note": "   "})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#board-upheld"' in page and 'href="#board-board_note"' in page
    assert db.session.get(Appeal, appeal.id).state == "forwarded"

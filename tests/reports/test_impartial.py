"""Habilitet on the report and repayment side: nobody approves, returns or claims back in a case they are
a party to (the applicant, a member of the applying organisation) or declared a conflict of interest in,
through the operations or the pages. Before this, a decision maker who had applied could approve their
own final report (releasing the money it held back) and waive a claim against themselves."""
from datetime import timedelta

import pytest

from potten.core.errors import NotAllowed
from potten.core.time import today_local
from potten.extensions import db
from potten.reports import operations
from potten.reports.models import ClaimStatus, ReportStatus
from tests.factories import make_declaration, make_organisation, make_user
from tests.reports.helpers import make_claim, make_grant


def _sent(applicant, **kwargs):
    application, _, report = make_grant(applicant, **kwargs)
    report.status = ReportStatus.SENT
    db.session.flush()
    return application, report


def _conflicted_manager(application):
    manager = make_user("decision_maker")
    make_declaration(application, manager, conflict=True, reason="Styreleder i laget")
    return manager


@pytest.mark.parametrize("who", ["applicant", "member", "declared"])
def test_no_one_handles_a_report_or_claim_in_their_own_case(app, who):
    if who == "member":
        manager = make_user("decision_maker")
        organisation = make_organisation(members=[manager])
        application, report = _sent(make_user(), organisation=organisation)
    elif who == "applicant":
        manager = make_user("decision_maker")
        application, report = _sent(manager)
    else:
        application, report = _sent(make_user())
        manager = _conflicted_manager(application)
    for act in (lambda: operations.approve_report(report, manager),
                lambda: operations.return_report(report, "Legg ved kvitteringene.", manager)):
        with pytest.raises(NotAllowed):
            act()
    assert report.status == ReportStatus.SENT
    with pytest.raises(NotAllowed):
        operations.claim_repayment(application, 1_000, "Ikke brukt.", today_local() + timedelta(days=30), manager)
    claim = make_claim(application)
    for act in (lambda: operations.waive_repayment(claim, "Svaret er godtatt.", manager),
                lambda: operations.mark_repayment_paid(claim, manager)):
        with pytest.raises(NotAllowed):
            act()
    assert claim.status == ClaimStatus.OPEN
    other = make_user("decision_maker")  # anyone else handles it as before
    operations.approve_report(report, other)
    assert report.status == ReportStatus.APPROVED


def test_the_staff_pages_of_ones_own_case_are_not_found(app, client, login_as):
    manager = login_as("decision_maker")
    application, report = _sent(manager)
    claim = make_claim(application)
    db.session.commit()
    assert client.get(f"/sluttrapporter/{report.id}").status_code == 404
    assert client.get(f"/sluttrapporter/{report.id}/krav").status_code == 404
    assert client.get(f"/tilbakebetaling/{claim.id}").status_code == 404
    assert client.get(f"/sluttrapport/{report.id}").status_code == 200  # their own report, as the applicant

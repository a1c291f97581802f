"""Every route of the reports area × every role, with the answer written down by hand.

The world: a grant owned by OWNER whose final report is sent (waiting for approval), with an
attachment; a repayment claim on it; an annual report that is ready; a decision maker who declared a
conflict of interest in the grant. 302 to the login page
for anonymous visitors; 404 for other people's things; 403 for a role that may not.
POSTs carry a valid CSRF token and a body that changes as little as possible."""
import pytest

from potten.core.time import utcnow
from potten.extensions import db
from potten.reports import operations, repayment
from potten.reports.models import AnnualReport
from tests.conftest import csrf_token
from tests.factories import make_declaration, make_user, pdf_bytes
from tests.reports.helpers import make_claim, make_grant

ROLES = ("anonymous", "owner", "other", "reviewer", "decision_maker", "finance", "admin", "conflicted")
LOGIN = 302
# "conflicted": a decision maker who declared a conflict of interest in the grant: its report, its claim and
# their pages are as unknown to them as to a stranger (404); the lists and the annual report stay open
#        path                                           method  anon   owner other reviewer dm   finance admin confl.
TABLE = [
    ("/soknad/{app}/sluttrapport",                      "GET",  LOGIN, 302, 404, 404, 404, 404, 404, 404),
    ("/soknad/{app}/sluttrapport/autolagring",          "POST", LOGIN, 409, 404, 404, 404, 404, 404, 404),
    ("/soknad/{app}/sluttrapport/vedlegg",              "POST", LOGIN, 302, 404, 404, 404, 404, 404, 404),
    ("/soknad/{app}/sluttrapport/vedlegg/{att}/slett",  "POST", LOGIN, 302, 404, 404, 404, 404, 404, 404),
    ("/sluttrapport/{rep}",                             "GET",  LOGIN, 200, 404, 404, 200, 200, 200, 404),
    ("/sluttrapport/{rep}/vedlegg/{att}",               "GET",  LOGIN, 200, 404, 404, 200, 200, 200, 404),
    ("/sluttrapporter",                                 "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/sluttrapporter?vis=godkjent",                    "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/sluttrapporter?vis=noe-annet",                   "GET",  LOGIN, 403, 403, 403, 404, 404, 404, 404),
    ("/sluttrapporter/forfalt",                         "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/sluttrapporter/{rep}",                           "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 404),
    ("/sluttrapporter/{rep}/returner",                  "POST", LOGIN, 403, 403, 403, 400, 403, 400, 404),
    ("/sluttrapporter/{rep}/godkjenn",                  "POST", LOGIN, 403, 403, 403, 302, 403, 302, 404),
    ("/sluttrapporter/{rep}/krav",                      "GET",  LOGIN, 403, 403, 403, 200, 403, 200, 404),
    ("/sluttrapporter/{rep}/krav",                      "POST", LOGIN, 403, 403, 403, 400, 403, 400, 404),
    ("/tilbakebetaling/{claim}",                        "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 404),
    ("/tilbakebetaling/{claim}",                        "POST", LOGIN, 403, 403, 403, 400, 403, 400, 404),
    ("/soknad/{app}/tilbakebetaling/{claim}/svar",      "GET",  LOGIN, 200, 404, 404, 404, 404, 404, 404),
    ("/soknad/{app}/tilbakebetaling/{claim}/svar",      "POST", LOGIN, 400, 404, 404, 404, 404, 404, 404),
    ("/soknad/{app}/tilbakebetaling/{answered}/svar",   "GET",  LOGIN, 302, 404, 404, 404, 404, 404, 404),
    ("/tilbakebetaling/{answered}/svar/vedlegg",        "GET",  LOGIN, 200, 404, 404, 200, 200, 200, 404),
    ("/tilbakebetaling/{claim}/svar/vedlegg",           "GET",  LOGIN, 404, 404, 404, 404, 404, 404, 404),
    ("/arsrapport",                                     "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/arsrapport",                                     "POST", LOGIN, 403, 403, 403, 400, 400, 400, 400),
    ("/arsrapport/{annual}.docx",                       "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/arsrapport/{annual}.xlsx",                       "GET",  LOGIN, 403, 403, 403, 200, 200, 200, 200),
    ("/arsrapport/{annual}.pdf",                        "GET",  LOGIN, 403, 403, 403, 404, 404, 404, 404),
]
CASES = [(path, method, role, answers[i]) for path, method, *answers in TABLE for i, role in enumerate(ROLES)]


def world() -> dict:
    owner = make_user(name="Eier")
    application, _, report = make_grant(owner)
    operations.save_report(report, {"activities": "Fest", "held_from": "2025-06-01", "held_to": "2025-06-02",
                                    "participants": "30", "target_groups": ["everyone"], "dugnad_hours": "10",
                                    "worked_well": "Alt", "worked_badly": "Lite", "actual": ["30000"],
                                    "other_funding": "0", "own_contribution": "0", "confirmed": "y"}, owner)
    attachment = operations.add_attachment(report, "kvittering.pdf", pdf_bytes(), owner)
    operations.send_report(report, owner)
    claim = make_claim(application)
    answered = make_claim(application)
    repayment.answer_notice(answered, "Pengene ble brukt som avtalt.", "kvitteringer.pdf", pdf_bytes(), owner)
    annual = AnnualReport(year=2025, requested_by_id=owner.id, built_at=utcnow(), docx=b"PK", xlsx=b"PK")
    db.session.add(annual)
    users = {"owner": owner, "other": make_user(), **{r: make_user(r) for r in
                                                      ("reviewer", "decision_maker", "finance", "admin")},
             "conflicted": make_user("decision_maker")}
    make_declaration(application, users["conflicted"], conflict=True, reason="Leder av laget")
    db.session.commit()
    return {"users": users, "ids": {"app": application.id, "rep": report.id, "att": attachment.id,
                                    "claim": claim.id, "answered": answered.id, "annual": annual.id}}


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("path,method,role,expected", CASES,
                         ids=[f"{m} {p} {r}" for p, m, r, _ in CASES])
def test_route_answers_each_role_as_written(app, client, log_in, path, method, role, expected):
    made = world()
    if role != "anonymous":
        log_in(made["users"][role])
    url = path.format(**made["ids"])
    if method == "GET":
        answer = client.get(url)
    else:
        answer = client.post(url, data={"csrf_token": csrf_token(client, "/")})
    assert answer.status_code == expected, f"{method} {url} as {role}: {answer.status_code}, expected {expected}"
    if expected == LOGIN and role == "anonymous":
        assert "/logg-inn" in answer.headers["Location"] or "login" in answer.headers["Location"]

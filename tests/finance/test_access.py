"""Every route of the finance area × every role, with the answer written down by hand.

The world: two grants owned by OWNER, one waiting for the answer and one accepted, asked for, attested,
authorised and sent to the bank in a batch. 302 to the login page for anonymous visitors; 404 for other
people's things; 403 for a role that may not. POSTs carry a valid CSRF token and a body that changes
nothing (a form error or a missing choice), except the batch marked paid."""
import pytest

from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_user
from tests.finance.helpers import accepted, decided, officers, to_sent
from tests.reports.helpers import make_claim

ROLES = ("anonymous", "owner", "other", "reviewer", "decision_maker", "finance", "admin")
LOGIN = 302
#        path                                         method  anon   owner other reviewer dm  finance admin
TABLE = [
    ("/soknad/{waiting}/aksept",                      "GET",  LOGIN, 200, 404, 404, 404, 404, 404),
    ("/soknad/{waiting}/aksept",                      "POST", LOGIN, 400, 404, 404, 404, 404, 404),
    ("/soknad/{paying}/utbetaling",                   "GET",  LOGIN, 200, 404, 404, 404, 404, 404),
    ("/soknad/{paying}/utbetaling",                   "POST", LOGIN, 400, 404, 404, 404, 404, 404),
    ("/soknad/{paying}/kontonummer",                  "GET",  LOGIN, 200, 404, 404, 404, 404, 404),
    ("/soknad/{paying}/kontonummer",                  "POST", LOGIN, 400, 404, 404, 404, 404, 404),
    ("/okonomi",                                      "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi?q=2025",                               "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/soknad/{paying}",                      "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/utbetaling/{payout}",                  "POST", LOGIN, 403, 403, 403, 403, 400, 403),
    ("/okonomi/betaling",                             "POST", LOGIN, 403, 403, 403, 403, 400, 403),
    ("/okonomi/betaling/{batch}",                     "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/betaling/{batch}/pain001.xml",         "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/betaling/{batch}/betalt",              "POST", LOGIN, 403, 403, 403, 403, 302, 403),
    ("/okonomi/utbetalinger.xlsx",                    "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/utbetalinger.csv",                     "GET",  LOGIN, 403, 403, 403, 403, 200, 403),
    ("/okonomi/tilbakebetaling/{claim}",              "POST", LOGIN, 403, 403, 403, 403, 302, 403),
]


def world() -> dict:
    owner = make_user(name="Eier")
    waiting, _ = decided("at_acceptance", applicant=owner)
    paying, _ = accepted("at_acceptance", applicant=owner, round_=waiting.round)
    attestant, authoriser = officers()
    payout, batch = to_sent(paying, attestant, authoriser)
    claim = make_claim(paying)
    users = {"owner": owner, "other": make_user(), **{r: make_user(r) for r in
                                                      ("reviewer", "decision_maker", "finance", "admin")}}
    db.session.commit()
    return {"users": users, "ids": {"waiting": waiting.id, "paying": paying.id, "payout": payout.id,
                                    "batch": batch.id, "claim": claim.id}}


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("path,method,answers", [(p, m, a) for p, m, *a in TABLE],
                         ids=[f"{m} {p}" for p, m, *_ in TABLE])
def test_route_answers_each_role_as_written(app, client, log_in, path, method, answers):
    made = world()
    url = path.format(**made["ids"])
    token = csrf_token(client, "/")
    got = {}
    for role in ROLES:
        with client.session_transaction() as session:
            session.clear()
        if role != "anonymous":
            log_in(made["users"][role])
            token = csrf_token(client, "/")
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        got[role] = response.status_code
        if role == "anonymous":
            assert "login" in response.headers.get("Location", "") or "logg-inn" in response.headers.get("Location", "")
    assert got == dict(zip(ROLES, answers, strict=True)), f"{method} {url}"

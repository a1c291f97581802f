"""Decisions, appeals, budgets and the round's defaults. The world's appeal is on the owner's approved
application, on which the decision maker and the admin declared no conflict; "decision_maker_conflicted"
declared a conflict on both applications, so the decision and the appeal do not exist for them."""
from tests.access.roles import only

POLICY = {
    ("GET", "/vedtak"): only(decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("GET", "/vedtak/soknad/<int:application_id>"): only(decision_maker=200, decision_maker_conflicted=404),
    ("POST", "/vedtak/soknad/<int:application_id>"): only(decision_maker=400, decision_maker_conflicted=404),
    ("GET", "/vedtak/klage/<int:appeal_id>"): only(decision_maker=200, decision_maker_conflicted=404),
    ("POST", "/vedtak/klage/<int:appeal_id>"): only(decision_maker=400, decision_maker_conflicted=404),
    ("GET", "/vedtak/utlysning/<int:round_id>/budsjett"): only(admin=200),
    ("POST", "/vedtak/utlysning/<int:round_id>/budsjett"): only(admin=400),
    ("GET", "/vedtak/standardbegrunnelser"): only(admin=200),
    ("POST", "/vedtak/standardbegrunnelser"): only(admin=400),
    ("GET", "/vedtak/standardbegrunnelser/<int:reason_id>"): only(admin=200),
    ("POST", "/vedtak/standardbegrunnelser/<int:reason_id>"): only(admin=400),
    ("GET", "/vedtak/utlysning/<int:round_id>/vilkar"): only(admin=200),
    ("POST", "/vedtak/utlysning/<int:round_id>/vilkar"): only(admin=400),
}

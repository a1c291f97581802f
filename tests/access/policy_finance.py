"""Finance: the desk, payouts, payment files and exports for finance staff; the applicant's acceptance,
payout request and account number on their own application. The world's application is in review (not
granted), and its payouts and batches do not exist: the rows check the gates."""
from tests.access.roles import only

NOBODY_ELSE = {"stranger": 404, "reviewer": 404, "reviewer_unassigned": 404, "reviewer_conflicted": 404,
               "decision_maker": 404, "decision_maker_conflicted": 404, "finance": 404, "admin": 404}

POLICY = {
    ("GET", "/okonomi"): only(finance=200),
    ("GET", "/okonomi/soknad/<int:application_id>"): only(finance=404),  # no grant: no finance case
    ("POST", "/okonomi/utbetaling/<int:payout_id>"): only(finance=404),
    ("POST", "/okonomi/tilbakebetaling/<int:claim_id>"): only(finance=404),
    ("POST", "/okonomi/betaling"): only(finance=400),  # nothing chosen: the desk again, with the message
    ("GET", "/okonomi/betaling/<int:batch_id>"): only(finance=404),
    ("GET", "/okonomi/betaling/<int:batch_id>/pain001.xml"): only(finance=404),
    ("POST", "/okonomi/betaling/<int:batch_id>/betalt"): only(finance=404),
    ("GET", "/okonomi/utbetalinger.xlsx"): only(finance=200),
    ("GET", "/okonomi/utbetalinger.csv"): only(finance=200),
    # the applicant's side: nothing to accept or pay out on an application that is not granted; its owner is
    # sent to the application's page, everyone else finds nothing
    ("GET", "/soknad/<int:application_id>/aksept"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/aksept"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/utbetaling"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/utbetaling"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/kontonummer"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/kontonummer"): only(owner=302, **NOBODY_ELSE),
}

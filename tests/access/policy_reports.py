"""Final reports, repayment claims and the annual report: readers are decision makers, finance and admins,
handlers decision makers and admins. The world's application has no grant, so no report; its reports,
claims and annual reports do not exist here (tests/reports/test_access.py has the table with them)."""
from tests.access.roles import only

NOBODY_ELSE = {"stranger": 404, "reviewer": 404, "reviewer_unassigned": 404, "reviewer_conflicted": 404,
               "decision_maker": 404, "decision_maker_conflicted": 404, "finance": 404, "admin": 404}
READERS = {"decision_maker": 200, "decision_maker_conflicted": 200, "finance": 200, "admin": 200}
UNKNOWN_TO_READERS = {"decision_maker": 404, "decision_maker_conflicted": 404, "finance": 404, "admin": 404}
UNKNOWN_TO_HANDLERS = {"decision_maker": 404, "decision_maker_conflicted": 404, "admin": 404}

POLICY = {  # the owner of an application without a report is sent to its page (autosave: 409)
    ("GET", "/soknad/<int:application_id>/sluttrapport"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/sluttrapport"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/sluttrapport/autolagring"): only(owner=409, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/sluttrapport/vedlegg"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/sluttrapport/vedlegg/<int:attachment_id>/slett"): only(
        owner=302, **NOBODY_ELSE),
    ("GET", "/sluttrapport/<int:report_id>"): only(owner=404, **NOBODY_ELSE),
    ("GET", "/sluttrapport/<int:report_id>/vedlegg/<int:attachment_id>"): only(owner=404, **NOBODY_ELSE),
    ("GET", "/sluttrapporter"): only(**READERS),
    ("GET", "/sluttrapporter/forfalt"): only(**READERS),
    ("GET", "/sluttrapporter/<int:report_id>"): only(**UNKNOWN_TO_READERS),
    ("POST", "/sluttrapporter/<int:report_id>/returner"): only(**UNKNOWN_TO_HANDLERS),
    ("POST", "/sluttrapporter/<int:report_id>/godkjenn"): only(**UNKNOWN_TO_HANDLERS),
    ("GET", "/sluttrapporter/<int:report_id>/krav"): only(**UNKNOWN_TO_HANDLERS),
    ("POST", "/sluttrapporter/<int:report_id>/krav"): only(**UNKNOWN_TO_HANDLERS),
    ("GET", "/tilbakebetaling/<int:claim_id>"): only(**UNKNOWN_TO_READERS),
    ("POST", "/tilbakebetaling/<int:claim_id>"): only(**UNKNOWN_TO_READERS),
    # the answer to an advance notice: the world has no claim (tests/reports/test_access.py has one)
    ("GET", "/soknad/<int:application_id>/tilbakebetaling/<int:claim_id>/svar"): only(owner=404, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/tilbakebetaling/<int:claim_id>/svar"): only(owner=404, **NOBODY_ELSE),
    ("GET", "/tilbakebetaling/<int:claim_id>/svar/vedlegg"): only(owner=404, **NOBODY_ELSE),
    ("GET", "/arsrapport"): only(**READERS),
    ("POST", "/arsrapport"): only(decision_maker=400, decision_maker_conflicted=400, finance=400, admin=400),
    ("GET", "/arsrapport/<int:annual_report_id>.<kind>"): only(**UNKNOWN_TO_READERS),
}

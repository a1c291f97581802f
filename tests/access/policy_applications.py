"""The applicant's pages. The world's application is sent (in review): its owner can read, withdraw and
download it, but its steps send them to its page (302); others' applications do not exist for anyone
but the staff who handle them, and not for staff who declared a conflict."""
from tests.access.roles import logged_in, only

NOBODY_ELSE = {"stranger": 404, "reviewer": 404, "reviewer_unassigned": 404, "reviewer_conflicted": 404,
               "decision_maker": 404, "decision_maker_conflicted": 404, "finance": 404, "admin": 404}
STAFF_READ = {"decision_maker": 200, "finance": 200, "admin": 200}

POLICY = {
    ("GET", "/mine-soknader"): logged_in(200),
    ("GET", "/utlysning/<int:round_id>/ny"): logged_in(200),
    ("POST", "/utlysning/<int:round_id>/ny"): logged_in(400),
    ("GET", "/soknad/<int:application_id>"): only(owner=200, **{**NOBODY_ELSE, **STAFF_READ}),
    ("GET", "/soknad/<int:application_id>/kvittering"): only(owner=200, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/trekk"): only(owner=200, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/trekk"): only(owner=400, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/navn-i-listen"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/om-prosjektet"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/om-prosjektet"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/budsjett"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/budsjett"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/vedlegg"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/vedlegg"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/kontroll"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/kontroll"): only(owner=302, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/autolagring"): only(owner=409, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/vedlegg/<int:attachment_id>"): only(
        owner=200, **{**NOBODY_ELSE, **STAFF_READ}),
    ("POST", "/soknad/<int:application_id>/vedlegg/<int:attachment_id>/slett"): only(owner=302, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/svar"): only(owner=200, **NOBODY_ELSE),  # says no question is open
    ("POST", "/soknad/<int:application_id>/svar"): only(owner=200, **NOBODY_ELSE),
    ("GET", "/soknad/<int:application_id>/klage"): only(owner=200, **NOBODY_ELSE),
    ("POST", "/soknad/<int:application_id>/klage"): only(owner=400, **NOBODY_ELSE),
}

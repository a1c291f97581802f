"""Public pages: the same for everyone."""
from tests.access.roles import everyone, logged_in, only

POLICY = {
    ("GET", "/"): everyone(200),
    ("GET", "/utlysning/<int:round_id>"): everyone(200),
    ("POST", "/language"): everyone(302),  # without its token: nothing changes, back to the page
    ("GET", "/personvern"): everyone(200),
    ("GET", "/tilgjengelighet"): everyone(200),
    ("GET", "/vendor/<path:filename>"): everyone(200),
    ("GET", "/static/<path:filename>"): everyone(200),
    ("GET", "/fonter/<path:filename>"): everyone(200),
    ("GET", "/tildelinger"): everyone(200),  # the public list of grants (offentleglova)
    ("GET", "/tildelinger.csv"): everyone(200),
    ("GET", "/tildelinger.json"): everyone(200),
    # the staff start page: every staff role, never an applicant
    ("GET", "/mitt-arbeid"): logged_in(200, owner=403, stranger=403),
    ("GET", "/admin/personvern"): only(admin=200),
    ("POST", "/admin/personvern"): only(admin=400),  # no CSRF token: the form refuses, nothing changes
    ("GET", "/admin/tilgjengelighet"): only(admin=200),
    ("POST", "/admin/tilgjengelighet"): only(admin=400),
}

"""Public pages: the same for everyone."""
from tests.access.roles import everyone

POLICY = {
    ("GET", "/"): everyone(200),
    ("GET", "/utlysning/<int:round_id>"): everyone(200),
    ("POST", "/language"): everyone(302),  # without its token: nothing changes, back to the page
    ("GET", "/personvern"): everyone(200),
    ("GET", "/tilgjengelighet"): everyone(200),
    ("GET", "/vendor/<path:filename>"): everyone(200),
    ("GET", "/static/<path:filename>"): everyone(200),
}

"""Rounds, focus areas and criteria: admins only."""
from tests.access.roles import only

POLICY = {
    ("GET", "/admin/runder"): only(admin=200),
    ("GET", "/admin/runder/ny"): only(admin=200),
    ("POST", "/admin/runder/ny"): only(admin=400),
    ("GET", "/admin/runder/<int:round_id>"): only(admin=200),
    ("POST", "/admin/runder/<int:round_id>"): only(admin=400),
    ("GET", "/admin/runder/<int:round_id>/innsatsomrader/ny"): only(admin=200),
    ("POST", "/admin/runder/<int:round_id>/innsatsomrader/ny"): only(admin=400),
    ("GET", "/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>"): only(admin=200),
    ("POST", "/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>"): only(admin=400),
    ("POST", "/admin/runder/<int:round_id>/innsatsomrader/<int:focus_area_id>/fjern"): only(admin=302),
    ("GET", "/admin/runder/<int:round_id>/kriterier/ny"): only(admin=200),
    ("POST", "/admin/runder/<int:round_id>/kriterier/ny"): only(admin=400),
    ("GET", "/admin/runder/<int:round_id>/kriterier/<int:criterion_id>"): only(admin=200),
    ("POST", "/admin/runder/<int:round_id>/kriterier/<int:criterion_id>"): only(admin=400),
    ("POST", "/admin/runder/<int:round_id>/kriterier/<int:criterion_id>/fjern"): only(admin=302),
}

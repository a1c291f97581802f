"""The programme office: users, roles, sessions and the audit log, for admins only."""
from tests.access.roles import only

POLICY = {
    ("GET", "/admin/brukere"): only(admin=200),
    ("GET", "/admin/brukere/<int:user_id>"): only(admin=200),
    ("POST", "/admin/brukere/<int:user_id>/roller"): only(admin=302),
    ("POST", "/admin/brukere/<int:user_id>/aktiv"): only(admin=302),
    ("POST", "/admin/brukere/<int:user_id>/logg-ut"): only(admin=302),
    ("GET", "/admin/logg"): only(admin=200),
}

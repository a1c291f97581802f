"""Decision letters: the applicant's own, and the staff who decide (not those who declared a conflict)."""
from tests.access.roles import logged_in, only

POLICY = {
    ("GET", "/brev"): only(decision_maker=200, admin=200),
    ("POST", "/brev/<int:letter_id>/prov-igjen"): only(decision_maker=302, admin=302),
    ("GET", "/mine-brev"): logged_in(200),
    ("GET", "/brev/<int:letter_id>/vedtaksbrev.docx"): only(
        owner=200, decision_maker=200, admin=200, stranger=404, reviewer=404, reviewer_unassigned=404,
        reviewer_conflicted=404, finance=404),
}

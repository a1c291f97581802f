"""Decision letters: the applicant's own, and the staff who decide (not those who declared a conflict)."""
from tests.access.roles import everyone, logged_in, only

POLICY = {
    ("GET", "/brev"): only(decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("POST", "/brev/<int:letter_id>/prov-igjen"): only(decision_maker=302, admin=302, decision_maker_conflicted=404),
    ("GET", "/mine-brev"): logged_in(200),
    ("GET", "/brev/<int:letter_id>/vedtaksbrev.docx"): only(
        owner=200, decision_maker=200, admin=200, stranger=404, reviewer=404, reviewer_unassigned=404,
        reviewer_conflicted=404, decision_maker_conflicted=404, finance=404),
    # the letter as sent (PDF/A): the same people as the .docx
    ("GET", "/brev/<int:letter_id>/brev.pdf"): only(
        owner=200, decision_maker=200, admin=200, stranger=404, reviewer=404, reviewer_unassigned=404,
        reviewer_conflicted=404, decision_maker_conflicted=404, finance=404),
    ("GET", "/regler"): everyone(200),  # the scheme's rules, named in every letter: public
    ("GET", "/brev/innstillinger"): only(admin=200),
    ("POST", "/brev/innstillinger"): only(admin=400),  # no CSRF token: the form refuses, nothing changes
}

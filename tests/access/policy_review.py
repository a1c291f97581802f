"""Review: the work list, the staff page of an application, declaring, scoring, asking, assigning and the
ranking. The world's application is assigned to "reviewer" (declared no conflict, review submitted) and to
"reviewer_conflicted"; the decision maker and the admin declared no conflict."""
from tests.access.roles import only

APPLICANTS = {"owner": 403, "stranger": 403}

POLICY = {
    ("GET", "/vurdering"): only(reviewer=200, reviewer_unassigned=200, reviewer_conflicted=200),
    # the staff page: managers, and the reviewers it is assigned to (a conflicted one sees only the title,
    # the applicant and the organisation next to their declaration); another reviewer finds nothing
    ("GET", "/vurdering/soknad/<int:application_id>"): only(
        reviewer=200, reviewer_unassigned=404, reviewer_conflicted=200, decision_maker=200, admin=200),
    ("POST", "/vurdering/soknad/<int:application_id>/habilitet"): only(
        reviewer=400, reviewer_unassigned=404, reviewer_conflicted=400, decision_maker=400, admin=400),
    # the reviewer's review is submitted: scoring sends them to the application's page
    ("GET", "/vurdering/soknad/<int:application_id>/vurdering"): only(
        reviewer=302, reviewer_unassigned=404, reviewer_conflicted=403),
    ("POST", "/vurdering/soknad/<int:application_id>/vurdering"): only(
        reviewer=302, reviewer_unassigned=404, reviewer_conflicted=403),
    ("GET", "/vurdering/soknad/<int:application_id>/vurderinger.json"): only(
        reviewer=200, reviewer_unassigned=404, reviewer_conflicted=403, decision_maker=200, admin=200),
    ("GET", "/vurdering/soknad/<int:application_id>/sporsmal"): only(
        reviewer=200, reviewer_unassigned=404, reviewer_conflicted=403, decision_maker=200, admin=200),
    ("POST", "/vurdering/soknad/<int:application_id>/sporsmal"): only(
        reviewer=400, reviewer_unassigned=404, reviewer_conflicted=403, decision_maker=400, admin=400),
    ("GET", "/vurdering/soknad/<int:application_id>/tildel"): only(decision_maker=200, admin=200),
    ("POST", "/vurdering/soknad/<int:application_id>/tildel"): only(decision_maker=400, admin=400),
    ("POST", "/vurdering/soknad/<int:application_id>/saksbehandler/<int:user_id>/fjern"): only(
        decision_maker=302, admin=302),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/tildel"): only(decision_maker=200, admin=200),
    ("POST", "/vurdering/innsatsomrade/<int:focus_area_id>/tildel"): only(decision_maker=400, admin=400),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering"): only(decision_maker=200, admin=200),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering.csv"): only(decision_maker=200, admin=200),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering.xlsx"): only(decision_maker=200, admin=200),
    ("POST", "/vurdering/innsatsomrade/<int:focus_area_id>/habilitet"): only(decision_maker=302, admin=302),
}

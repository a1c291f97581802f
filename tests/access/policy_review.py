"""Review: the work list, the staff page of an application, declaring, scoring, asking, assigning and the
ranking. The world's application is assigned to "reviewer" (declared no conflict, review submitted) and to
"reviewer_conflicted"; the decision maker and the admin declared no conflict, "decision_maker_conflicted"
declared a conflict. Habilitet: after a declared conflict the application is as unknown to that person as
to any stranger (a reviewer not assigned to it, a decision maker of another case): every URL of it 404."""
from tests.access.roles import only

CONFLICTED = {"reviewer_conflicted": 404, "decision_maker_conflicted": 404}

POLICY = {
    ("GET", "/vurdering"): only(reviewer=200, reviewer_unassigned=200, reviewer_conflicted=200),
    # the staff page: managers, and the reviewers it is assigned to until they declare a conflict; another
    # reviewer finds nothing
    ("GET", "/vurdering/soknad/<int:application_id>"): only(
        reviewer=200, reviewer_unassigned=404, decision_maker=200, admin=200, **CONFLICTED),
    ("POST", "/vurdering/soknad/<int:application_id>/habilitet"): only(
        reviewer=400, reviewer_unassigned=404, decision_maker=400, admin=400, **CONFLICTED),
    # the reviewer's review is submitted: scoring sends them to the application's page
    ("GET", "/vurdering/soknad/<int:application_id>/vurdering"): only(
        reviewer=302, reviewer_unassigned=404, reviewer_conflicted=404),
    ("POST", "/vurdering/soknad/<int:application_id>/vurdering"): only(
        reviewer=302, reviewer_unassigned=404, reviewer_conflicted=404),
    ("GET", "/vurdering/soknad/<int:application_id>/vurderinger.json"): only(
        reviewer=200, reviewer_unassigned=404, decision_maker=200, admin=200, **CONFLICTED),
    ("GET", "/vurdering/soknad/<int:application_id>/sporsmal"): only(
        reviewer=200, reviewer_unassigned=404, decision_maker=200, admin=200, **CONFLICTED),
    ("POST", "/vurdering/soknad/<int:application_id>/sporsmal"): only(
        reviewer=400, reviewer_unassigned=404, decision_maker=400, admin=400, **CONFLICTED),
    ("GET", "/vurdering/soknad/<int:application_id>/tildel"): only(
        decision_maker=200, admin=200, decision_maker_conflicted=404),
    ("POST", "/vurdering/soknad/<int:application_id>/tildel"): only(
        decision_maker=400, admin=400, decision_maker_conflicted=404),
    ("POST", "/vurdering/soknad/<int:application_id>/saksbehandler/<int:user_id>/fjern"): only(
        decision_maker=302, admin=302, decision_maker_conflicted=404),
    # a focus area's pages: the conflicted decision maker works on the rest of it (the ranking hides the row)
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/tildel"): only(
        decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("POST", "/vurdering/innsatsomrade/<int:focus_area_id>/tildel"): only(
        decision_maker=400, admin=400, decision_maker_conflicted=400),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering"): only(
        decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering.csv"): only(
        decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("GET", "/vurdering/innsatsomrade/<int:focus_area_id>/rangering.xlsx"): only(
        decision_maker=200, admin=200, decision_maker_conflicted=200),
    ("POST", "/vurdering/innsatsomrade/<int:focus_area_id>/habilitet"): only(
        decision_maker=302, admin=302, decision_maker_conflicted=302),
}

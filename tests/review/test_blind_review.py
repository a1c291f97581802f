"""Blind review: until their own review is submitted, a reviewer sees no one else's scores."""
from potten.applications.workflow import Status
from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_review, make_user

SECRET = "Hemmelig vurdering fra Berit"



def test_a_reviewer_sees_no_other_scores_before_submitting_their_own(app, client, log_in):
    application = make_application(status=Status.SUBMITTED)
    berit = make_review(application, make_user("reviewer", name="Berit"), scores=(1, 2, 1, 2, 1),
                        recommendation="reject")
    berit.justification = SECRET
    berit.scores[0].comment = "Berits kommentar"
    anna = make_user("reviewer", name="Anna")
    make_assignment(application, anna)
    db.session.commit()
    log_in(anna)
    base = f"/vurdering/soknad/{application.id}"
    token = csrf_token(client, base)
    client.post(f"{base}/vurdering", data={"csrf_token": token, "action": "save", "justification": "Utkast"})

    for url in (base, f"{base}/vurdering", "/vurdering"):
        text = client.get(url).get_data(as_text=True)
        assert SECRET not in text and "Berits kommentar" not in text, url
    assert client.get(f"{base}/vurderinger.json").status_code == 403
    area = application.focus_area_id
    for url in (f"/vurdering/innsatsomrade/{area}/rangering", f"/vurdering/innsatsomrade/{area}/rangering.csv",
                f"/vurdering/innsatsomrade/{area}/rangering.xlsx"):
        assert client.get(url).status_code == 403, url

    data = {"csrf_token": token, "action": "submit", "recommendation": "grant_full", "justification": "Bra tiltak"}
    for criterion in application.round.criteria:
        data[f"score_{criterion.id}"] = "4"
    assert client.post(f"{base}/vurdering", data=data).status_code == 302
    assert SECRET in client.get(base).get_data(as_text=True)
    reviews = client.get(f"{base}/vurderinger.json").get_json()["reviews"]
    assert {r["reviewer"] for r in reviews} == {"Anna", "Berit"}

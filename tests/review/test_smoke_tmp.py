from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_review, make_user


def test_pages_render(app, client, login_as):
    login_as("decision_maker")
    a = make_application(status=Status.SUBMITTED)
    r = make_user("reviewer")
    make_review(a, r)
    db.session.commit()
    for url in ["/vedtak", f"/vurdering/soknad/{a.id}", f"/vurdering/innsatsomrade/{a.focus_area_id}/rangering",
                f"/vurdering/innsatsomrade/{a.focus_area_id}/tildel", f"/vurdering/soknad/{a.id}/tildel",
                f"/vedtak/soknad/{a.id}", f"/vurdering/innsatsomrade/{a.focus_area_id}/rangering.csv",
                f"/vurdering/innsatsomrade/{a.focus_area_id}/rangering.xlsx"]:
        resp = client.get(url)
        print(url, resp.status_code)
        assert resp.status_code in (200, 403), resp.get_data(as_text=True)[:3000]

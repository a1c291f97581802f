"""The public list of grants: what was granted to whom, on a page and as open data; a private
person's name only with their consent."""
import csv
import io

from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_decision, make_organisation, make_round, make_user


def _world():
    round_ = make_round()
    first, second = round_.focus_areas[0], round_.focus_areas[1]
    org = make_organisation(name="Torstrand Vel", orgnr="974760673")
    make_decision(make_application(round_=round_, organisation=org, status=Status.SUBMITTED, focus_area=first,
                                   title="Vårdugnad i parken", requested=40_000), "approved")
    hidden = make_application(applicant=make_user(name="Hemmelig Hansen"), round_=round_, status=Status.SUBMITTED,
                              focus_area=first, title="Benk ved stranda", requested=10_000)
    make_decision(hidden, "partly_approved", granted=6_000)
    shown = make_application(applicant=make_user(name="Åpne Åsa"), round_=round_, status=Status.SUBMITTED,
                             focus_area=second, title="=HYPERLINK(\"x\")", requested=8_000, publish_name=True)
    make_decision(shown, "approved")
    make_decision(make_application(round_=round_, status=Status.SUBMITTED, focus_area=first, title="Avslått"),
                  "rejected")
    old = make_application(round_=round_, status=Status.SUBMITTED, focus_area=first, title="Trukket etter vedtak")
    make_decision(old, "approved")
    old.status = Status.WITHDRAWN
    db.session.commit()
    return round_, first, second


def test_the_page_lists_grants_and_hides_private_names_without_consent(app, client):
    round_, first, second = _world()
    page = client.get("/tildelinger").get_data(as_text=True)
    assert "Vårdugnad i parken" in page and "Torstrand Vel" in page and "40\u00a0000\u00a0kr" in page
    assert "Benk ved stranda" in page and "privatperson" in page and "Hemmelig Hansen" not in page
    assert "Åpne Åsa" in page
    assert "Avslått" not in page and "Trukket etter vedtak" not in page
    assert "3 tildelinger, 54\u00a0000\u00a0kr i alt." in page

    by_area = client.get(f"/tildelinger?runde={round_.id}&omrade={second.id}").get_data(as_text=True)
    assert "Åpne Åsa" in by_area and "Vårdugnad" not in by_area
    assert client.get("/tildelinger?runde=999").status_code == 404
    assert client.get("/tildelinger?runde=tull").status_code == 404


def test_csv_and_json_hold_the_documented_fields_and_no_private_name(app, client):
    round_, first, second = _world()
    response = client.get(f"/tildelinger.csv?runde={round_.id}")
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert "Hemmelig Hansen" not in text
    assert {r["project"]: (r["recipient"], r["recipient_type"], r["amount_nok"]) for r in rows} == {
        "Vårdugnad i parken": ("Torstrand Vel", "organisation", "40000"),
        "Benk ved stranda": ("privatperson", "private_person", "6000"),
        "'=HYPERLINK(\"x\")": ("Åpne Åsa", "private_person", "8000"),  # never a formula in a spreadsheet
    }
    data = client.get(f"/tildelinger.json?runde={round_.id}&omrade={first.id}").get_json()
    assert "Hemmelig Hansen" not in str(data)
    assert [g["project"] for g in data["grants"]] == ["Vårdugnad i parken", "Benk ved stranda"]
    assert set(data["grants"][0]) == set(data["fields"])
    assert data["grants"][0]["organisation_number"] == "974760673" and data["grants"][1]["organisation_number"] is None
    page = client.get("/tildelinger").get_data(as_text=True)
    for field in data["fields"]:
        assert f"<code>{field}</code>" in page  # every field is documented on the page


def test_a_private_applicant_can_consent_to_their_name_being_shown(app, client, login_as):
    user = login_as("applicant")
    from tests.factories import make_draft

    draft = make_application(applicant=user, title="Min idé")
    db.session.commit()
    page = client.get(f"/soknad/{draft.id}/kontroll").get_data(as_text=True)
    assert 'name="publish_name"' in page
    org_draft = make_draft(applicant=user, organisation=make_organisation(members=[user]))
    db.session.commit()
    assert 'name="publish_name"' not in client.get(f"/soknad/{org_draft.id}/kontroll").get_data(as_text=True)


def test_a_private_applicant_withdraws_and_gives_again_consent_to_their_name(app, client, login_as):
    from tests.accounts.helpers import audit_entries
    from tests.conftest import csrf_token

    user = login_as("applicant", name="Åpne Åsa")
    granted = make_application(applicant=user, status=Status.SUBMITTED, title="Benk ved stranda",
                               requested=8_000, publish_name=True)
    make_decision(granted, "approved")
    member = make_user(name="Vel Medlem")
    org_grant = make_application(applicant=member, organisation=make_organisation(members=[member, user]),
                                 status=Status.SUBMITTED, title="Vårdugnad", round_=granted.round)
    make_decision(org_grant, "approved")
    db.session.commit()
    path = f"/soknad/{granted.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Slutt å vise navnet mitt" in page
    assert "Åpne Åsa" in client.get("/tildelinger").get_data(as_text=True)

    response = client.post(f"{path}/navn-i-listen", data={"csrf_token": csrf_token(client, path), "shown": "no"})
    assert response.status_code == 302 and response.location.endswith(f"{path}#name-consent")
    assert "Åpne Åsa" not in client.get("/tildelinger").get_data(as_text=True)
    assert "Åpne Åsa" not in client.get("/tildelinger.csv").get_data(as_text=True)
    assert "Åpne Åsa" not in str(client.get("/tildelinger.json").get_json())
    assert "Vis navnet mitt i listen" in client.get(path).get_data(as_text=True)
    [withdrawn] = audit_entries("application.name_hidden")
    assert withdrawn.actor_id == user.id and withdrawn.after == {"publish_name": False}

    client.post(f"{path}/navn-i-listen", data={"csrf_token": csrf_token(client, path), "shown": "yes"})
    assert "Åpne Åsa" in client.get("/tildelinger.csv").get_data(as_text=True)
    assert len(audit_entries("application.name_shown")) == 1

    # An organisation's application is listed by the organisation's name: nothing to consent to.
    org_path = f"/soknad/{org_grant.id}"
    assert 'id="name-consent"' not in client.get(org_path).get_data(as_text=True)
    client.post(f"{org_path}/navn-i-listen", data={"csrf_token": csrf_token(client, path), "shown": "yes"})
    db.session.refresh(org_grant)
    assert org_grant.publish_name is False and len(audit_entries("application.name_shown")) == 1

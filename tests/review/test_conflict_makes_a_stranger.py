"""Habilitet: after declaring a conflict of interest, a reviewer or decision maker sees nothing more of the
application than any stranger would, through any URL; they land on their start page with a message; their
lists show the case number at most; the managers who are not in conflict see who declared it and why."""
from potten.applications.workflow import Status
from potten.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_application, make_assignment, make_declaration, make_review, make_staff, make_user

TITLE = "Hemmelig hagefest i Torstrand"


def _declare(client, application, reason="Søkeren er min søster"):
    token = csrf_token(client, f"/vurdering/soknad/{application.id}")
    return client.post(f"/vurdering/soknad/{application.id}/habilitet",
                       data={"csrf_token": token, "conflict": "yes", "reason": reason})


URLS = ("/vurdering/soknad/{}", "/vurdering/soknad/{}/vurdering", "/vurdering/soknad/{}/vurderinger.json",
        "/vurdering/soknad/{}/sporsmal", "/vurdering/soknad/{}/tildel", "/vedtak/soknad/{}", "/soknad/{}",
        "/soknad/{}/vedlegg", "/okonomi/soknad/{}")
NOWHERE = 999_999  # no application has this id: what anyone gets for it is what a stranger gets


def _answers(client, application_id: int) -> list[int]:
    return [client.get(url.format(application_id)).status_code for url in URLS]


def test_a_reviewer_who_declares_a_conflict_lands_on_their_work_list_and_the_case_is_gone(app, client, log_in):
    reviewer = make_user("reviewer", name="Rita Reviewer")
    application = make_application(status=Status.SUBMITTED, title=TITLE)
    make_assignment(application, reviewer, declared=None)
    db.session.commit()
    log_in(reviewer)
    before = client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)
    assert TITLE in before  # before declaring: the title, the applicant and the organisation
    landed = _declare(client, application)
    assert landed.status_code == 302 and landed.headers["Location"] == "/vurdering"
    work_list = client.get("/vurdering").get_data(as_text=True)
    assert f"Du har meldt deg inhabil i sak {application.case_number}" in work_list
    assert TITLE not in work_list and f"/vurdering/soknad/{application.id}" not in work_list
    assert application.case_number in work_list
    assert _answers(client, application.id) == _answers(client, NOWHERE)
    assert client.get(f"/vurdering/soknad/{application.id}").status_code == 404
    start = client.get("/mitt-arbeid").get_data(as_text=True)
    assert TITLE not in start


def test_a_decision_maker_who_declares_a_conflict_sees_no_more_than_another_decision_maker_would(
        app, client, log_in):
    decision_maker = make_user("decision_maker")
    application = make_application(status=Status.SUBMITTED, title=TITLE)
    make_review(application, make_user("reviewer"))
    db.session.commit()
    log_in(decision_maker)
    assert TITLE in client.get("/mitt-arbeid").get_data(as_text=True)  # waits for a decision

    landed = _declare(client, application, "Jeg er leder i laget")
    assert landed.status_code == 302 and landed.headers["Location"] == "/mitt-arbeid"
    start = client.get("/mitt-arbeid").get_data(as_text=True)
    assert f"Du har meldt deg inhabil i sak {application.case_number}" in start
    assert TITLE not in start
    assert _answers(client, application.id) == _answers(client, NOWHERE)
    assert client.get(f"/vedtak/soknad/{application.id}").status_code == 404
    ranking = client.get(f"/vurdering/innsatsomrade/{application.focus_area_id}/rangering").get_data(as_text=True)
    assert TITLE not in ranking
    assert TITLE not in client.get("/vedtak").get_data(as_text=True)
    # declaring again cannot reopen it either
    token = csrf_token(client, "/mitt-arbeid")
    assert client.post(f"/vurdering/soknad/{application.id}/habilitet",
                       data={"csrf_token": token, "conflict": "no"}).status_code == 404


def test_the_managers_not_in_conflict_see_who_declared_a_conflict(app, client, log_in):
    person = make_staff("reviewer", "decision_maker", name="Inger Inhabil")
    admin = make_user("admin")
    application = make_application(status=Status.SUBMITTED, title=TITLE)
    make_assignment(application, person, declared=True, reason="Nabo og venn av søkeren")
    make_declaration(application, admin)
    db.session.commit()
    log_in(admin)
    page = client.get(f"/vurdering/soknad/{application.id}").get_data(as_text=True)
    assert "Inger Inhabil" in page and "Nabo og venn av søkeren" in page



def test_the_final_report_lists_show_a_conflicted_case_by_its_number_only(app, client, log_in):
    from potten.core.time import utcnow
    from potten.reports.models import ReportStatus
    from tests.reports.helpers import make_grant

    application, _, report = make_grant(title=TITLE)
    report.status, report.sent_at = ReportStatus.SENT, utcnow()
    decision_maker = make_user("decision_maker")
    make_declaration(application, decision_maker, conflict=True, reason="Min bror er søkeren")
    db.session.commit()
    log_in(decision_maker)
    page = client.get("/sluttrapporter").get_data(as_text=True)
    assert application.case_number in page and TITLE not in page
    assert f"/sluttrapporter/{report.id}" not in page

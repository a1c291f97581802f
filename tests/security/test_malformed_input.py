"""Finding 8: a NUL byte (or another control character) anywhere, and odd page numbers, never give a 500:
control characters get a 400 page that says what is wrong, in the user's language."""
import pytest

from potten.applications.workflow import Status
from potten.extensions import db
from tests.accounts.helpers import PASSWORD, post_form
from tests.factories import make_application, make_declaration, make_round, make_user

MESSAGE = "kontrolltegn"


def _refused(response) -> bool:
    return response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


def test_a_nul_byte_in_any_form_is_refused_clearly(app, client, login_as):
    assert _refused(post_form(client, "/logg-inn", {"email": "a\x00@example.no", "password": PASSWORD}))
    assert _refused(post_form(client, "/registrer", {"email": "ny@example.no", "name": "Ny\x00Nabo",
                                                      "password": "et langt passord",
                                                      "password_again": "et langt passord"}))
    assert _refused(post_form(client, "/glemt-passord", {"email": "\x00"}))
    user = login_as("applicant")
    assert _refused(post_form(client, "/profil/endre", {"name": "Ola\x00", "locale": "nb"}))
    assert _refused(post_form(client, "/organisasjon/ny", {"name": "Lag\x00", "kind": "association",
                                                            "orgnr": "974760673"}))
    round_ = make_round()
    draft = make_application(applicant=user, round_=round_)
    db.session.commit()
    assert _refused(post_form(client, f"/soknad/{draft.id}/om-prosjektet", {"title": "Fest\x00", "go": "stay"}))
    assert _refused(post_form(client, f"/soknad/{draft.id}/budsjett",
                              {"budget_lines-0-item": "Mat\x0b", "budget_lines-0-amount": "100"}))
    assert db.session.get(type(draft), draft.id).title == draft.title  # nothing was saved


def test_line_breaks_and_tabs_in_text_are_fine(app, client, login_as):
    user = login_as("applicant")
    draft = make_application(applicant=user)
    db.session.commit()
    response = post_form(client, f"/soknad/{draft.id}/om-prosjektet",
                         {"title": "Fest", "description": "Linje 1\r\nLinje 2\tmed tab", "go": "stay"})
    assert response.status_code < 500 and not _refused(response)


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "page=%00", "sort=%00", "%00=1"])
def test_a_nul_byte_in_the_ranking_query_is_refused_clearly(app, client, login_as, query):
    login_as("decision_maker")
    area = make_round().focus_areas[0]
    db.session.commit()
    assert _refused(client.get(f"/vurdering/innsatsomrade/{area.id}/rangering?{query}"))


@pytest.mark.parametrize("path", ["/admin/brukere?q=%00", "/admin/logg?actor=%00", "/admin/logg?action=a%00",
                                  "/brev?status=%00"])
def test_a_nul_byte_in_the_admin_searches_is_refused_clearly(app, client, login_as, path):
    login_as("admin")
    assert _refused(client.get(path))


@pytest.mark.parametrize("page", ["²", "٣", "99999999999999999999", "-1", "0", "1e9", "abc", ""])
def test_odd_page_numbers_show_a_page(app, client, login_as, page):
    manager = login_as("admin", name="Adminsen")
    manager.role_rows  # noqa: B018
    from potten.accounts.operations import grant_role
    from potten.core.roles import Role

    grant_role(manager, Role.DECISION_MAKER, manager)
    round_ = make_round()
    found = make_application(round_=round_, status=Status.SUBMITTED, applicant=make_user())
    make_declaration(found, manager)
    db.session.commit()
    for path in (f"/admin/brukere?side={page}", f"/admin/logg?side={page}",
                 f"/vurdering/innsatsomrade/{found.focus_area_id}/rangering?page={page}"):
        assert client.get(path).status_code == 200, path

"""The privacy notice and the accessibility statement: real content in both languages, edited by
the programme office, never able to put HTML on the page."""
from tests.accounts.helpers import audit_entries, post_form


def test_the_pages_say_what_the_law_asks_in_both_languages(app, client):
    privacy = client.get("/personvern").get_data(as_text=True)
    for words in ("Behandlingsansvarlig", "Rettslig grunnlag", "Hvor lenge vi lagrer", "Hvem som ser",
                  "Dine rettigheter", "Datatilsynet"):
        assert words in privacy
    statement = client.get("/tilgjengelighet").get_data(as_text=True)
    for words in ("Hvordan vi har testet", "axe-core", "320", "Kjente mangler", "Si fra om feil", "uutilsynet.no"):
        assert words in statement
    client.post("/language", data={"locale": "en"})  # without a token the language is not changed
    english = client.get("/personvern", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Controller" in english and "Your rights" in english


def test_admin_edits_the_privacy_notice_and_html_stays_text(app, client, login_as):
    login_as("admin")
    page = client.get("/admin/personvern").get_data(as_text=True)
    assert "Behandlingsansvarlig" in page and "Controller" in page
    response = post_form(client, "/admin/personvern", {
        "body_nb": "## Hvem vi er\nLarvik kommune. <script>alert(1)</script>\n\n- punkt en\n- se https://larvik.kommune.no",
        "body_en": "## Who we are\nLarvik kommune."})
    assert response.status_code == 302
    shown = client.get("/personvern").get_data(as_text=True)
    assert '<h2 class="ds-heading" data-size="sm">Hvem vi er</h2>' in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>alert" not in shown
    assert '<li>se <a class="ds-link" href="https://larvik.kommune.no">https://larvik.kommune.no</a></li>' in shown
    assert len(audit_entries("public_text.saved")) == 2
    post_form(client, "/admin/personvern", {"body_nb": "", "body_en": "## Who we are\nLarvik kommune."})
    assert "Behandlingsansvarlig" in client.get("/personvern").get_data(as_text=True)  # the built-in one is back

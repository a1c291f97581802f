"""Wrong or late input: a clear message in the applicant's language, and nothing typed or saved is lost."""
import re
from datetime import timedelta

import pytest

from potten.applications.models import Application, Attachment
from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.extensions import db
from tests.applications.conftest import (
    ABOUT,
    BUDGET,
    about_with_focus_area,
    post_step,
    send,
    start,
    step_url,
    text,
    upload,
)
from tests.factories import make_application, make_round

LANGUAGES = pytest.mark.parametrize("locale", ["nb", "en"])


def complete_draft(client, round_) -> int:
    application_id = start(client, round_.id)
    post_step(client, application_id, "about", about_with_focus_area(round_))
    post_step(client, application_id, "budget", BUDGET)
    return application_id


def saved(application_id: int) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application_id)


@LANGUAGES
def test_a_late_submission_is_refused_and_the_draft_is_kept(app, client, login_as, open_round, smtp, locale):
    login_as("applicant", locale=locale)
    application_id = complete_draft(client, open_round)
    open_round.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    page = text(send(client, application_id))
    expected = {"nb": "Søknadsfristen for Nabolagspotten 2025 var",
                "en": "The deadline for Nabolagspotten 2025 was"}[locale]
    assert expected in page
    application = saved(application_id)
    assert application.status == Status.DRAFT and application.case_number is None
    assert application.title == ABOUT["title"] and application.requested_amount == 40_000
    assert smtp.messages == []


@LANGUAGES
def test_a_wrong_account_number_is_shown_again_with_a_message_and_the_rest_is_saved(app, client, login_as,
                                                                                   open_round, locale):
    login_as("applicant", locale=locale)
    application_id = start(client, open_round.id)
    response = post_step(client, application_id, "budget", {**BUDGET, "bank_account": "86011117948"}, go="next")

    assert response.status_code == 200  # stays on the step
    page = text(response)
    expected = {"nb": "Kontonummeret 8601 11 17948 er ikke et gyldig norsk kontonummer",
                "en": "The account number 8601 11 17948 is not a valid Norwegian account number"}[locale]
    assert expected in page
    assert 'value="86011117948"' in page and 'value="Mat og drikke"' in page
    application = saved(application_id)
    assert application.bank_account is None
    assert application.requested_amount == 40_000 and application.budget_total == 45_000


def test_an_account_number_must_have_eleven_digits_even_if_it_is_a_valid_postgiro_number(app, client, login_as,
                                                                                        open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    page = text(post_step(client, application_id, "budget", {**BUDGET, "bank_account": "1000009"}))
    assert "Et kontonummer har 11 sifre" in page
    assert saved(application_id).bank_account is None


@LANGUAGES
def test_a_too_large_attachment_is_refused_with_its_size_and_nothing_is_lost(app, client, login_as, open_round,
                                                                            locale):
    login_as("applicant", locale=locale)
    application_id = complete_draft(client, open_round)
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024 - 9)  # exactly 11 MB
    page = text(upload(client, application_id, "tegninger.pdf", big))

    expected = {"nb": "Filen «tegninger.pdf» er på 11 MB. Hver fil kan være på høyst 10 MB.",
                "en": "The file “tegninger.pdf” is 11 MB. Each file can be at most 10 MB."}[locale]
    assert expected in page
    assert db.session.query(Attachment).count() == 0
    assert saved(application_id).title == ABOUT["title"]


def test_a_file_just_over_the_limit_does_not_read_as_the_limit(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    page = text(upload(client, application_id, "plan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))
    assert "er på 10,1 MB" in page


def test_a_request_larger_than_the_server_takes_gets_the_explaining_page(app, client, login_as, open_round):
    login_as("applicant")
    application_id = complete_draft(client, open_round)
    response = upload(client, application_id, "film.pdf", b"%PDF-" + b"0" * (13 * 1024 * 1024))
    assert response.status_code == 413
    assert "Filen er for stor" in text(response) and "Søknaden din er lagret" in text(response)
    assert saved(application_id).title == ABOUT["title"]


@LANGUAGES
def test_an_html_file_named_pdf_is_refused(app, client, login_as, open_round, locale):
    login_as("applicant", locale=locale)
    application_id = start(client, open_round.id)
    page = text(upload(client, application_id, "budsjett.pdf", b"<html><script>alert(1)</script></html>"))
    expected = {"nb": "Filen «budsjett.pdf» er ikke en ekte PDF-, JPEG-, PNG- eller Word-fil (.docx)",
                "en": "The file “budsjett.pdf” is not a real PDF, JPEG, PNG or Word (.docx) file"}[locale]
    assert expected in page
    assert db.session.query(Attachment).count() == 0


@LANGUAGES
def test_a_requested_amount_over_the_limit_of_the_round_is_refused(app, client, login_as, open_round, locale):
    login_as("applicant", locale=locale)
    application_id = start(client, open_round.id)
    budget = {**BUDGET, "budget_lines-2-item": "Telt", "budget_lines-2-amount": "200000", "requested_amount": "150000"}
    page = text(post_step(client, application_id, "budget", budget, go="next"))
    expected = {"nb": "Du kan søke om høyst 100 000 kr i denne utlysningen. Du har søkt om 150 000 kr.",
                "en": "You can ask for at most NOK 100,000 in this call. You asked for NOK 150,000."}[locale]
    assert expected in page
    assert 'value="150000"' in page
    application = saved(application_id)
    assert application.requested_amount is None and application.budget_total == 245_000
    assert application.bank_account == "86011117947"


@LANGUAGES
def test_a_requested_amount_over_the_budget_total_is_refused(app, client, login_as, open_round, locale):
    login_as("applicant", locale=locale)
    application_id = start(client, open_round.id)
    page = text(post_step(client, application_id, "budget", {**BUDGET, "requested_amount": "50 000"}))
    expected = {"nb": "Du søker om 50 000 kr, men budsjettet blir til sammen 45 000 kr.",
                "en": "You ask for NOK 50,000, but the budget adds up to NOK 45,000."}[locale]
    assert expected in page
    assert 'value="50 000"' in page
    assert saved(application_id).budget_total == 45_000


def test_submitting_checks_the_amount_against_the_budget_again(app, client, login_as):
    user = login_as("applicant")
    application = make_application(applicant=user, requested=40_000)
    application.budget_lines[0].amount = 30_000
    db.session.commit()
    page = text(send(client, application.id))
    assert "Søknaden ble ikke sendt" in page
    assert "Du søker om 40 000 kr, men budsjettet blir til sammen 30 000 kr." in page
    assert saved(application.id).status == Status.DRAFT


@LANGUAGES
def test_a_step_without_csrf_token_saves_nothing_and_shows_what_was_typed(app, client, login_as, open_round, locale):
    login_as("applicant", locale=locale)
    application_id = start(client, open_round.id)
    response = post_step(client, application_id, "about", about_with_focus_area(open_round), token=False)

    assert response.status_code == 400
    page = text(response)
    expected = {"nb": "Det du skrev, står her fortsatt", "en": "What you typed is still here"}[locale]
    assert expected in page
    assert f'value="{ABOUT["title"]}"' in page and ABOUT["description"] in page
    assert re.search(r'<input checked[^>]*value="families"', page)
    assert saved(application_id).title == ""


def test_an_empty_draft_lists_every_problem_at_once(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    page = text(send(client, application_id, consent=False))
    for message in ("Gi prosjektet en tittel.", "Skriv et kort sammendrag av prosjektet.",
                    "Velg innsatsområdet prosjektet hører til.", "Velg minst én gruppe prosjektet er for.",
                    "Skriv hvor på Torstrand prosjektet skal foregå.", "Skriv datoen prosjektet starter.",
                    "Legg til minst én linje i budsjettet", "Skriv hvor mye penger du søker om.",
                    "Skriv kontonummeret pengene skal betales til.",
                    "Kryss av for å bekrefte at du har lest hvordan vi behandler personopplysninger."):
        assert message in page, message
    assert f'href="{step_url(application_id, "about")}#title"' in page
    assert f'href="{step_url(application_id, "budget")}#bank_account"' in page
    assert saved(application_id).status == Status.DRAFT


def test_an_unconfirmed_e_mail_address_stops_the_submission_with_a_way_forward(app, client, login_as, open_round):
    login_as("applicant", verified=False, email="ny@example.no")
    application_id = complete_draft(client, open_round)
    page = text(send(client, application_id))
    assert "Bekreft e-postadressen din først: åpne lenken i e-posten vi sendte til ny@example.no." in page
    assert saved(application_id).status == Status.DRAFT
    assert saved(application_id).privacy_consent is True  # the ticked box is kept


def test_wrong_dates_and_numbers_are_explained_and_the_rest_is_kept(app, client, login_as, open_round):
    login_as("applicant")
    application_id = start(client, open_round.id)
    page = text(post_step(client, application_id, "about", about_with_focus_area(
        open_round, start_date="2026-06-30", end_date="2026-06-01", expected_participants="mange")))
    assert "Prosjektet kan ikke slutte før det starter." in page
    assert "Skriv et helt tall, bare med sifre, for eksempel 25." in page
    assert 'value="mange"' in page and 'value="2026-06-01"' in page
    application = saved(application_id)
    assert application.title == ABOUT["title"] and str(application.start_date) == "2026-06-30"
    assert application.end_date is None and application.expected_participants is None


def test_a_sent_application_can_no_longer_be_changed(app, client, login_as):
    user = login_as("applicant")
    application = make_application(applicant=user, status=Status.SUBMITTED)
    db.session.commit()
    response = client.get(step_url(application.id, "about"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/soknad/{application.id}")
    assert "Denne søknaden er sendt og kan ikke endres lenger." in text(client.get(response.headers["Location"]))
    response = client.post(f"/soknad/{application.id}/autolagring", data={"step": "about", "title": "Noe annet"})
    assert response.status_code == 409
    assert saved(application.id).title == "Sommerfest i Torstrandparken"


def test_a_round_that_is_closed_cannot_get_new_drafts(app, client, login_as):
    login_as("applicant")
    closed = make_round(open_=False)
    db.session.commit()
    page = text(client.get(f"/utlysning/{closed.id}/ny"))
    assert "Denne utlysningen er ikke åpen for søknader." in page
    assert "Start søknaden" not in page

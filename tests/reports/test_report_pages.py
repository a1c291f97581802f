"""The report's pages show its versions, files, accounts and claims as read in one statement
(``potten.reports.page``), on every backend: what each version said and when, in Oslo time."""
import re

from potten.extensions import db
from potten.reports import operations
from potten.reports.models import FinalReport
from tests.conftest import csrf_token
from tests.reports.test_access import world


def test_the_pages_show_a_returned_version_what_it_said_and_the_version_sent_again(app, client, log_in):
    made = world()
    staff, owner = made["users"]["decision_maker"], made["users"]["owner"]
    report = db.session.get(FinalReport, made["ids"]["rep"])
    operations.return_report(report, "Legg ved <kvitteringen> & datoen", staff)
    operations.save_report(report, {"activities": "Fest i parken", "confirmed": "y"}, owner)
    operations.send_report(report, owner)
    db.session.commit()

    log_in(staff)
    page = client.get(f"/sluttrapporter/{report.id}").get_data(as_text=True)
    assert re.search(r"Versjon 1, sendt \d+\. \w+ \d{4} kl\. \d\d:\d\d av Eier: <strong>sendt tilbake</strong> "
                     r"\d+\. \w+ \d{4} kl\. \d\d:\d\d – <q>Legg ved &lt;kvitteringen&gt; &amp; datoen</q>", page)
    assert "Hva versjon 1 sa" in page and ">Fest</p>" in page and re.search(r"Mat og drikke: 30\s000\skr</li>", page)
    assert re.search(r"Versjon 2, sendt \d+\. \w+ \d{4} kl\. \d\d:\d\d av Eier\s+</li>", page)
    assert "Fest i parken" in page and "kvittering.pdf" in page and "Regnskapet bekreftet av</dt><dd>Eier, " in page
    assert len(re.findall(r"Krav på 5\s000\skr</a> – Åpen", page)) == 2
    claims = [page.index(f"/tilbakebetaling/{made['ids'][key]}") for key in ("claim", "answered")]
    assert claims == sorted(claims)

    log_in(owner)
    own = client.get(f"/sluttrapport/{report.id}").get_data(as_text=True)
    assert "Hva versjon 1 sa" in own and "Versjon 2" in own and "kvittering.pdf" in own and "Krav på" not in own


def test_approving_a_report_approved_already_says_why_on_the_page_without_its_forms(app, client, log_in):
    made = world()
    staff = made["users"]["decision_maker"]
    report = db.session.get(FinalReport, made["ids"]["rep"])
    operations.approve_report(report, staff)
    db.session.commit()
    log_in(staff)
    review = f"/sluttrapporter/{report.id}"
    page = client.get(review).get_data(as_text=True)
    assert "Godkjenn rapporten" not in page and "/godkjenn" not in page
    refused = client.post(f"{review}/godkjenn", data={"csrf_token": csrf_token(client, review)})
    assert refused.status_code == 400
    assert "En rapport som er «Godkjent», kan ikke bli «Godkjent»." in refused.get_data(as_text=True)

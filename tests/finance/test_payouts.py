"""A payout's life through the real operations: asked for, attested and authorised by two people,
sent to the bank, paid, failed or cancelled; every step checks the payout's state and who acts."""
import email
import email.policy
import os

import pytest
import sepaxml
from lxml import etree
from sqlalchemy import select

from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.core.errors import DomainError, IllegalTransition, NotAllowed
from potten.extensions import db
from potten.finance import batches, operations
from potten.finance.models import GrantLedger, Payout
from tests.factories import make_declaration, make_organisation, make_user
from tests.finance.helpers import accepted, officers, payouts, to_authorised, to_sent

XSD = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.03.xsd")


def test_the_whole_way_from_request_to_paid_with_two_people_and_a_mail(app, in_request, smtp):
    application, decision = accepted("at_acceptance", 40_000)
    first, second = officers()
    payout = operations.request_payout(application, 40_000, application.applicant)
    db.session.commit()
    assert (payout.status, payout.account_number, payout.requested_by_id) == (
        "requested", "86011117947", application.applicant_id)
    operations.attest(payout, payout.version, True, first)
    operations.authorise(payout, payout.version, second)
    batch = batches.send_to_payment([payout.id], {payout.id: payout.version}, first)
    unit_of_work.commit()
    assert payout.status == "sent" and payout.batch_id == batch.id
    assert (payout.attested_by_id, payout.authorised_by_id, payout.sent_by_id) == (first.id, second.id, first.id)
    assert payout.attested_at <= payout.authorised_at <= payout.sent_at

    batches.mark_batch_paid(batch, second)
    unit_of_work.commit()
    db.session.expire_all()
    assert payout.status == "paid" and payout.paid_by_id == second.id
    assert db.session.get(GrantLedger, application.id).paid == 40_000
    assert application.status == Status.DISBURSED
    mails = [email.message_from_bytes(m.content, policy=email.policy.default) for m in smtp.messages]
    [mail] = [m for m in mails if m["Subject"].startswith("Vi har betalt ut")]  # the decision letter went too
    assert mail["To"] == application.applicant.email
    body = mail.get_content()
    assert "**** ** *7947" in body and "86011117947" not in body


def test_the_payment_file_validates_against_the_iso_20022_schema(app, in_request):
    schema = etree.XMLSchema(etree.parse(XSD))
    organisation = make_organisation(name="Torstrand Vel & <Venner> «æøå»")
    applicant = make_user(name="=HYPERLINK(\"x\")")
    one, _ = accepted("at_acceptance", 40_000, organisation=organisation, applicant=applicant)
    two, _ = accepted("at_acceptance", 12_345)
    first, second = officers()
    paying = [to_authorised(a, first, second) for a in (one, two)]
    app.config.update(PAYER_ORGNR="974760673", PAYER_BIC="DNBANOKK")
    batch = batches.send_to_payment([p.id for p in paying], {p.id: p.version for p in paying}, first)
    db.session.commit()
    document = etree.fromstring(batch.content)
    assert schema.validate(document), schema.error_log
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "52345.00"
    assert document.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=ns) == "2"
    assert document.xpath("//p:Cdtr/p:Nm/text()", namespaces=ns)[0] == "Torstrand Vel & <Venner> «æøå»"
    assert document.xpath("//p:CdtrAcct/p:Id/p:Othr/p:Id/text()", namespaces=ns) == ["86011117947", "86011117947"]


def test_one_open_request_at_a_time_and_never_more_than_is_due(app, in_request):
    application, _ = accepted("advance", 40_000, advance=50)
    with pytest.raises(DomainError, match="20\u00a0000"):
        operations.request_payout(application, 20_001, application.applicant)
    db.session.rollback()
    operations.request_payout(application, 5_000, application.applicant)
    db.session.commit()
    assert [(p.amount, p.status, p.due_at is not None) for p in payouts(application)] == [
        (5_000, "requested", True), (20_000, "planned", False), (15_000, "planned", True)]
    with pytest.raises(IllegalTransition, match="allerede|already"):
        operations.request_payout(application, 1_000, application.applicant)
    db.session.rollback()
    with pytest.raises(NotAllowed):
        operations.request_payout(application, 1_000, make_user())
    assert db.session.get(GrantLedger, application.id).allocated == 40_000


def test_the_two_person_rule(app, in_request):
    member = make_user("finance", name="Medlem Økonomi")
    organisation = make_organisation(members=[member])
    maker = make_user("decision_maker", "finance")  # grants money, and works in finance too
    maker.role_rows.append(type(maker.role_rows[0])(role="finance"))
    application, decision = accepted("at_acceptance", 40_000, organisation=organisation, maker=maker)
    first, second, conflicted = officers(3)
    make_declaration(application, conflicted, conflict=True, reason="Naboen min")
    payout = operations.request_payout(application, 40_000, application.applicant)
    db.session.commit()

    for who in (member, conflicted, maker, application.applicant):
        with pytest.raises(NotAllowed):
            operations.attest(payout, payout.version, True, who)
        db.session.rollback()
    with pytest.raises(DomainError) as unconfirmed:
        operations.attest(payout, payout.version, False, first)
    assert unconfirmed.value.field == "confirmed"
    db.session.rollback()
    with pytest.raises(IllegalTransition):  # authorise before attesting
        operations.authorise(payout, payout.version, second)
    db.session.rollback()
    operations.attest(payout, payout.version, True, first)
    db.session.commit()
    with pytest.raises(NotAllowed, match="attesterte|attested"):
        operations.authorise(payout, payout.version, first)
    db.session.rollback()
    with pytest.raises(IllegalTransition):  # attest twice
        operations.attest(payout, payout.version, True, second)
    db.session.rollback()
    operations.authorise(payout, payout.version, second)
    db.session.commit()
    assert (payout.attested_by_id, payout.authorised_by_id) == (first.id, second.id)


def test_a_stale_form_is_refused_with_a_clear_message(app, in_request):
    application, _ = accepted()
    first, second = officers()
    payout = operations.request_payout(application, 40_000, application.applicant)
    db.session.commit()
    seen = payout.version
    operations.change_account(application, "1503 20 80119", application.applicant)
    db.session.commit()
    with pytest.raises(IllegalTransition, match="Noen andre|Someone else"):
        operations.attest(payout, seen, True, first)
    db.session.rollback()
    assert db.session.get(Payout, payout.id).status == "requested"


def test_a_new_account_number_sends_an_attested_payout_back_to_attestation(app, in_request):
    application, _ = accepted()
    first, second = officers()
    payout = to_authorised(application, first, second)
    with pytest.raises(DomainError) as invalid:
        operations.change_account(application, "1234 56 78901", application.applicant)
    assert invalid.value.field == "account"
    db.session.rollback()
    operations.change_account(application, "1503.20.80119", application.applicant)
    db.session.commit()
    db.session.refresh(payout)
    assert (payout.status, payout.account_number, payout.attested_by_id, payout.authorised_by_id) == (
        "requested", "15032080119", None, None)
    operations.attest(payout, payout.version, True, second)  # the other one attests this time
    operations.authorise(payout, payout.version, first)
    db.session.commit()
    assert payout.status == "authorised"


def test_failed_payment_is_fixed_and_sent_again_and_cancelling_frees_the_grant(app, in_request):
    application, _ = accepted("advance", 40_000, advance=50)
    first, second = officers()
    payout, batch = to_sent(application, first, second)
    with pytest.raises(DomainError):
        operations.mark_failed(payout, payout.version, " ", first)
    db.session.rollback()
    operations.mark_failed(payout, payout.version, "Kontoen er lukket", first)
    operations.retry(payout, payout.version, second)
    db.session.commit()
    assert (payout.status, payout.batch_id, payout.note) == ("authorised", None, "")
    again = batches.send_to_payment([payout.id], {payout.id: payout.version}, first)
    operations.mark_paid(payout, payout.version, second)
    db.session.commit()
    with pytest.raises(IllegalTransition):  # paid once only
        operations.mark_paid(payout, payout.version, first)
    db.session.rollback()
    assert again.id != batch.id and db.session.get(GrantLedger, application.id).paid == 20_000
    assert application.status == Status.APPROVED  # the rest waits for the final report

    rest = payouts(application)[-1]
    operations.cancel(rest, rest.version, "Prosjektet ble mindre", first)
    db.session.commit()
    ledger = db.session.get(GrantLedger, application.id)
    assert (ledger.allocated, ledger.paid) == (20_000, 20_000)
    assert db.session.get(type(application), application.id).status == Status.DISBURSED


def test_a_request_sent_back_to_the_applicant_can_be_asked_for_again(app, in_request):
    application, _ = accepted()
    first, _second = officers()
    payout = operations.request_payout(application, 40_000, application.applicant)
    operations.return_to_applicant(payout, payout.version, "Legg ved kvittering", first)
    db.session.commit()
    assert (payout.status, payout.note, operations.due_now(application)) == ("planned", "Legg ved kvittering",
                                                                             40_000)
    operations.request_payout(application, 40_000, application.applicant)
    db.session.commit()
    assert db.session.scalar(select(Payout.status).where(Payout.id == payout.id)) == "requested"

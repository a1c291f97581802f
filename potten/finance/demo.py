"""Demo grants in every state a payout can be in, so a newcomer's finance desk has work in it.

Made through the real operations (submit, decide, accept, request, attest, authorise, send, paid,
failed, cancel), by the demo accounts: Siri Søker and her organisations apply, Pia Programleder
decides, Øystein Økonomi attests and Frida Finans authorises. Added once: a second run finds them.
"""
from datetime import date, timedelta

from sqlalchemy import select

from potten.accounts.models import Organisation, User
from potten.applications.models import Application, BudgetLine
from potten.applications.operations import submit
from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.decisions.acceptance import accept_grant, decline_grant
from potten.decisions.operations import decide
from potten.extensions import db
from potten.finance import batches, operations
from potten.reports.repayment import claim_repayment
from potten.review.models import ConflictDeclaration

MARK = "[demo] "
ORGANISATIONS = [("Torstrand Vel", "974760673"), ("Larvik Turn & Idrettsforening", "971524960"),
                 ("Kvartalsgruppa Torstrand", "986611584")]
# title, amount, organisation (index or None), how far its payouts have come
CASES = [
    ("Sommerfest i Torstrandparken", 40_000, 0, "awaiting_answer"),
    ("Benker langs Farrisvannet", 25_000, None, "accepted"),
    ("Lekeplassdugnad i Kirkestredet", 60_000, 1, "requested"),
    ("Leksehjelp på biblioteket", 30_000, 2, "attested"),
    ("Nabohager i bakgården", 18_000, 0, "authorised"),
    ("Julemarked på Torget", 45_000, 1, "sent"),
    ("Fotballturnering for alle", 35_000, 2, "paid"),
    ("Fargerike trapper", 22_000, None, "failed"),
    ("Språkkafé hver torsdag", 12_000, 0, "cancelled"),
    ("Konsert i Bøkeskogen", 50_000, 1, "declined"),
    ("Vårrydding langs Larviksfjorden", 16_000, 2, "closed"),
]


def load(applicant: User, decision_maker: User, attestant: User, authoriser: User, round_) -> int:
    """Add the demo grants unless they are there; returns how many were added."""
    if db.session.scalar(select(Application.id).where(Application.title.like(MARK + "%")).limit(1)):
        return 0
    round_.payout_plan, round_.advance_percent = "advance", 75
    organisations = [_organisation(name, orgnr, applicant) for name, orgnr in ORGANISATIONS]
    batch_payouts = []
    for title, amount, org, state in CASES:
        organisation = organisations[org] if org is not None else None
        application = _submitted(applicant, round_, organisation, MARK + title, amount)
        db.session.add(ConflictDeclaration(application_id=application.id, user_id=decision_maker.id,
                                           has_conflict=False))
        db.session.flush()
        decision = decide(application, Status.APPROVED, None, "", [], DEFAULT_CONDITIONS,
                          date.today() + timedelta(days=120), decision_maker)
        decision.notified_at = utcnow()
        if state == "awaiting_answer":
            continue
        if state == "declined":
            decline_grant(decision, "Vi fikk ikke leid scenen.", applicant)
            continue
        accept_grant(decision, applicant)
        if state == "accepted":
            continue
        if state == "closed":
            _closed(application, applicant, decision_maker, attestant, authoriser)
            continue
        payout = operations.request_payout(application, operations.due_now(application), applicant)
        if state == "cancelled":
            operations.cancel(payout, payout.version, "Søkeren trakk forespørselen.", attestant)
            continue
        if state == "requested":
            continue
        operations.attest(payout, payout.version, True, attestant)
        if state == "attested":
            continue
        operations.authorise(payout, payout.version, authoriser)
        if state == "authorised":
            continue
        batch_payouts.append((payout, state))
    if batch_payouts:
        payouts = [p for p, _ in batch_payouts]
        batches.send_to_payment([p.id for p in payouts], {p.id: p.version for p in payouts}, attestant)
        for payout, state in batch_payouts:
            db.session.refresh(payout)
            if state == "paid":
                operations.mark_paid(payout, payout.version, authoriser)
                # a part of the advance was not used: the programme office claims it back (repayment)
                claim_repayment(payout.application, 5_000, "Innkjøpet av utstyr ble billigere enn planlagt.",
                                date.today() + timedelta(days=21), decision_maker, granted=payout.amount)
            elif state == "failed":
                operations.mark_failed(payout, payout.version, "Banken: kontoen er avsluttet.", attestant)
    return len(CASES)


def _closed(application, applicant: User, decision_maker: User, attestant: User, authoriser: User) -> None:
    """A grant from start to end: the advance paid, the final report approved, the rest paid; closed."""
    from potten.reports import operations as reports
    from potten.reports.queries import report_for

    _pay(application, applicant, attestant, authoriser)
    report = report_for(application)
    reports.save_report(report, {
        "activities": "Tretti naboer ryddet strandkanten fra Tollerodden til Batteriet.",
        "held_from": (date.today() - timedelta(days=3)).isoformat(), "held_to": date.today().isoformat(),
        "participants": "30", "target_groups": ["everyone"], "involvement": "Naboene meldte seg på dugnaden.",
        "dugnad_hours": "90", "worked_well": "Mange kom, og vi fylte en container.", "worked_badly": "Lite.",
        "actual": [str(application.budget_lines[0].amount)], "other_funding": "0", "own_contribution": "0",
        "confirmed": "y"}, applicant)
    reports.send_report(report, applicant)
    reports.approve_report(report, decision_maker, "Takk for en fin dugnad!")
    _pay(application, applicant, attestant, authoriser)  # the rest, held back until the report: now closed


def _pay(application, applicant: User, attestant: User, authoriser: User) -> None:
    payout = operations.request_payout(application, operations.due_now(application), applicant)
    operations.attest(payout, payout.version, True, attestant)
    operations.authorise(payout, payout.version, authoriser)
    batches.send_to_payment([payout.id], {payout.id: payout.version}, attestant)
    db.session.refresh(payout)
    operations.mark_paid(payout, payout.version, authoriser)


DEFAULT_CONDITIONS = ("Tilskuddet skal bare brukes til prosjektet slik det er beskrevet i søknaden. "
                      "Sluttrapport med regnskap leveres innen fristen.")


def _organisation(name: str, orgnr: str, member: User) -> Organisation:
    found = db.session.scalar(select(Organisation).where(Organisation.orgnr == orgnr))
    if found is None:
        found = Organisation(name=name, orgnr=orgnr, contact_name=member.name, contact_email=member.email,
                             address="Torstrandgata 1", postcode="3263", city="Larvik", members=[member])
        db.session.add(found)
        db.session.flush()
    return found


def _submitted(applicant: User, round_, organisation, title: str, amount: int) -> Application:
    application = Application(
        round=round_, applicant=applicant, organisation=organisation, status=Status.DRAFT, title=title,
        summary="Et tiltak for nabolaget på Torstrand.", description="Vi gjør det sammen, med dugnad.",
        focus_area=round_.focus_areas[len(title) % len(round_.focus_areas)], target_groups=["everyone"],
        location="Torstrand", start_date=date.today() + timedelta(days=14), end_date=date.today() + timedelta(days=60),
        expected_participants=80, other_funding=0, own_contribution=2_000, volunteer_hours=40,
        requested_amount=amount, bank_account="86011117947", privacy_consent=True,
        budget_lines=[BudgetLine(position=0, item="Utstyr og materialer", amount=amount)])
    db.session.add(application)
    db.session.flush()
    submit(application, applicant)
    return application




"""The world's money after the grant (``bench/world.py`` imports this module at its end): last year's round,
closed, whose grants are accepted and being paid out and reported on.

Per 10 000 applications of the open round: 2 500 grants of last year, each with two instalments (5 000
payouts: 30 000 kr at acceptance, 10 000 kr after the final report) in every state of a payout's life,
the sent ones in payment batches of 50, the ledger that keeps them within the grant, a final report for
every grant in every state (due, overdue, returned, sent, approved), a few repayment claims, and last
year's annual report. The owner has three grants there: one accepted with an open payout request and a
draft report (``granted``), one whose report is sent and claimed back in part (``reported``: the report
and the claim the staff pages open), and one not yet answered (``to_accept``).
Last year's round keeps the open round's pages (ranking, decisions, letters) as they were.
"""
import itertools
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from bench.world import _BUDGET, World, _application, insert_rows, step
from potten.accounts.models import User, UserRole
from potten.applications.models import Application, BudgetLine, CaseCounter
from potten.applications.workflow import Status
from potten.core.time import today_local
from potten.decisions.models import Decision, GrantAnswer
from potten.extensions import db
from potten.finance.models import GrantLedger, PaymentBatch, Payout
from potten.reports.models import (
    AnnualReport,
    ClaimAnswer,
    FinalReport,
    RepaymentClaim,
    ReportAttachment,
    ReportLine,
    ReportVersion,
)
from potten.rounds.models import FocusArea, Round

YEAR = 2024
GRANT, FIRST, SECOND = 40_000, 30_000, 10_000  # kroner: the grant, at acceptance, after the final report
GRANTS_SHARE = 0.25  # grants of last year per application of the open round
CLAIMS_SHARE = 0.001
BATCH = 50  # payouts in a payment batch

# each grant in turn: its first and second instalment's state, and its final report's
CYCLE = [("paid", "planned", "sent"), ("requested", "planned", "due"), ("attested", "planned", "overdue"),
         ("authorised", "planned", "due"), ("sent", "planned", "returned"), ("failed", "planned", "overdue"),
         ("paid", "paid", "approved"), ("cancelled", "planned", "due"), ("planned", "planned", "overdue"),
         ("paid", "requested", "approved")]
OWNER_GRANTS = {"granted": ("requested", "planned", "due"), "reported": ("paid", "planned", "sent"),
                "to_accept": None}


OLDER_ROUNDS = 3  # at most; one per ten applications below that, so the two sizes of the statement test differ


@step
def older_rounds(world: World) -> None:
    """Closed rounds of earlier years with their focus areas and nothing else, more of them in a larger world
    (none at 3 applications, one at 12, three from 30): a page that reads something once per round gains
    a statement in tests/test_statement_counts.py."""
    now = world.now
    for k in range(1, 1 + min(OLDER_ROUNDS, world.n // 10)):
        db.session.add(Round(
            year=YEAR - k, title=f"Nabolagspotten {YEAR - k}", title_en=f"The Neighbourhood Pot {YEAR - k}",
            description="En eldre runde.", opens_at=now - timedelta(days=420 + 365 * k),
            closes_at=now - timedelta(days=370 + 365 * k), max_amount=100_000,
            focus_areas=[FocusArea(position=i, name=f"Område {i + 1}", budget=1) for i in range(4)]))
    db.session.flush()


@step
def last_years_round(world: World) -> None:
    """Last year's round, closed, and its granted applications: the owner's three and the mass's."""
    now = world.now
    grants = max(1, round(GRANTS_SHARE * world.n)) if world.n >= 100 else len(CYCLE) + world.n
    round_ = Round(year=YEAR, title=f"Nabolagspotten {YEAR}", title_en=f"The Neighbourhood Pot {YEAR}",
                   description="Fjorårets runde.", opens_at=now - timedelta(days=420),
                   closes_at=now - timedelta(days=370), max_amount=100_000, payout_plan="advance",
                   advance_percent=75, focus_areas=[FocusArea(position=i, name=f"Område {i + 1}", budget=1)
                                                    for i in range(4)])
    db.session.add(round_)
    db.session.flush()
    areas = [a.id for a in round_.focus_areas]
    world.named["last_round"] = round_.id
    numbers = itertools.count(1)
    orgs = world.organisations[1:]
    rows = [_application(world, world.users["owner"], world.named["organisation"], Status.APPROVED, areas[0],
                         numbers, YEAR, title=f"Bench {key}") for key in OWNER_GRANTS]
    for i in range(grants):
        rows.append(_application(world, world.applicants[(i * 3) % len(world.applicants)],
                                 orgs[i % len(orgs)] if i % 3 == 0 else None, Status.APPROVED, areas[i % 4],
                                 numbers, YEAR, title=f"Fjorårets prosjekt {i}"))
    for row in rows:
        row.update(round_id=round_.id, created_at=now - timedelta(days=400), updated_at=now - timedelta(days=380),
                   submitted_at=now - timedelta(days=380))
    insert_rows(Application, rows)
    db.session.add(CaseCounter(year=YEAR, last=next(numbers) - 1))
    found = db.session.execute(select(Application.id, Application.title, Application.applicant_id,
                                      Application.focus_area_id)
                               .where(Application.round_id == round_.id).order_by(Application.id)).all()
    insert_rows(BudgetLine, [{"application_id": r.id, "position": p, "item": item, "amount": amount}
                             for r in found for p, (item, amount) in enumerate(_BUDGET)])
    by_title = {r.title: r for r in found}
    for key in OWNER_GRANTS:
        world.named[key] = by_title[f"Bench {key}"].id
    owners = {r.id: r.applicant_id for r in found}
    area_of = {r.id: r.focus_area_id for r in found}
    for area, grants_in_area in Counter(area_of.values()).items():
        amount = grants_in_area * GRANT
        db.session.get(FocusArea, area).budget = amount + 100_000
        db.session.get(FocusArea, area).committed = amount
    decisions = _decide(world, owners)
    mass = [r.id for r in found if not r.title.startswith("Bench ")]
    plans = {world.named[k]: v for k, v in OWNER_GRANTS.items() if v is not None}
    plans.update(zip(mass, itertools.cycle(CYCLE), strict=False))
    _pay(world, plans, owners, area_of, decisions)
    _report(world, plans, owners)


def _decide(world: World, owners: dict) -> dict:
    """Granted in full a year ago; all but ``to_accept`` accepted."""
    now, maker = world.now, world.users["decision_maker"]
    decided = {a: (now - timedelta(days=5) if a == world.named["to_accept"] else now - timedelta(days=360))
               for a in owners}
    insert_rows(Decision, [{"application_id": a, "outcome": "approved", "requested_amount": GRANT,
                            "granted_amount": GRANT, "reasons": "", "standard_reasons": [],
                            "conditions": "Sluttrapport innen fristen.", "report_due": today_local()
                            + timedelta(days=30), "after_appeal": False, "decided_by_id": maker,
                            "decided_at": at, "notified_at": at + timedelta(days=1), "in_force": True}
                           for a, at in decided.items()])
    decisions = dict(db.session.execute(select(Decision.application_id, Decision.id)
                                                    .where(Decision.application_id.in_(list(owners)))).all())
    insert_rows(GrantAnswer, [{"decision_id": decisions[a], "application_id": a, "answer": "accepted",
                               "how": "applicant" if i % 3 else "automatic",
                               "answered_by_id": owners[a] if i % 3 else None,
                               "answered_at": world.now - timedelta(days=340), "reason": ""}
                              for i, a in enumerate(owners) if a != world.named["to_accept"]])
    return decisions


def _pay(world: World, plans: dict, owners: dict, area_of: dict, decisions: dict) -> None:
    """Two instalments per accepted grant in the states of its plan; the sent ones in batches."""
    finance2 = _second_finance_officer(world)
    people = (world.users["decision_maker"], world.users["finance"], finance2)
    size = BATCH if world.n >= 100 else world.detail()
    batched = [(a, k) for a, plan in plans.items() for k in (0, 1) if plan[k] in ("sent", "paid", "failed")]
    batches = [batched[i:i + size] for i in range(0, len(batched), size)]
    insert_rows(PaymentBatch, [{"message_id": f"BENK-{YEAR}-{i}", "execution_date": (world.now - timedelta(
        days=300 - i)).date(), "count": len(b), "total": sum(FIRST if k == 0 else SECOND for _, k in b),
        "created_by_id": world.users["finance"], "created_at": world.now - timedelta(days=300 - i),
        "content": _PAIN001} for i, b in enumerate(batches)])
    batch_ids = db.session.scalars(select(PaymentBatch.id).order_by(PaymentBatch.id)).all()
    batch_of = {payout: batch_ids[i] for i, b in enumerate(batches) for payout in b}
    world.named["batch"] = batch_ids[0]
    payouts, ledgers = [], []
    for application_id, plan in plans.items():
        decision = decisions[application_id]
        for k, (amount, due_on) in enumerate(((FIRST, "acceptance"), (SECOND, "final_report"))):
            payouts.append(_payout(world, application_id, decision, k + 1, plan[k], amount, due_on,
                                   owners[application_id], people, batch_of.get((application_id, k)),
                                   area_of[application_id]))
        ledgers.append({"application_id": application_id, "decision_id": decision, "granted": GRANT,
                        "allocated": GRANT - (FIRST if plan[0] == "cancelled" else 0),
                        "paid": (FIRST if plan[0] == "paid" else 0) + (SECOND if plan[1] == "paid" else 0),
                        "account_number": "86011117947", "created_at": world.now - timedelta(days=340)})
    insert_rows(GrantLedger, ledgers)
    insert_rows(Payout, payouts)
    paid_out = [a for a, plan in plans.items() if plan[0] == plan[1] == "paid"]
    if paid_out:
        db.session.execute(Application.__table__.update().where(Application.id.in_(paid_out))
                           .values(status=Status.DISBURSED.value))


def _payout(world, application_id, decision_id, position, state, amount, due_on, owner, people, batch_id,
            area) -> dict:
    maker, attestant, authoriser = people
    reached = ["planned", "requested", "attested", "authorised", "sent", "paid"]
    step_ = {"failed": 4, "cancelled": 0}.get(state, reached.index(state) if state in reached else 0)
    at = world.now - timedelta(days=300)
    return {
        "application_id": application_id, "decision_id": decision_id, "focus_area_id": area, "position": position,
        "due_on": due_on, "due_at": at if due_on == "acceptance" or state != "planned" else None, "amount": amount,
        "status": state, "version": step_ + 1, "account_number": "86011117947" if step_ >= 1 else None,
        "applicant_id": owner, "decided_by_id": maker, "requested_by_id": owner if step_ >= 1 else None,
        "requested_at": at if step_ >= 1 else None, "attested_by_id": attestant if step_ >= 2 else None,
        "attested_at": at if step_ >= 2 else None, "authorised_by_id": authoriser if step_ >= 3 else None,
        "authorised_at": at if step_ >= 3 else None, "batch_id": batch_id if step_ >= 4 else None,
        "sent_by_id": attestant if step_ >= 4 else None, "sent_at": at if step_ >= 4 else None,
        "paid_by_id": authoriser if state == "paid" else None, "paid_at": at if state == "paid" else None,
        "failed_at": at if state == "failed" else None,
        "cancelled_by_id": attestant if state == "cancelled" else None,
        "cancelled_at": at if state == "cancelled" else None,
        "note": {"failed": "Banken avviste kontonummeret.", "cancelled": "Prosjektet ble mindre."}.get(state, ""),
    }


def _second_finance_officer(world: World) -> int:
    """The two-person rule needs a second finance officer to authorise what the measured one attested."""
    password_hash = db.session.scalar(select(User.password_hash).where(User.id == world.users["finance"]))
    insert_rows(User, [{"email": "okonomi2@example.no", "name": "Olga Økonomi", "password_hash": password_hash,
                        "locale": "nb", "email_verified_at": world.now, "created_at": world.now, "active": True}])
    user = db.session.scalar(select(User.id).where(User.email == "okonomi2@example.no"))
    insert_rows(UserRole, [{"user_id": user, "role": "applicant"}, {"user_id": user, "role": "finance"}])
    world.users["finance2"] = user
    return user


def _report(world: World, plans: dict, owners: dict) -> None:
    """A final report per accepted grant in the state of its plan, claims on some, last year's annual report."""
    now, today, staff = world.now, today_local(), world.users["decision_maker"]
    rows = []
    for application_id, plan in plans.items():
        state = plan[2]
        status = {"due": "draft", "overdue": "draft"}.get(state, state)
        sent = status != "draft"
        due = today + timedelta(days=30) if state == "due" else today - timedelta(days=30 + application_id % 60)
        rows.append({"application_id": application_id, "due_date": due, "status": status, "version": int(sent),
                     "activities": "Vi holdt festen i juni. Over 200 kom." if sent else "",
                     "held_from": (now - timedelta(days=200)).date() if sent else None,
                     "held_to": (now - timedelta(days=199)).date() if sent else None,
                     "participants": 210 if sent else None, "target_groups": ["everyone"] if sent else [],
                     "involvement": "Naboer bakte kaker." if sent else "", "dugnad_hours": 80 if sent else None,
                     "worked_well": "Været." if sent else "", "worked_badly": "Strømmen gikk." if sent else "",
                     "other_funding": 0 if sent else None, "own_contribution": 5_000 if sent else None,
                     "unused_amount": 2_000 if sent else None,
                     "confirmed_by_id": owners[application_id] if sent else None,
                     "confirmed_at": now - timedelta(days=60) if sent else None,
                     "sent_at": now - timedelta(days=60, seconds=application_id) if sent else None,
                     "handled_by_id": staff if status in ("returned", "approved") else None,
                     "handled_at": now - timedelta(days=50) if status in ("returned", "approved") else None,
                     "return_comment": "Legg ved kvitteringer." if status == "returned" else "",
                     "created_at": now - timedelta(days=100), "updated_at": now - timedelta(days=60)})
    insert_rows(FinalReport, rows)
    reports = dict(db.session.execute(select(FinalReport.application_id, FinalReport.id)
                                      .where(FinalReport.application_id.in_(list(plans)))).all())
    world.named["report"] = reports[world.named["reported"]]
    budget = db.session.execute(select(BudgetLine.application_id, BudgetLine.id, BudgetLine.position,
                                       BudgetLine.item, BudgetLine.amount)
                                .where(BudgetLine.application_id.in_([world.named["granted"],
                                                                      world.named["reported"]]))).all()
    insert_rows(ReportLine, [{"report_id": reports[b.application_id], "position": b.position, "budget_line_id": b.id,
                              "item": b.item, "budgeted": b.amount,
                              "actual": b.amount - 1_000 if b.application_id == world.named["reported"] else None}
                             for b in budget])
    report = world.named["report"]
    insert_rows(ReportAttachment, [{"report_id": report, "filename": f"kvittering-{i}.pdf",
                                    "content_type": "application/pdf", "size": 13, "sha256": "0" * 64,
                                    "data": b"%PDF-1.7 bench", "uploaded_by_id": world.users["owner"],
                                    "created_at": now - timedelta(days=61)} for i in range(world.detail())])
    world.named["report_attachment"] = db.session.scalar(select(ReportAttachment.id).where(
        ReportAttachment.report_id == report).order_by(ReportAttachment.id).limit(1))
    insert_rows(ReportVersion, [{"report_id": report, "version": 1, "content": {
        "activities": "Vi holdt festen i juni. Over 200 kom.",
        "lines": [{"item": item, "budgeted": amount, "actual": amount - 1_000} for item, amount in _BUDGET]},
        "sent_by_id": world.users["owner"], "sent_at": now - timedelta(days=60)}])

    claimed = [world.named["reported"]] + [a for a, plan in plans.items() if plan[2] == "approved"][
        :max(1, round(CLAIMS_SHARE * world.n)) if world.n >= 100 else 1 + world.n // 6]
    insert_rows(RepaymentClaim, [{"application_id": a, "amount": 2_000, "reason": "Ikke brukt av tilskuddet.",
                                  "status": "open", "answer_by": today + timedelta(days=14),
                                  "created_by_id": staff, "created_at": now - timedelta(days=20)} for a in claimed])
    world.named["claim"] = db.session.scalar(select(RepaymentClaim.id).where(
        RepaymentClaim.application_id == world.named["reported"]))
    # another grant's claim the applicant has answered, with a document (its staff download)
    answered = db.session.scalar(select(RepaymentClaim.id).where(RepaymentClaim.id != world.named["claim"])
                                 .order_by(RepaymentClaim.id).limit(1))
    insert_rows(ClaimAnswer, [{"claim_id": answered, "text": "Pengene ble brukt på leie av lokalet.",
                               "filename": "kvittering.pdf", "content_type": "application/pdf",
                               "size": 13, "sha256": "0" * 64, "data": b"%PDF-1.7 bench",
                               "answered_by_id": world.users["owner"], "answered_at": now - timedelta(days=5)}])
    world.named["answered_claim"] = answered
    insert_rows(AnnualReport, [{"year": YEAR, "locale": "nb", "requested_by_id": world.users["admin"],
                                "requested_at": now - timedelta(days=30), "built_at": now - timedelta(days=30),
                                "docx": b"PK\x03\x04 bench", "xlsx": b"PK\x03\x04 bench"}])
    world.named["annual_report"] = db.session.scalar(select(AnnualReport.id).limit(1))


_PAIN001 = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
            b'pain.001.001.03"><CstmrCdtTrfInitn/></Document>\n')

"""Demo data of the reports area: last year's round with grants whose final reports are in every
state (due, overdue, sent, returned, approved), and two repayment claims (one whose advance notice
waits for an answer, one the applicant has answered), so a newcomer sees them all. Made through the
same operations the pages use."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from potten.applications.case_numbers import next_case_number
from potten.applications.models import Application, BudgetLine
from potten.applications.workflow import Status
from potten.core.time import oslo_to_utc, today_local, utcnow
from potten.decisions import budget
from potten.decisions.acceptance import accept_grant
from potten.decisions.models import Decision
from potten.extensions import db
from potten.reports import operations, queries, repayment
from potten.rounds.models import FocusArea, Round

TITLE = "Nabolagspotten 2024"
PROJECTS = [  # (state, title, focus area, requested, days from today to the due date)
    ("due", "Leksehjelp og vafler i Torstrandparken", 0, 30_000, 20),
    ("overdue", "Benker og blomsterkasser i Tollerodden", 1, 45_000, -12),
    ("sent", "Nabolagsdugnad og grillfest", 1, 25_000, 5),
    ("returned", "Seniortreff med digital hjelp", 0, 20_000, 10),
    ("approved", "Sommerfest for hele Torstrand", 3, 40_000, -40),
    ("answered", "Turløype med skilt rundt Tollerodden", 1, 30_000, -30),
]
UNUSED_REASON = "Sluttrapporten viser at {unused} kroner av tilskuddet ikke ble brukt."


def load_report_demo(applicant, decision_maker) -> None:
    """Add last year's round and its grants, unless the demo has them already."""
    if db.session.scalar(select(Round).where(Round.title == TITLE)) is not None:
        return
    today = today_local()
    round_ = Round(year=2024, title=TITLE, title_en="The Neighbourhood Pot 2024",
                   description="Fjorårets runde, med sluttrapporter i alle tilstander.",
                   opens_at=_at(date(2024, 2, 1)),
                   closes_at=_at(date(2024, 4, 1)), max_amount=100_000, payout_plan="advance", advance_percent=75,
                   focus_areas=[FocusArea(position=i, name=n, budget=500_000) for i, n in enumerate(
                       ("Levekår og folkehelse", "Bydelsutvikling og nærmiljø", "Styrking av lokaldemokratiet",
                        "Annet"))])
    db.session.add(round_)
    db.session.flush()
    for state, title, area, amount, due_in in PROJECTS:
        application = Application(
            round=round_, applicant=applicant, status=Status.SUBMITTED, case_number=next_case_number(2024),
            title=title, summary=title, description=f"{title}: et prosjekt for naboene på Torstrand.",
            focus_area=round_.focus_areas[area], target_groups=["everyone"], location="Torstrand",
            start_date=date(2024, 6, 1), end_date=date(2024, 9, 30), expected_participants=60,
            requested_amount=amount, bank_account="86011117947", privacy_consent=True, submitted_at=utcnow(),
            budget_lines=[BudgetLine(position=0, item="Materialer og utstyr", amount=amount * 3 // 5),
                          BudgetLine(position=1, item="Mat og servering", amount=amount - amount * 3 // 5)])
        db.session.add(application)
        db.session.flush()
        decision = Decision(application_id=application.id, outcome="approved", requested_amount=amount,
                            granted_amount=amount, reasons="", conditions="Vanlige vilkår for Nabolagspotten.",
                            report_due=today + timedelta(days=due_in), decided_by_id=decision_maker.id,
                            notified_at=utcnow())
        application.status = Status.APPROVED
        db.session.add(decision)
        db.session.flush()
        budget.commit(application.focus_area_id, amount)
        accept_grant(decision, applicant)
        _report_in(state, queries.report_for(application), amount, applicant, decision_maker)


def _at(day: date) -> datetime:
    return oslo_to_utc(datetime.combine(day, time(12)))


def _report_in(state: str, report, amount: int, applicant, decision_maker) -> None:
    if state in ("due", "overdue"):
        if state == "due":
            operations.save_report(report, {"activities": "Vi har holdt leksehjelp hver tirsdag siden august."},
                                   applicant)
        return
    unused = {"approved": 3_500, "answered": 6_000}.get(state, 0)
    spent = amount - unused
    operations.save_report(report, {
        "activities": "Vi gjennomførte prosjektet som planlagt, med god hjelp fra naboene.",
        "held_from": "2024-06-01", "held_to": "2024-09-30", "participants": "140",
        "target_groups": ["everyone", "families"], "involvement": "Naboene planla, bar og ryddet.",
        "dugnad_hours": "120", "worked_well": "Mange nye ansikter, og folk ble kjent på tvers av gatene.",
        "worked_badly": "Været: vi burde hatt telt.",
        "actual": [str(line.budgeted if i else line.budgeted - (amount - spent)) for i, line in
                   enumerate(report.lines)],
        "other_funding": "0", "own_contribution": "0", "confirmed": "y"}, applicant)
    operations.send_report(report, applicant)
    if state == "returned":
        operations.return_report(report, "Legg ved kvitteringene for materialene, og skriv hvor mange som kom "
                                         "på hvert treff.", decision_maker)
    elif unused:
        operations.approve_report(report, decision_maker, "Takk for en fin rapport!")
        claim = repayment.claim_repayment(report.application, unused, UNUSED_REASON.format(unused=unused),
                                          today_local() + timedelta(days=21), decision_maker)
        if state == "answered":
            repayment.answer_notice(claim, "Skiltene kom senere enn vi trodde, og de siste 6 000 kronene er "
                                           "bestilt til to skilt til. Vi ber om å få beholde dem til våren.",
                                    None, None, applicant)

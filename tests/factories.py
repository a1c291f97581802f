"""Factories: plain functions that add valid objects to the session (the test commits)."""
import itertools
from datetime import date, timedelta

from potten.accounts.models import Organisation, User, UserRole
from potten.applications.models import Application, BudgetLine
from potten.applications.workflow import Status
from potten.core.roles import Role
from potten.core.time import utcnow
from potten.extensions import db
from potten.rounds.models import Criterion, FocusArea, Round

_seq = itertools.count(1)


def make_user(role: str = "applicant", email: str | None = None, name: str | None = None,
              password: str = "riktig-passord-1", locale: str = "nb", verified: bool = True) -> User:
    n = next(_seq)
    user = User(email=email or f"user{n}@example.no", name=name or f"Bruker {n}", locale=locale,
                email_verified_at=utcnow() if verified else None)
    user.set_password(password)
    roles = {Role.APPLICANT.value, Role(role).value}
    user.role_rows = [UserRole(role=r) for r in sorted(roles)]
    db.session.add(user)
    db.session.flush()
    return user


def make_organisation(name: str = "Torstrand Vel", orgnr: str = "974760673", members=()) -> Organisation:
    org = Organisation(name=name, orgnr=orgnr, contact_name="Kari Kontakt", contact_email="kari@example.no",
                       address="Torstrandgata 1", postcode="3263", city="Larvik", members=list(members))
    db.session.add(org)
    db.session.flush()
    return org


def make_round(open_: bool = True, budgets=(1_310_000, 1_862_235, 500_000, 1_327_765),
               max_amount: int = 100_000, year: int = 2025) -> Round:
    now = utcnow()
    round_ = Round(
        year=year, title=f"Nabolagspotten {year}", description="Penger til gode ideer på Torstrand.",
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=30) if open_ else now - timedelta(days=1),
        max_amount=max_amount,
        focus_areas=[FocusArea(position=i, name=f"Innsatsområde {i + 1}", budget=b) for i, b in enumerate(budgets)],
        criteria=[Criterion(position=i, title=f"Kriterium {i + 1}", weight=w) for i, w in enumerate((3, 3, 2, 2, 1))],
    )
    db.session.add(round_)
    db.session.flush()
    return round_


def make_application(applicant: User | None = None, round_: Round | None = None,
                     status: Status = Status.DRAFT, requested: int = 40_000, organisation=None,
                     focus_area: FocusArea | None = None, **fields) -> Application:
    """A complete application (every required field filled) in ``status``."""
    applicant = applicant or make_user()
    round_ = round_ or make_round()
    app = Application(
        round=round_, applicant=applicant, organisation=organisation, status=status,
        title=fields.pop("title", "Sommerfest i Torstrandparken"),
        summary="En fest for hele nabolaget.", description="Vi lager en fest med mat, musikk og leker.",
        focus_area=focus_area or round_.focus_areas[0], target_groups=["everyone"],
        location="Torstrandparken", start_date=date(2025, 6, 1), end_date=date(2025, 6, 30),
        expected_participants=200, other_funding=0, own_contribution=5_000, volunteer_hours=120,
        requested_amount=requested, bank_account="86011117947", privacy_consent=True,
        budget_lines=[BudgetLine(position=0, item="Mat og drikke", amount=requested)],
        **fields,
    )
    if status != Status.DRAFT:
        app.submitted_at = utcnow()
        app.case_number = f"{round_.year}-{next(_seq):04d}"
    db.session.add(app)
    db.session.flush()
    return app


def make_decision(application: Application, outcome: str = "approved", granted: int | None = None,
                  reasons: str = "", standard_reasons=(), conditions: str = "", decided_by: User | None = None,
                  after_appeal: bool = False, supersedes=None, report_due=None, status: bool = True):
    """A decision on ``application`` as the decisions area would record it (no letter yet).
    ``status`` also moves the application to the decided state."""
    from potten.decisions.models import Decision

    requested = application.requested_amount
    if granted is None:
        granted = {"approved": requested, "partly_approved": requested // 2}.get(outcome, 0)
    decision = Decision(
        application=application, outcome=outcome, requested_amount=requested, granted_amount=granted,
        reasons=reasons, standard_reasons=list(standard_reasons), conditions=conditions,
        report_due=report_due, after_appeal=after_appeal, supersedes_id=getattr(supersedes, "id", None),
        decided_by=decided_by or make_user("decision_maker", name="Pia Programleder"),
    )
    if status:
        application.status = Status(outcome)
    db.session.add(decision)
    db.session.flush()
    return decision

"""The benchmark's data: one open round, ~2 000 applicants and 10 000 applications, by bulk insert.

One applicant (``HEAVY``) has about 20 applications: the page ``/mine-soknader`` is
measured as that person. Another (``SUBMITTER``) owns complete drafts, one for each
submission the benchmark sends.
"""
import itertools
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from potten.accounts.models import User, UserRole
from potten.applications.models import Application, BudgetLine, CaseCounter
from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.demo import demo_round
from potten.extensions import db

PASSWORD = "benk-passord-123"
HEAVY = "tung.soker@example.no"
SUBMITTER = "innsender@example.no"
HEAVY_COUNT = 20
STATUSES = [Status.DRAFT] + [Status.SUBMITTED] * 6 + [Status.IN_REVIEW, Status.APPROVED, Status.REJECTED]


def load(applications: int = 10_000, applicants: int = 2_000, drafts: int = 0) -> dict[str, int]:
    """Empty the database and fill it; returns what was loaded. The caller commits."""
    db.drop_all()
    db.create_all()
    round_ = demo_round()
    db.session.add(round_)
    db.session.flush()
    password_hash = _hash(PASSWORD)
    emails = [HEAVY, SUBMITTER] + [f"soker{n}@example.no" for n in range(1, applicants - 1)]
    db.session.execute(insert(User), [
        {"email": e, "name": f"Søker {n}", "password_hash": password_hash, "locale": "nb",
         "email_verified_at": utcnow(), "created_at": utcnow(), "active": True} for n, e in enumerate(emails)])
    ids = dict(db.session.execute(select(User.email, User.id)).all())
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "applicant"} for i in ids.values()])

    heavy, submitter = ids[HEAVY], ids[SUBMITTER]
    others = itertools.cycle([i for e, i in ids.items() if e not in (HEAVY, SUBMITTER)])
    owners = [heavy] * HEAVY_COUNT + [next(others) for _ in range(applications - HEAVY_COUNT)]
    areas = itertools.cycle([a.id for a in round_.focus_areas])
    numbered = itertools.count(1)
    rows = [_application(round_, owner, STATUSES[n % len(STATUSES)], next(areas), numbered)
            for n, owner in enumerate(owners)]
    rows += [_application(round_, submitter, Status.DRAFT, next(areas), numbered) for _ in range(drafts)]
    db.session.execute(insert(Application), rows)
    app_ids = db.session.scalars(select(Application.id).order_by(Application.id)).all()
    db.session.execute(insert(BudgetLine), [
        {"application_id": a, "position": p, "item": item, "amount": amount}
        for a in app_ids for p, (item, amount) in enumerate((("Mat og drikke", 25_000), ("Leie av utstyr", 15_000)))])
    numbers = db.session.scalar(select(func.count()).where(Application.case_number.is_not(None)))
    db.session.add(CaseCounter(year=round_.year, last=numbers))
    db.session.flush()
    return {"round": round_.id, "applicants": len(ids), "applications": len(app_ids), "drafts": drafts}


def draft_ids() -> list[int]:
    """The submitter's drafts, oldest first: one for each submission."""
    return list(db.session.scalars(
        select(Application.id).join(User, Application.applicant_id == User.id)
        .where(User.email == SUBMITTER, Application.status == Status.DRAFT).order_by(Application.id)))


def _application(round_, owner: int, status: Status, focus_area: int, numbered) -> dict:
    now = utcnow()
    submitted = status != Status.DRAFT
    return {
        "round_id": round_.id, "applicant_id": owner, "status": status, "focus_area_id": focus_area,
        "case_number": f"{round_.year}-{next(numbered):04d}" if submitted else None,
        "title": "Sommerfest i Torstrandparken", "summary": "En fest for hele nabolaget.",
        "description": "Vi lager en fest med mat, musikk og leker for alle som bor på Torstrand.",
        "target_groups": ["everyone"], "location": "Torstrandparken",
        "start_date": date(2025, 6, 1), "end_date": date(2025, 6, 30), "expected_participants": 200,
        "other_funding": 0, "own_contribution": 5_000, "volunteer_hours": 120, "requested_amount": 40_000,
        "bank_account": "86011117947", "privacy_consent": True,
        "created_at": now - timedelta(days=3), "updated_at": now, "submitted_at": now if submitted else None,
    }


def _hash(password: str) -> str:
    user = User(email="-", name="-")
    user.set_password(password)
    return user.password_hash

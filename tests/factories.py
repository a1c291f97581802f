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


def make_draft(applicant: User | None = None, round_: Round | None = None, organisation=None,
               **fields) -> Application:
    """An application just started: a draft with nothing filled in but what ``fields`` give."""
    applicant = applicant or make_user()
    round_ = round_ or make_round()
    app = Application(round=round_, applicant=applicant, organisation=organisation, status=Status.DRAFT,
                      target_groups=[], **fields)
    db.session.add(app)
    db.session.flush()
    return app


def pdf_bytes(text: str = "Pristilbud") -> bytes:
    """A small, real PDF."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
# --- review and decisions -------------------------------------------------------------------------

def make_staff(*roles: str, **kwargs) -> User:
    """A user holding every one of ``roles`` (e.g. a reviewer who is also a decision maker)."""
    user = make_user(roles[0] if roles else "applicant", **kwargs)
    for role in roles[1:]:
        if not user.has_role(Role(role)):
            user.role_rows.append(UserRole(role=Role(role).value))
    db.session.flush()
    return user


def make_assignment(application: Application, reviewer: User, declared: bool | None = False,
                    reason: str = "Nabo av søkeren"):
    """``reviewer`` is given ``application``; ``declared``: False = no conflict, True = conflict, None = not yet."""
    from potten.review.models import ReviewAssignment

    found = ReviewAssignment(application_id=application.id, reviewer_id=reviewer.id, assigned_by_id=reviewer.id,
                             due_on=date.today() + timedelta(days=14))
    db.session.add(found)
    if declared is not None:
        make_declaration(application, reviewer, declared, reason)
    if application.status == Status.SUBMITTED:
        application.status = Status.IN_REVIEW
    db.session.flush()
    return found


def make_declaration(application: Application, user: User, conflict: bool = False, reason: str = "Nabo av søkeren"):
    from potten.review.models import ConflictDeclaration

    found = ConflictDeclaration(application_id=application.id, user_id=user.id, has_conflict=conflict,
                                reason=reason if conflict else "")
    db.session.add(found)
    db.session.flush()
    return found


def make_review(application: Application, reviewer: User | None = None, scores=(4, 4, 3, 3, 5),
                recommendation: str = "grant_full", amount: int | None = None, submitted: bool = True):
    """A review with ``scores`` in the order of the round's criteria, assigned and declared."""
    from potten.review.models import Review, Score

    reviewer = reviewer or make_user("reviewer")
    make_assignment(application, reviewer)
    criteria = application.round.criteria
    recommended = {"grant_full": application.requested_amount, "reject": 0}.get(recommendation, amount)
    review = Review(application_id=application.id, reviewer_id=reviewer.id, recommendation=recommendation,
                    justification="Et godt prosjekt for nabolaget.", recommended_amount=recommended,
                    scores=[Score(criterion_id=c.id, score=s, comment="Bra")
                            for c, s in zip(criteria, scores, strict=False)])
    if submitted:
        review.status, review.submitted_at = "submitted", utcnow()
        review.weighted_total = sum(c.weight * s for c, s in zip(criteria, scores, strict=False))
        review.weight_total = sum(c.weight for c in criteria[:len(scores)])
    db.session.add(review)
    db.session.flush()
    if submitted:
        from potten.review.operations import add_to_summary

        add_to_summary(review)
    return review
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


def session_token(user) -> str:
    """A new server-side session for ``user``, committed (for a test client's ``_user_id``)."""
    from potten.accounts import sessions

    token = sessions.create(user)
    db.session.commit()
    return token

"""A realistic world of any size, by bulk insert: for ``bench/pages.py`` (1 000 and 10 000 applications)
and for ``tests/test_statement_counts.py`` (a handful).

``build(n)`` makes one open round and ``n`` applications from other people in a mix of states, in the
proportions seen in a real round (per 10 000: 2 000 with three submitted reviews, 300 decisions with
their letters, 10 appeals, 220 assigned to one reviewer, about six audit entries each), plus a fixed
cast whose objects the pages are opened on: the staff (one of each role), and one applicant, member
of an organisation, whose applications are in every state a page needs (``World.named``).

Each kind of data is one step, a function of the ``World`` registered with ``@step`` and run in the
order registered. To add an area's data (payouts, final reports …), write one more step in this
file (or in a module imported at its end) that reads what the earlier steps made from ``World``
and adds its rows with ``insert_rows``; give its objects a name in ``world.named`` if a URL
parameter must point to one (``bench/routes.py`` maps URL parameter names to them).
"""
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from potten.accounts.models import Organisation, User, UserRole, memberships
from potten.applications.models import Application, Attachment, BudgetLine, CaseCounter
from potten.applications.workflow import Status
from potten.core.audit import AuditEntry
from potten.core.outbox import OutboxEntry
from potten.core.time import utcnow
from potten.decisions.models import Appeal, BudgetMove, Decision, DecisionDefaults, StandardReason
from potten.demo import demo_round
from potten.extensions import db
from potten.letters.models import Letter
from potten.review.models import ConflictDeclaration, InfoRequest, Review, ReviewAssignment, Score

PASSWORD = "benk-passord-123"
STAFF_ROLES = ("reviewer", "decision_maker", "finance", "admin")
OWNER = "soker@example.no"  # the applicant whose pages are measured
PANEL = 6  # reviewers besides the measured one

# Per application of the mass (fractions of n), after the figures of issue 15 (per 10 000).
SHARES = {"drafts": 0.10, "reviewed": 0.20, "decided": 0.03, "appeals": 0.001, "assigned": 0.022,
          "questions": 0.01, "applicants": 0.2, "organisations": 0.02}
AUDIT_PER_APPLICATION = 6


@dataclass
class World:
    n: int
    now: object = field(default_factory=utcnow)
    round_id: int = 0
    focus_areas: list[int] = field(default_factory=list)
    criteria: list[tuple[int, int]] = field(default_factory=list)  # (id, weight)
    users: dict[str, int] = field(default_factory=dict)  # "reviewer", "decision_maker", …, "owner", "panel0" …
    applicants: list[int] = field(default_factory=list)
    named: dict[str, int] = field(default_factory=dict)  # "application", "draft", "appeal", … → id
    organisations: list[int] = field(default_factory=list)
    mass: list[dict] = field(default_factory=list)  # the mass's applications: {"id", "status", "owner", …}

    def share(self, name: str) -> int:
        """How many of the mass get ``name``: the share of n; in a tiny world (the test's) a few more
        than that, so that every list has rows and grows with n."""
        if self.n >= 100:
            return max(1, round(SHARES[name] * self.n))
        return (1 + self.n // 6) * (2 if name == "reviewed" else 1)


    def detail(self) -> int:
        """How many children each named object has (reviews, questions, attachments, members): three, as is
        usual; in a tiny world more at the larger size, so that a page asking once per child is seen."""
        return 3 if self.n >= 100 else 2 + self.n // 6


STEPS: list[Callable[[World], None]] = []


def step(function: Callable[[World], None]) -> Callable[[World], None]:
    STEPS.append(function)
    return function


def build(n: int) -> World:
    """Fill the (empty) schema with a world of ``n`` applications besides the named ones; the caller commits."""
    world = World(n)
    for run in STEPS:
        run(world)
        db.session.flush()
    return world


def insert_rows(model, rows: list[dict], chunk: int = 5_000) -> None:
    for start in range(0, len(rows), chunk):
        if rows[start:start + chunk]:
            db.session.execute(insert(model), rows[start:start + chunk])


def ids_of(model, column, values) -> dict:
    """``value → id`` for rows of ``model`` whose ``column`` is in ``values``."""
    found = {}
    values = list(values)
    for start in range(0, len(values), 5_000):
        found.update(db.session.execute(select(column, model.id).where(column.in_(values[start:start + 5_000]))).all())
    return found


# --- people and the round ---------------------------------------------------------------------------

@step
def people(world: World) -> None:
    round_ = demo_round(world.now)
    db.session.add(round_)
    db.session.flush()
    world.round_id = round_.id
    world.focus_areas = [a.id for a in round_.focus_areas]
    world.criteria = [(c.id, c.weight) for c in round_.criteria]
    password_hash = _hash(PASSWORD)
    staff = {role: f"{role.replace('_', '.')}@example.no" for role in STAFF_ROLES}
    panel = {f"panel{i}": f"panel{i}@example.no" for i in range(PANEL)}
    applicants = [f"soker{i}@example.no" for i in range(world.share("applicants"))]
    emails = {**staff, **panel, "owner": OWNER, "member": "medlem@example.no"}
    insert_rows(User, [{"email": e, "name": _name(i), "password_hash": password_hash, "locale": "nb",
                        "email_verified_at": world.now, "created_at": world.now - timedelta(days=400 - i % 300),
                        "active": True} for i, e in enumerate(list(emails.values()) + applicants)])
    ids = ids_of(User, User.email, list(emails.values()) + applicants)
    world.users = {key: ids[e] for key, e in emails.items()}
    world.applicants = [ids[e] for e in applicants]
    roles = [{"user_id": i, "role": "applicant"} for i in ids.values()]
    roles += [{"user_id": world.users[r], "role": r} for r in STAFF_ROLES]
    roles += [{"user_id": world.users[p], "role": "reviewer"} for p in panel]
    insert_rows(UserRole, roles)

    organisations = world.share("organisations") + 1
    insert_rows(Organisation, [{"name": f"Torstrand {_ORG_WORDS[i % len(_ORG_WORDS)]} {i}", "kind": "association",
                                "orgnr": _orgnr(i), "contact_name": "Kari Kontakt",
                                "contact_email": f"lag{i}@example.no", "address": "Torstrandgata 1",
                                "postcode": "3263", "city": "Larvik", "created_at": world.now}
                               for i in range(organisations)])
    orgs = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
    world.named["organisation"] = orgs[0]
    members = [(world.users["owner"], orgs[0]), (world.users["member"], orgs[0])]
    members += [(a, orgs[0]) for a in world.applicants[1:world.detail() - 1]]
    members += [(a, orgs[1 + i % (len(orgs) - 1)]) for i, a in enumerate(world.applicants[::7])]
    db.session.execute(insert(memberships), [{"user_id": u, "organisation_id": o} for u, o in members])
    world.organisations = orgs

    db.session.add_all([DecisionDefaults(round_id=world.round_id),
                        StandardReason(text="Søknaden er utenfor formålet med ordningen.",
                                       text_en="The application is outside the purpose of the scheme."),
                        StandardReason(text="Budsjettet for innsatsområdet er brukt opp.")])
    insert_rows(BudgetMove, [{"round_id": world.round_id, "from_area_id": world.focus_areas[3],
                              "to_area_id": world.focus_areas[i % 3], "amount": 10_000 + i,
                              "reason": "Flere gode søknader enn ventet.", "moved_by_id": world.users["admin"],
                              "moved_at": world.now - timedelta(days=i)} for i in range(3)])


# --- applications --------------------------------------------------------------------------------

NAMED_APPLICATIONS = {  # what each named application of the owner is for, and its state
    "application": Status.APPEALED,  # decided, reviewed, its letter sent and appealed: the richest page
    "reviewing": Status.IN_REVIEW,  # the measured reviewer's draft review
    "question": Status.INFO_REQUESTED,  # an open question to the applicant
    "decided": Status.REJECTED,  # decided, letter sent, no appeal yet
    "draft": Status.DRAFT,
}


@step
def applications(world: World) -> None:
    year = 2025
    numbers = itertools.count(1)
    rows, owners = [], []
    for key, status in NAMED_APPLICATIONS.items():
        org = world.named["organisation"] if key != "draft" else None
        rows.append(_application(world, world.users["owner"], org, status, world.focus_areas[0], numbers, year,
                                 title=f"Bench {key}"))
        owners.append(key)
    drafts = world.share("drafts")
    reviewed = world.share("reviewed")
    decided = min(world.share("decided"), reviewed)
    orgs = world.organisations[1:]
    for i in range(world.n):
        if i < drafts:
            status = Status.DRAFT
        elif i < drafts + decided:
            status = (Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED)[i % 3]
        elif i < drafts + reviewed:
            status = Status.IN_REVIEW
        else:
            status = Status.SUBMITTED
        owner = world.applicants[i % len(world.applicants)]
        org = orgs[i % len(orgs)] if i % 4 == 0 else None
        rows.append(_application(world, owner, org, status, world.focus_areas[i % len(world.focus_areas)],
                                 numbers, year, title=f"{_TITLES[i % len(_TITLES)]} {i}"))
    insert_rows(Application, rows)
    found = db.session.execute(select(Application.id, Application.title, Application.status, Application.applicant_id,
                                      Application.requested_amount, Application.focus_area_id)
                               .where(Application.round_id == world.round_id).order_by(Application.id)).all()
    by_title = {r.title: r for r in found}
    for key in NAMED_APPLICATIONS:
        world.named[key] = by_title[f"Bench {key}"].id
    world.mass = [{"id": r.id, "status": r.status, "owner": r.applicant_id, "requested": r.requested_amount,
                   "area": r.focus_area_id} for r in found if not r.title.startswith("Bench ")]
    insert_rows(BudgetLine, [{"application_id": r.id, "position": p, "item": item, "amount": amount}
                             for r in found for p, (item, amount) in enumerate(_BUDGET)])
    db.session.add(CaseCounter(year=year, last=next(numbers) - 1))
    insert_rows(Attachment, [{"application_id": world.named[key], "filename": f"pristilbud-{i}.pdf",
                              "content_type": "application/pdf", "size": 8, "sha256": "0" * 64, "data": b"%PDF-1.4",
                              "uploaded_by_id": world.users["owner"], "created_at": world.now}
                             for key in ("application", "draft") for i in range(world.detail())])
    world.named["attachment"] = db.session.scalar(select(Attachment.id).where(
        Attachment.application_id == world.named["application"]).order_by(Attachment.id).limit(1))


# --- review ----------------------------------------------------------------------------------------

@step
def reviews(world: World) -> None:
    """Three submitted reviews on every reviewed application; the measured reviewer's own work list."""
    reviewer, named = world.users["reviewer"], world.named
    panel = [world.users[f"panel{i}"] for i in range(PANEL)]
    in_review = [a for a in world.mass if a["status"] != Status.DRAFT and a["status"] != Status.SUBMITTED]
    assigned = world.share("assigned")
    mine = in_review[:assigned]  # the measured reviewer: half done, half to do
    reviews, assignments, declarations = [], [], []
    for i, a in enumerate(in_review):
        team = [reviewer] + panel[:2] if a in mine else [panel[(i + k) % PANEL] for k in range(3)]
        for k, who in enumerate(team):
            submitted = not (who == reviewer and i % 2)
            reviews.append(_review(world, a["id"], a["requested"], who, submitted, seed=i + k))
            assignments.append(_assignment(world, a["id"], who, i))
            declarations.append(_declaration(world, a["id"], who))
    for key in ("application", "decided"):
        for k, who in enumerate([reviewer] + panel[:world.detail() - 1]):
            reviews.append(_review(world, named[key], 40_000, who, True, seed=k))
            assignments.append(_assignment(world, named[key], who, k))
            declarations.append(_declaration(world, named[key], who))
    reviews.append(_review(world, named["reviewing"], 40_000, reviewer, False, seed=1))
    assignments.append(_assignment(world, named["reviewing"], reviewer, 1))
    declarations.append(_declaration(world, named["reviewing"], reviewer))
    for key in ("application", "reviewing", "question", "decided"):  # the managers have looked at these
        for role in ("decision_maker", "admin"):
            declarations.append(_declaration(world, named[key], world.users[role]))
    for a in world.mass[:: max(1, len(world.mass) // 50)]:  # and at some of the mass
        if a["status"] != Status.DRAFT:
            declarations += [_declaration(world, a["id"], world.users[r]) for r in ("decision_maker", "admin")]
    insert_rows(ReviewAssignment, assignments)
    insert_rows(ConflictDeclaration, list({(d["application_id"], d["user_id"]): d for d in declarations}.values()))
    insert_rows(Review, [{k: v for k, v in r.items() if k != "scores"} for r in reviews])
    review_ids = {(a, u): i for i, a, u in db.session.execute(
        select(Review.id, Review.application_id, Review.reviewer_id)).all()}
    insert_rows(Score, [{"review_id": review_ids[(r["application_id"], r["reviewer_id"])], **s}
                        for r in reviews for s in r["scores"]])
    # review_summary is kept by the database's triggers on review (potten/review/summary.py)

    questions = [a for a in world.mass if a["status"] == Status.IN_REVIEW][:world.share("questions")]
    asked = [{"application_id": a["id"], "question": "Kan dere sende et pristilbud på leie av scenen?",
              "asked_by_id": reviewer, "asked_at": world.now - timedelta(days=3),
              "answer": "Ja, det ligger ved nå.", "answered_by_id": a["owner"],
              "answered_at": world.now - timedelta(days=1)} for a in questions]
    asked += [{"application_id": named["question"], "question": "Hvem eier lokalet?", "asked_by_id": reviewer,
               "asked_at": world.now - timedelta(days=1)},
              *({"application_id": named["application"], "question": "Hvor mange frivillige blir med?",
                 "asked_by_id": [reviewer, *panel][k % (PANEL + 1)], "asked_at": world.now - timedelta(days=30 - k),
                 "answer": "Tjue.", "answered_by_id": world.users["owner"],
                 "answered_at": world.now - timedelta(days=29 - k)} for k in range(world.detail()))]
    insert_rows(InfoRequest, asked)


# --- decisions, letters, appeals --------------------------------------------------------------------

@step
def decisions(world: World) -> None:
    decided = [a for a in world.mass if a["status"] in (Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED)]
    decided += [{"id": world.named["application"], "status": Status.APPROVED, "owner": world.users["owner"],
                 "requested": 40_000, "area": world.focus_areas[0]},
                {"id": world.named["decided"], "status": Status.REJECTED, "owner": world.users["owner"],
                 "requested": 40_000, "area": world.focus_areas[0]}]
    from potten.rounds.models import FocusArea

    budgets = dict(db.session.execute(select(FocusArea.id, FocusArea.budget)).all())
    committed = dict.fromkeys(budgets, 0)
    refused = []
    rows = []
    # the named applications are decided first, so that the money left for them (and so their state) is the
    # same at every size; the mass, decided after them, is refused once the focus area's budget is spent
    named = {world.named["application"], world.named["decided"]}
    for a in sorted(decided, key=lambda a: a["id"] not in named):
        granted = {Status.APPROVED: a["requested"], Status.PARTLY_APPROVED: a["requested"] // 2}.get(a["status"], 0)
        if committed[a["area"]] + granted > budgets[a["area"]]:  # the money has run out: the rest are refused
            granted, a["status"] = 0, Status.REJECTED
            refused.append(a["id"])
        committed[a["area"]] += granted
        rows.append({"application_id": a["id"], "outcome": a["status"].value, "requested_amount": a["requested"],
                     "granted_amount": granted, "reasons": "" if granted else "Budsjettet er brukt opp.",
                     "standard_reasons": [], "conditions": "Sluttrapport innen fristen.",
                     "report_due": date(2025, 12, 31), "after_appeal": False,
                     "decided_by_id": world.users["decision_maker"], "decided_at": world.now - timedelta(days=5),
                     "notified_at": world.now - timedelta(days=4), "in_force": True})
        a["granted"] = granted
    insert_rows(Decision, rows)
    decision_ids = dict(db.session.execute(select(Decision.application_id, Decision.id)).all())
    world.named["decision"] = decision_ids[world.named["application"]]
    if refused:
        db.session.execute(update(Application).where(Application.id.in_(refused)).values(status=Status.REJECTED))
    for area, amount in committed.items():
        db.session.get(FocusArea, area).committed = amount

    entries = []
    for i, a in enumerate(decided):
        failed = i % 50 == 7
        entries.append({"job": "build_letter", "queue": "letters", "payload": {"application": a["id"]},
                        "status": "done", "attempts": 1, "created_at": world.now - timedelta(days=5),
                        "done_at": world.now - timedelta(days=5)})
        entries.append({"job": "send_mail", "queue": "mail", "payload": {"application": a["id"]},
                        "status": "failed" if failed else "done", "attempts": 4 if failed else 1,
                        "created_at": world.now - timedelta(days=5), "last_error": "550 mailbox full" if failed
                        else None, "done_at": None if failed else world.now - timedelta(days=4)})
    insert_rows(OutboxEntry, entries)
    entry_ids = db.session.scalars(select(OutboxEntry.id).order_by(OutboxEntry.id)).all()[-len(entries):]
    owners = {a["id"]: a["owner"] for a in decided}
    emails = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(set(owners.values())))).all())
    insert_rows(Letter, [{"application_id": a["id"], "decision_id": decision_ids[a["id"]], "kind": "decision",
                          "locale": "nb", "recipient_email": emails[owners[a["id"]]],
                          "filename": f"vedtak-{a['id']}.docx", "data": {}, "content": b"PK\x03\x04 bench",
                          "pdf": b"%PDF-1.7 bench",
                          "size": 13, "sha256": "0" * 64, "created_at": world.now - timedelta(days=5, seconds=-i),
                          "built_at": world.now - timedelta(days=5), "build_entry_id": entry_ids[2 * i],
                          "mail_entry_id": entry_ids[2 * i + 1]} for i, a in enumerate(decided)])
    world.named["letter"] = db.session.scalar(select(Letter.id).where(Letter.application_id
                                                                      == world.named["application"]))

    appealed = [a for a in decided if a["id"] != world.named["decided"]][-world.share("appeals") - 1:]
    insert_rows(Appeal, [{"application_id": a["id"], "decision_id": decision_ids[a["id"]],
                          "text": "Vi mener budsjettet ble lest feil.", "filed_by_id": a["owner"],
                          "filed_at": world.now - timedelta(days=2), "late": False, "state": "filed"}
                         for a in appealed])
    world.named["appeal"] = db.session.scalar(select(Appeal.id).where(Appeal.application_id
                                                                      == world.named["application"]))


# --- the audit log ----------------------------------------------------------------------------------

_AUDIT = [("application.created", "Application"), ("application.updated", "Application"),
          ("application.submitted", "Application"), ("review.assigned", "ReviewAssignment"),
          ("review.submitted", "Review"), ("decision.made", "Decision")]


@step
def audit_log(world: World) -> None:
    """About six entries per application, spread over the weeks of the round, oldest first."""
    apps = [a["id"] for a in world.mass] + [world.named[k] for k in NAMED_APPLICATIONS]
    actors = [world.users["owner"], world.users["reviewer"], world.users["decision_maker"], world.users["admin"]]
    total = len(apps) * AUDIT_PER_APPLICATION
    rows = []
    for i in range(total):
        app_id = apps[i % len(apps)]
        action, kind = _AUDIT[(i // len(apps)) % len(_AUDIT)]
        rows.append({"at": world.now - timedelta(seconds=(total - i) * 30), "actor_id": actors[i % len(actors)],
                     "action": action, "object_type": kind, "object_id": app_id, "application_id": app_id,
                     "before": {"status": "draft"}, "after": {"status": "submitted"}, "ip": "127.0.0.1"})
    for i in range(1 + world.n // 4):  # changes to the round (its page shows the latest 20), by several people
        rows.append({"at": world.now - timedelta(days=30, seconds=-i), "actor_id": actors[-1 - i % len(actors)],
                     "action": "round.updated", "object_type": "Round", "object_id": world.round_id,
                     "application_id": None, "before": {"max_amount": 90_000}, "after": {"max_amount": 100_000},
                     "ip": "127.0.0.1"})
    rows.append({"at": world.now, "actor_id": world.users["admin"], "action": "user.role_granted",
                 "object_type": "User", "object_id": world.users["reviewer"], "application_id": None,
                 "before": None, "after": {"role": "reviewer"}, "ip": "127.0.0.1"})
    insert_rows(AuditEntry, rows)


# --- helpers ---------------------------------------------------------------------------------------

_TITLES = ["Sommerfest i Torstrandparken", "Leksehjelp for alle", "Benker langs elva", "Strikkekafé",
           "Fotballturnering for unge", "Loppemarked", "Dugnad i bakgården", "Julegrantenning"]
_ORG_WORDS = ["Vel", "Idrettslag", "Sanitetsforening", "Korps", "Seniorklubb", "Ungdomsklubb"]
_BUDGET = (("Mat og drikke", 25_000), ("Leie av utstyr", 15_000))
_SCORES = [(4, 4, 3, 3, 5), (5, 4, 4, 2, 3), (3, 3, 3, 4, 4), (2, 3, 4, 3, 2), (5, 5, 4, 4, 5)]


def _name(i: int) -> str:
    first = ["Kari", "Ola", "Aisha", "Øyvind", "Åse", "Mohammed", "Ingrid", "Lars", "Zofia", "Ærling"]
    last = ["Nordmann", "Hansen", "Larsen", "Ødegård", "Berg", "Ali", "Strand", "Aas"]
    return f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]}"


def _orgnr(i: int) -> str:
    """A valid organisation number (mod 11), different for each ``i``."""
    for k in itertools.count(i * 10):
        base = f"9{k:07d}"[:8]
        total = sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return base + str(check)
    raise AssertionError


def _application(world, owner, organisation, status, area, numbers, year, title) -> dict:
    submitted = status != Status.DRAFT
    return {"round_id": world.round_id, "applicant_id": owner, "organisation_id": organisation, "status": status,
            "focus_area_id": area, "case_number": f"{year}-{next(numbers):04d}" if submitted else None,
            "title": title, "summary": "En fest for hele nabolaget.",
            "description": "Vi lager en fest med mat, musikk og leker for alle som bor på Torstrand.",
            "target_groups": ["everyone"], "location": "Torstrandparken", "start_date": date(2025, 6, 1),
            "end_date": date(2025, 6, 30), "expected_participants": 200, "other_funding": 0,
            "own_contribution": 5_000, "volunteer_hours": 120, "requested_amount": 40_000,
            "bank_account": "86011117947", "privacy_consent": True, "created_at": world.now - timedelta(days=20),
            "updated_at": world.now - timedelta(days=10), "submitted_at": world.now - timedelta(days=10)
            if submitted else None}


def _review(world, application_id, requested, reviewer, submitted, seed) -> dict:
    scores = _SCORES[seed % len(_SCORES)]
    recommendation = ("grant_full", "grant_part", "reject")[seed % 3]
    amount = {"grant_full": requested, "grant_part": requested // 2, "reject": 0}[recommendation]
    weights = [w for _, w in world.criteria]
    return {"application_id": application_id, "reviewer_id": reviewer, "status": "submitted" if submitted else "draft",
            "recommendation": recommendation, "recommended_amount": amount,
            "justification": "Et godt prosjekt for nabolaget.",
            "weighted_total": sum(w * s for w, s in zip(weights, scores, strict=False)) if submitted else None,
            "weight_total": sum(weights) if submitted else None, "updated_at": world.now,
            "submitted_at": world.now - timedelta(days=2) if submitted else None,
            "scores": [{"criterion_id": c, "score": s, "comment": "Bra"}
                       for (c, _), s in zip(world.criteria, scores, strict=False)]}


def _assignment(world, application_id, reviewer, i) -> dict:
    return {"application_id": application_id, "reviewer_id": reviewer,
            "due_on": (world.now + timedelta(days=7 + i % 20)).date(),
            "assigned_by_id": world.users["decision_maker"], "assigned_at": world.now - timedelta(days=8)}


def _declaration(world, application_id, user) -> dict:
    return {"application_id": application_id, "user_id": user, "has_conflict": False, "reason": "",
            "declared_at": world.now - timedelta(days=7)}


def _hash(password: str) -> str:
    user = User(email="-", name="-")
    user.set_password(password)
    return user.password_hash


from bench import world_money  # noqa: E402,F401  (its steps: last year's grants, payouts and reports)

"""Every GET route of the app, found from its URL map, with the URL to open it on a ``bench.world`` World
and the roles to open it as. Shared by ``bench/pages.py`` and ``tests/test_statement_counts.py``.

A URL parameter is filled by its name (``PARAMETERS``); a page that needs its object in a particular
state names the one it needs in ``PAGE_OBJECTS`` (e.g. the scoring form opens on an application the
reviewer has not yet submitted). A new route is found and measured without anyone adding it here,
unless it brings a parameter name nobody has filled yet: then ``path_for`` says so.
"""
from dataclasses import dataclass

ROLES = ("anonymous", "owner", "reviewer", "decision_maker", "finance", "admin")

MISSING = 999_999  # names no object


def _first(*tables: str):
    """The first row of the first of ``tables`` that has one (areas whose data the world does not make yet)."""
    def value(w):
        from sqlalchemy import select

        from potten.extensions import db

        for name in tables:
            table = db.metadata.tables.get(name)
            found = db.session.scalar(select(table.c.id).order_by(table.c.id).limit(1)) if table is not None else None
            if found is not None:
                return found
        return MISSING
    return value


PARAMETERS = {  # URL parameter name → its value in the world
    "round_id": lambda w: w.round_id,
    "focus_area_id": lambda w: w.focus_areas[0],
    "criterion_id": lambda w: w.criteria[0][0],
    "application_id": lambda w: w.named["application"],
    "attachment_id": lambda w: w.named["attachment"],
    "user_id": lambda w: w.users["owner"],
    "organisation_id": lambda w: w.named["organisation"],
    "letter_id": lambda w: w.named["letter"],
    "appeal_id": lambda w: w.named["appeal"],
    "decision_id": lambda w: w.named["decision"],
    "report_id": lambda w: w.named["report"],
    "claim_id": lambda w: w.named["claim"],
    "annual_report_id": lambda w: w.named["annual_report"],
    "kind": lambda w: "docx",
    "payout_id": _first("payout"),
    "batch_id": lambda w: w.named["batch"],
    "entry_id": _first("outbox_entry"),
    "review_id": _first("review"),
    "reason_id": _first("standard_reason"),
}



def _named(key: str):
    return lambda w: w.named[key]


def _owner_token(kind: str):
    def token(w):
        from potten.accounts import tokens
        from potten.accounts.models import User
        from potten.extensions import db

        return getattr(tokens, kind)(db.session.get(User, w.users["owner"]))
    return token


PAGE_OBJECTS = {  # endpoint → {parameter: its value, for a page that needs its object in some state}
    "reports.answer_claim": {"application_id": _named("reported")},  # the claim on it awaits the answer
    "reports.answer_file": {"claim_id": _named("answered_claim")},
    "applications.about": {"application_id": _named("draft")},
    "applications.budget": {"application_id": _named("draft")},
    "applications.attachments": {"application_id": _named("draft")},
    "applications.check": {"application_id": _named("draft")},
    "applications.withdraw": {"application_id": _named("reviewing")},
    "review.score": {"application_id": _named("reviewing")},
    "review.answer_question": {"application_id": _named("question")},
    "review.assign": {"application_id": _named("reviewing")},
    "decisions.decide": {"application_id": _named("reviewing")},
    "decisions.file_appeal_page": {"application_id": _named("decided")},
    "finance.answer": {"application_id": _named("to_accept")},
    "finance.request_payout": {"application_id": _named("granted")},
    "finance.change_account": {"application_id": _named("granted")},
    "finance.case": {"application_id": _named("granted")},
    "reports.edit": {"application_id": _named("granted")},
    "reports.download": {"attachment_id": _named("report_attachment")},
    "accounts.verify_email": {"token": _owner_token("verification_token")},
    "accounts.reset_password": {"token": _owner_token("reset_token")},
}
ANSWERS = {  # endpoint → the status its page answers with, when not 200
    "accounts.verify_email": 302,  # a confirmed address: the link sends its reader on
}
NOT_MEASURED = {"static", "public.vendor", "public.fonts"}  # files served from disk by name: no page, no statements


@dataclass(frozen=True)
class Page:
    endpoint: str
    rule: str
    path: str

    @property
    def answer(self) -> int:
        """The status the page answers a role that may open it."""
        return ANSWERS.get(self.endpoint, 200)


def parameters(rule) -> set[str]:
    return set(rule.arguments) - set(rule.defaults or {})


def path_for(rule, world) -> str:
    names = parameters(rule)
    own = PAGE_OBJECTS.get(rule.endpoint, {})
    unknown = sorted(n for n in names if n not in PARAMETERS and n not in own)
    if unknown:
        raise LookupError(f"{rule.rule} has the URL parameter(s) {', '.join(unknown)}: add them to PARAMETERS in "
                          f"bench/routes.py (and their object to bench/world.py)")
    values = {name: (own.get(name) or PARAMETERS[name])(world) for name in names}
    return rule.build({**(rule.defaults or {}), **values})[1]


def get_pages(app, world) -> list[Page]:
    """Every GET route of ``app`` with the URL that opens it on ``world``, in the order of the rules."""
    rules = sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint not in NOT_MEASURED
                    and not r.endpoint.startswith("bench_")), key=lambda r: (r.rule, r.endpoint))
    return [Page(r.endpoint, r.rule, path_for(r, world)) for r in rules]


def user_for(role: str, world) -> int | None:
    return None if role == "anonymous" else world.users[role]


def visitor(app, user_id: int | None):
    """A test client of ``app`` logged in as the user ``user_id`` (None: anonymous)."""
    from potten.accounts.models import User
    from potten.extensions import db

    client = app.test_client()
    if user_id is not None:
        user = db.session.get(User, user_id)
        token = user.get_id()  # a server-side session: kept only once committed
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
    return client


def count(client, path: str) -> tuple[int, int]:
    """(status, SQL statements) of a GET of ``path`` as a fresh request: nothing kept in the session or in g
    (the caller holds one app context for all its requests)."""
    from flask import g
    from sqlalchemy import event

    from potten.extensions import db

    found = [0]

    def counter(*args):
        found[0] += 1

    db.session.remove()
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        status = client.get(path).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return status, found[0]


def statement_counts(app, world) -> dict[tuple[str, str], tuple[bool, int, int]]:
    """``(rule, role) → (opened, status, statements)`` for every page and role on ``world``; ``opened``:
    the role got the page (its status is the page's answer). Run inside an app context."""
    clients = {role: visitor(app, user_for(role, world)) for role in ROLES}
    found = {}
    for page in get_pages(app, world):
        for role, client in clients.items():
            status, statements = count(client, page.path)
            found[(page.rule, role)] = (status == page.answer, status, statements)
    return found

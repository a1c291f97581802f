"""One of each object a URL can name, and the users of every role, for the access table.

``PARAMETERS`` fills a URL parameter by its name (or, first, by endpoint and name). A rule with a parameter
not here fails the test: add it, and its object to ``build_world``.
"""
import hashlib
from dataclasses import dataclass, field

from potten.accounts.invitations import Invitation
from potten.accounts.models import User
from potten.applications.models import Attachment
from potten.applications.workflow import Status
from potten.core.outbox import FAILED, OutboxEntry
from potten.core.time import utcnow
from potten.decisions.models import Appeal, StandardReason
from potten.extensions import db
from potten.letters.models import Letter
from tests.access.roles import ROLES
from tests.factories import (
    make_application,
    make_assignment,
    make_decision,
    make_declaration,
    make_organisation,
    make_review,
    make_round,
    make_user,
)

PARAMETERS = {  # (endpoint, name) or name → its value in the world
    ("public.vendor", "filename"): lambda w: "designsystemet-css/dist/src/index.css",
    ("public.fonts", "filename"): lambda w: "index.css",
    "filename": lambda w: "potten.css",
    "round_id": lambda w: w.round.id,
    "focus_area_id": lambda w: w.application.focus_area_id,
    "criterion_id": lambda w: w.round.criteria[0].id,
    "application_id": lambda w: w.application.id,
    "attachment_id": lambda w: w.attachment.id,
    "user_id": lambda w: w.users["reviewer"].id,
    "organisation_id": lambda w: w.organisation.id,
    "entry_id": lambda w: w.outbox_entry.id,
    "letter_id": lambda w: w.letter.id,
    "appeal_id": lambda w: w.appeal.id,
    "invitation_id": lambda w: w.invitation.id,
    "reason_id": lambda w: w.reason.id,
    "token": lambda w: "not-a-valid-token",  # e-mail links: a wrong token gives a clear page, never 500
    # finance and reports: no such object in this world yet (their own tables, tests/reports/test_access.py,
    # build one); the rows check the role gates and that nobody learns anything from an unknown id
    "report_id": lambda w: MISSING,
    "claim_id": lambda w: MISSING,
    "annual_report_id": lambda w: MISSING,
    "kind": lambda w: "docx",
    "payout_id": lambda w: MISSING,
    "batch_id": lambda w: MISSING,
}
MISSING = 999_999


@dataclass
class World:
    round: object
    organisation: object
    application: object  # in review: assigned to "reviewer" and "reviewer_conflicted"
    attachment: Attachment
    decided: object  # approved, with its letter and an appeal
    letter: Letter
    appeal: Appeal
    invitation: Invitation  # from the owner's organisation to the stranger
    outbox_entry: OutboxEntry
    reason: StandardReason
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    round_ = make_round()
    users = {role: make_user(_account_role(role), name=f"Rolle {role}") for role in ROLES if role != "anonymous"}
    owner = users["owner"]
    organisation = make_organisation(members=[owner])
    application = make_application(applicant=owner, round_=round_, organisation=organisation, status=Status.SUBMITTED)
    attachment = Attachment(application=application, filename="budsjett.pdf", content_type="application/pdf",
                            size=8, sha256=hashlib.sha256(b"%PDF-1.4").hexdigest(), data=b"%PDF-1.4",
                            uploaded_by_id=owner.id)
    db.session.add(attachment)
    make_review(application, users["reviewer"])
    make_assignment(application, users["reviewer_conflicted"], declared=True, reason="Søkeren er min bror")

    decided = make_application(applicant=owner, round_=round_, status=Status.SUBMITTED, title="Lekeplassdugnad")
    for person in (users["decision_maker"], users["admin"]):
        for case in (application, decided):
            make_declaration(case, person)
    for case in (application, decided):
        make_declaration(case, users["decision_maker_conflicted"], conflict=True, reason="Styremedlem i laget")
    decision = make_decision(decided, decided_by=users["decision_maker"])
    letter = Letter(application_id=decided.id, decision_id=decision.id, recipient_email=owner.email,
                    filename="vedtak.docx", data={}, content=b"PK\x03\x04", size=4,
                    pdf=b"%PDF-1.7\n%%EOF\n")
    appeal = Appeal(application_id=decided.id, decision_id=decision.id, text="Vi ber om mer.", filed_by_id=owner.id)
    invitation = Invitation(organisation=organisation, email=users["stranger"].email, invited_by=owner,
                            invited_at=utcnow())
    entry = OutboxEntry(job="send_mail", queue="mail", status=FAILED, payload={"to": owner.email})
    reason = StandardReason(text="Søknaden ligger utenfor ordningen.", text_en="The application is outside the scheme.")
    db.session.add_all([letter, appeal, invitation, entry, reason])
    db.session.commit()
    return World(round_, organisation, application, attachment, decided, letter, appeal, invitation, entry, reason,
                 users)


def _account_role(role: str) -> str:
    return {"owner": "applicant", "stranger": "applicant", "reviewer_unassigned": "reviewer",
            "reviewer_conflicted": "reviewer", "decision_maker_conflicted": "decision_maker"}.get(role, role)


def parameters(rule) -> set[str]:
    """The parameters a URL needs (those the rule gives itself as defaults excluded)."""
    return set(rule.arguments) - set(rule.defaults or {})


def path_for(rule, world: World) -> str:
    values = {}
    for name in parameters(rule):
        fill = PARAMETERS.get((rule.endpoint, name)) or PARAMETERS.get(name)
        if fill is None:
            raise LookupError(f"{rule.rule} has the URL parameter {name}, which the access test cannot fill: add "
                              f"it to PARAMETERS in tests/access/world.py (and its object to build_world)")
        values[name] = fill(world)
    return rule.build({**(rule.defaults or {}), **values})[1]

"""A grant as the service makes it: a real decision (``decide``), then the applicant's real answer."""
from datetime import date, timedelta

from potten.applications.workflow import Status
from potten.core.time import utcnow
from potten.decisions.acceptance import accept_grant
from potten.decisions.operations import decide
from potten.extensions import db
from potten.finance import batches, operations
from potten.finance.models import Payout
from tests.factories import make_application, make_declaration, make_round, make_user


def decided(plan: str = "at_acceptance", amount: int = 40_000, advance: int = 75, round_=None, applicant=None,
            organisation=None, maker=None, days: int = 21):
    """A submitted application granted ``amount`` by a decision maker, the letter gone out today."""
    round_ = round_ or make_round()
    round_.payout_plan, round_.advance_percent, round_.acceptance_days = plan, advance, days
    applicant = applicant or make_user(name="Siri Søker")
    application = make_application(applicant=applicant, round_=round_, status=Status.SUBMITTED, requested=amount,
                                   organisation=organisation)
    maker = maker or make_user("decision_maker", name="Pia Programleder")
    make_declaration(application, maker)
    decision = decide(application, Status.APPROVED, None, "", [], "Vilkår", date.today() + timedelta(days=90),
                      maker)
    decision.notified_at = utcnow()
    db.session.commit()
    return application, decision


def accepted(plan: str = "at_acceptance", amount: int = 40_000, **kwargs):
    application, decision = decided(plan, amount, **kwargs)
    accept_grant(decision, application.applicant)
    db.session.commit()
    return application, decision


def payouts(application) -> list[Payout]:
    db.session.expire_all()
    return db.session.query(Payout).filter_by(application_id=application.id).order_by(Payout.position).all()


def officers(n: int = 2):
    return [make_user("finance", name=f"Økonomi {i + 1}") for i in range(n)]


def to_authorised(application, attestant, authoriser, amount: int | None = None) -> Payout:
    payout = operations.request_payout(application, amount or operations.due_now(application),
                                       application.applicant)
    operations.attest(payout, payout.version, True, attestant)
    operations.authorise(payout, payout.version, authoriser)
    db.session.commit()
    return payout


def to_sent(application, attestant, authoriser, amount: int | None = None):
    payout = to_authorised(application, attestant, authoriser, amount)
    batch = batches.send_to_payment([payout.id], {payout.id: payout.version}, authoriser)
    db.session.commit()
    return payout, batch


def paid(applications, attestant, authoriser) -> None:
    """The first payout of each of ``applications`` sent and paid, committed."""
    for application in applications:
        payout, _ = to_sent(application, attestant, authoriser)
        operations.mark_paid(payout, payout.version, attestant)
    db.session.commit()

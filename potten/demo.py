"""The demo: the round Nabolagspotten 2025 from the action plan, and one account per role."""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from potten.accounts.models import User, UserRole
from potten.core import audit
from potten.core.roles import Role
from potten.core.time import oslo_to_utc, utcnow
from potten.extensions import db
from potten.rounds.models import Criterion, FocusArea, Round

FOCUS_AREAS = [  # section 6 of Handlingsplan 2025, whole kroner
    ("Levekår og folkehelse", "Living conditions and public health", 1_310_000),
    ("Bydelsutvikling og nærmiljø", "District development and local environment", 1_862_235),
    ("Styrking av lokaldemokratiet", "Strengthening local democracy", 500_000),
    ("Annet", "Other", 1_327_765),
]

CRITERIA = [
    ("Aktivitet og eierskap i nabolaget",
     "Gir prosjektet mer aktivitet i Torstrand, og eierskap til nærmiljøet hos dem som bor der?",
     "Activity and ownership in the neighbourhood",
     "Does the project bring more activity to Torstrand, and ownership of the neighbourhood to those who live there?", 3),
    ("Inkludering på tvers av alder, funksjonsevne og bakgrunn",
     "Kan alle være med, uansett alder, funksjonsevne, språk og bakgrunn?",
     "Inclusion across age, ability and background",
     "Can everyone take part, whatever their age, ability, language and background?", 3),
    ("Innbyggernes deltakelse og frivillig innsats",
     "Planlegger og gjennomfører innbyggerne prosjektet selv, med dugnad og egeninnsats?",
     "Residents' participation and volunteer work",
     "Do residents plan and carry out the project themselves, with volunteer work and own contribution?", 2),
    ("Realistisk plan og budsjett",
     "Er planen gjennomførbar, og står budsjettet i forhold til det som skal gjøres?",
     "A realistic plan and budget",
     "Can the plan be carried out, and does the budget match what is to be done?", 2),
    ("Varig effekt",
     "Vil noe av det prosjektet skaper, leve videre når pengene er brukt?",
     "Lasting effect",
     "Will something the project creates live on when the money is spent?", 1),
]

ACCOUNTS = [
    (Role.APPLICANT, "soker@example.no", "Siri Søker"),
    (Role.REVIEWER, "saksbehandler@example.no", "Sander Saksbehandler"),
    (Role.DECISION_MAKER, "programleder@example.no", "Pia Programleder"),
    (Role.FINANCE, "okonomi@example.no", "Øystein Økonomi"),
    (Role.FINANCE, "okonomi2@example.no", "Frida Finans"),  # a second person to authorise what the first attests
    (Role.ADMIN, "programkontor@example.no", "Åse Programkontor"),
]


def demo_round(now: datetime | None = None) -> Round:
    """The 2025 round, open from now for six weeks (so the demo can be tried)."""
    now = now or utcnow()
    return Round(
        year=2025,
        title="Nabolagspotten 2025",
        title_en="The Neighbourhood Pot 2025",
        description=(
            "Nabolagspotten gir penger til innbyggere, lag, foreninger, organisasjoner og næringsliv "
            "som vil skape mer aktivitet, eierskap og utvikling i nærmiljøet på Torstrand."
        ),
        description_en=(
            "The Neighbourhood Pot gives money to residents, clubs, associations, organisations and "
            "businesses who want to create more activity, ownership and development in Torstrand."
        ),
        opens_at=now - timedelta(days=1),
        closes_at=oslo_to_utc(datetime.combine((now + timedelta(days=42)).date(), datetime.min.time())
                              .replace(hour=12)),
        max_amount=100_000,
        focus_areas=[FocusArea(position=i, name=nb, name_en=en, budget=budget)
                     for i, (nb, en, budget) in enumerate(FOCUS_AREAS)],
        criteria=[Criterion(position=i, title=t, description=d, title_en=te, description_en=de, weight=w)
                  for i, (t, d, te, de, w) in enumerate(CRITERIA)],
    )


def load_demo() -> list[tuple[str, str, str]]:
    """Add the demo round and the demo accounts unless they exist, and give every demo
    account a fresh password (so each run can print them); returns (role, e-mail, password)."""
    if db.session.scalar(select(Round).where(Round.title == "Nabolagspotten 2025")) is None:
        round_ = demo_round()
        db.session.add(round_)
        audit.log("round.created", round_, after={"title": round_.title})
    accounts = []
    for role, email, name in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, locale="nb", email_verified_at=utcnow())
            user.set_password(password)
            user.role_rows = [UserRole(role=Role.APPLICANT.value)]
            if role != Role.APPLICANT:
                user.role_rows.append(UserRole(role=role.value))
            db.session.add(user)
            audit.log("user.created", user, after={"email": email, "roles": sorted(r.role for r in user.role_rows)})
        else:
            user.set_password(password)
            audit.log("user.password_reset_by_demo", user)
        accounts.append((role.value, email, password))
    db.session.flush()
    _grants_in_every_payout_state()
    _reports_in_every_state()
    return accounts


def _reports_in_every_state() -> None:
    """Last year's round, its final reports in every state and a repayment claim (potten/reports/demo.py)."""
    from potten.reports.demo import load_report_demo

    users = {email: db.session.scalar(select(User).where(User.email == email)) for _, email, _ in ACCOUNTS}
    load_report_demo(users["soker@example.no"], users["programleder@example.no"])


def _grants_in_every_payout_state() -> None:
    """Decided grants whose payouts are in every state, so the finance desk has work in it."""
    from potten.finance import demo

    round_ = db.session.scalar(select(Round).where(Round.title == "Nabolagspotten 2025"))
    users = {email: db.session.scalar(select(User).where(User.email == email)) for _, email, _ in ACCOUNTS}
    demo.load(users["soker@example.no"], users["programleder@example.no"], users["okonomi@example.no"],
              users["okonomi2@example.no"], round_)

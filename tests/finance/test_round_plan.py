"""The programme office sets a round's payout plan on the round form; the decision letter tells it."""
from sqlalchemy import select

from potten.extensions import db
from potten.letters.content import decision_letter_data
from potten.rounds.models import Round
from tests.conftest import csrf_token
from tests.factories import make_round
from tests.finance.helpers import decided


def _form(round_, **changes) -> dict:
    return {"title": round_.title, "description": round_.description, "opens_date": "01.03.2025",
            "opens_time": "09:00", "closes_date": "01.04.2025", "closes_time": "12:00", "max_amount": "100 000",
            **changes}


def test_the_admin_sets_the_payout_plan_and_a_wrong_share_is_refused_keeping_what_was_typed(app, client,
                                                                                             login_as):
    login_as("admin")
    round_ = make_round()
    db.session.commit()
    url = f"/admin/runder/{round_.id}"
    token = csrf_token(client, url)
    bad = client.post(url, data={"csrf_token": token, **_form(round_, payout_plan="advance", advance_percent="100",
                                                               acceptance_days="14")})
    assert bad.status_code in (200, 400) and "mellom 1 og 99 prosent" in bad.get_data(as_text=True)
    assert 'value="100"' in bad.get_data(as_text=True)
    good = client.post(url, data={"csrf_token": token, **_form(round_, payout_plan="advance", advance_percent="60",
                                                                acceptance_days="14")})
    assert good.status_code == 302
    db.session.expire_all()
    found = db.session.scalar(select(Round).where(Round.id == round_.id))
    assert (found.payout_plan, found.advance_percent, found.acceptance_days) == ("advance", 60, 14)


def test_the_letter_tells_the_plan_and_the_days_to_answer(app, in_request):
    round_ = make_round()
    application, decision = decided("advance", advance=60, days=14, round_=round_)
    data = decision_letter_data(decision, application, "nb")
    text = " ".join(b.get("text", "") for b in data["blocks"])
    assert "60 % av tilskuddet kan betales ut som forskudd" in text and "innen 14 dager" in text

"""The programme office sets, per round, when report reminders go and whether overdue reports
block new applications."""
from sqlalchemy import select

from potten.extensions import db
from potten.rounds.models import Round
from tests.conftest import csrf_token
from tests.rounds.conftest import ROUND


def test_the_admin_sets_the_reminder_days_and_a_bad_value_is_explained(app, client, login_as):
    login_as("admin")
    path = "/admin/runder/ny"
    refused = client.post(path, data={**ROUND, "csrf_token": csrf_token(client, path), "reminder_steps": "hver uke"})
    assert refused.status_code in (200, 400)  # the rounds area answers a refused form with 200 (for now)
    assert "Skriv påminnelsesdagene som hele tall" in refused.get_data(as_text=True)
    assert 'value="hver uke"' in refused.get_data(as_text=True)
    saved = client.post(path, data={**ROUND, "csrf_token": csrf_token(client, path), "reminder_steps": "7, -7 ,0",
                                    "reports_required": "y"})
    assert saved.status_code == 302
    round_ = db.session.scalars(select(Round)).one()
    assert (round_.reminder_steps, round_.reminder_days, round_.reports_required) == ("-7,0,7", [-7, 0, 7], True)

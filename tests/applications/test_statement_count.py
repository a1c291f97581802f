"""The number of SQL statements for a page does not grow with the number of applications."""
from sqlalchemy import event

from potten.accounts.models import Organisation, User
from potten.applications.workflow import Status
from potten.extensions import db
from potten.rounds.models import Round
from tests.factories import make_application, make_draft, make_organisation, make_round


def statements(app, client, path: str) -> int:
    count = 0

    def counter(*args, **kwargs):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        with app.app_context():  # a context of its own, as each request in production has: new session, new g
            response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert response.status_code == 200
    return count


def add_applications(user, club, rounds, how_many: int) -> None:
    statuses = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.WITHDRAWN]
    for i in range(how_many):
        round_ = rounds[i % len(rounds)]
        if i % 3 == 0:
            make_draft(applicant=user, round_=round_, organisation=club if i % 2 else None, title=f"Utkast {i}")
        else:
            make_application(applicant=user, round_=round_, status=statuses[i % len(statuses)],
                             organisation=club if i % 2 else None, title=f"Søknad {i}")


def test_my_applications_and_the_front_page_take_as_many_statements_for_3_as_for_30(app, client, login_as):
    user = login_as("applicant")
    club = make_organisation(members=[user])
    rounds = [make_round(year=2025), make_round(year=2026)]
    add_applications(user, club, rounds, 3)
    db.session.commit()
    ids = (user.id, club.id, [r.id for r in rounds])
    few = {path: statements(app, client, path) for path in ("/mine-soknader", "/")}

    user, club = db.session.get(User, ids[0]), db.session.get(Organisation, ids[1])
    add_applications(user, club, [db.session.get(Round, i) for i in ids[2]], 27)
    db.session.commit()
    many = {path: statements(app, client, path) for path in ("/mine-soknader", "/")}

    assert many == few, (few, many)
    assert few["/mine-soknader"] <= 10

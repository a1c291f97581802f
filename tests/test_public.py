"""The front page and the public pages."""
from tests.factories import make_round


def test_front_page_shows_the_open_round_with_deadline_and_criteria(app, client):
    make_round()
    from potten.extensions import db
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Nabolagspotten 2025" in page
    assert "Kriterium 1" in page
    assert "1\u00a0310\u00a0000\u00a0kr" in page


def test_closed_round_is_not_on_the_front_page(app, client):
    make_round(open_=False)
    from potten.extensions import db
    db.session.commit()
    assert "Nabolagspotten 2025" not in client.get("/").get_data(as_text=True)

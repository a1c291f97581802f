"""On a narrow screen a table stacks, and each cell shows the name of its column (``data-label``):
every page's content passes through ``potten.core.tables.labelled``."""
import re

from potten.core.tables import labelled
from potten.extensions import db
from tests.factories import make_round


def test_each_body_cell_gets_the_name_of_the_column_above_it():
    table = ('<table class="ds-table"><thead><tr><th scope="col">Sak &amp; tittel</th><th colspan="2">Beløp</th>'
             '<th><span class="visually-hidden">Handling</span></th></tr></thead>'
             '<tbody><tr><th scope="row">2026-0001</th><td>1</td><td data-label="Eget">2</td><td></td></tr></tbody>'
             '<tfoot><tr><th scope="row" colspan="3">Sum</th><td>9</td></tr></tfoot></table>'
             '<table class="ds-table"><tbody><tr><th scope="row">Tilskudd</th><td>5</td></tr></tbody></table>')
    out = str(labelled(table))
    assert '<th scope="row" data-label="Sak &amp; tittel">2026-0001</th>' in out
    assert '<td data-label="Beløp">1</td>' in out and '<td data-label="Eget">2</td>' in out
    assert '<td data-label="Handling"></td>' in out
    assert '<th scope="row" colspan="3">Sum</th><td data-label="Handling">9</td>' in out  # a total names itself
    assert out.endswith('<tbody><tr><th scope="row">Tilskudd</th><td>5</td></tr></tbody></table>')  # no header row


def test_a_table_labelled_already_is_passed_over_and_the_next_one_is_labelled():
    head = '<thead><tr><th scope="col">Prosjekt</th></tr></thead>'
    done = (f'<table class="ds-table" data-labelled>{head}<tbody><tr><td data-label="Prosjekt">A</td></tr></tbody>'
            '</table>')
    todo = f'<table class="ds-table">{head}<tbody><tr><td>B</td></tr></tbody></table>'
    assert str(labelled(done + todo)) == done + todo.replace("<td>B", '<td data-label="Prosjekt">B')


def test_a_page_whose_table_had_no_labels_names_every_column(app, client, login_as):
    login_as("admin")
    round_ = make_round()
    db.session.commit()
    page = client.get(f"/admin/runder/{round_.id}").get_data(as_text=True)
    cells = re.findall(r"<tbody>.*?</tbody>", page, re.S)
    assert cells
    for body in cells:
        for cell in re.findall(r"<t[dh]\b[^>]*>", body):
            assert "data-label=" in cell, cell

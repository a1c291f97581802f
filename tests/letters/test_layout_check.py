"""The worker finds a heading left at the foot of a page from the tagged PDF's structure,
in process; pdftotext, as a reader lays the page out, must agree."""
import pytest

from potten.letters import pdf
from potten.letters.docx import build_docx
from tests.letters.pdfcheck import layout_problems

LETTER = {
    "title": "Vedtak om tilskudd", "sender": ["Larvik kommune"], "recipient": ["Kari Nordmann"],
    "meta": [["Dato", "1. mars 2025"]], "footer": "Larvik kommune · Postboks 2020", "page": "Side {PAGE} av {NUMPAGES}",
    "blocks": [{"type": "paragraph", "text": "Søknaden din er innvilget. " * 12},
               {"type": "heading", "level": 1, "text": "Vilkår"},
               {"type": "heading", "level": 2, "text": "Generelle vilkår"},
               {"type": "paragraph", "text": "Tilskuddet skal bare brukes til prosjektet. " * 6}],
}
FOOTER = ("Side ", "Postboks 2020")


def test_a_heading_at_the_foot_of_a_page_is_found_in_the_pdf_structure(pdf_converter):
    # "Generelle vilkår" starts page 2, so "Vilkår" is left as the last line of page 1
    laid = pdf.to_pdf(build_docx(LETTER, frozenset({"Generelle vilkår"})))

    assert pdf.stranded_headings(laid) == {0}
    assert layout_problems(laid, ["Vilkår", "Generelle vilkår"], FOOTER) == ["page 1 ends with the heading 'Vilkår'"]


def test_headings_followed_by_their_text_are_not_stranded(pdf_converter):
    laid = pdf.to_pdf(build_docx(LETTER))

    assert pdf.stranded_headings(laid) == set()
    assert layout_problems(laid, ["Vilkår", "Generelle vilkår"], FOOTER) == []


@pytest.mark.parametrize("not_a_pdf", [b"%PDF-1.7 broken", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>"])
def test_a_pdf_without_structure_strands_nothing(not_a_pdf):
    assert pdf.stranded_headings(not_a_pdf) == set()

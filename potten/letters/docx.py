"""Build a letter as a Word document: python-docx only, no Flask, no database.

``build_docx(data) -> bytes`` is the one builder for every kind of letter. It takes
plain data (what ``potten.letters.markup.parse`` makes of a letter template) and lays it out:
A4, Carlito (metric twin of Calibri, packaged for servers as
fonts-crosextra-carlito), the sender and contact, the recipient, reference and
date, the title, the body, and a footer with "Side X av Y". The words all come
from ``data``; only the layout is here, so a new kind of letter needs no change here
(see ``potten.letters.kinds`` for how to add one).
"""
import io
import re
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Carlito"
LANGUAGES = {"nb": "nb-NO", "en": "en-GB"}
REQUIRED = ("title", "sender", "recipient", "meta", "blocks", "footer", "page")
_FIELD = re.compile(r"\{(PAGE|NUMPAGES)\}")
MAX_PROPERTY = 255  # Word's limit on a core property such as the subject
APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Application>Nabolagspotten</Application></Properties>")
_AMOUNT = re.compile(r"^[\d\s\u00a0.,]*(kr|NOK)?[\d\s\u00a0.,]*$")


def build_docx(data: dict, break_before: frozenset[str] = frozenset()) -> bytes:
    """The letter described by ``data`` as .docx bytes. ``break_before``: headings to start on
    a new page (where a converter left one alone at the foot of a page)."""
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise ValueError(f"letter data lacks {', '.join(missing)}")
    doc = Document()
    _page(doc)
    _styles(doc, LANGUAGES.get(data.get("language", "nb"), "nb-NO"))
    _properties(doc, data)
    _letterhead(doc, data)
    _paragraph_in(doc, data["title"], "Title")
    for block in data["blocks"]:
        BLOCKS[block["type"]](doc, block)
        if block["type"] == "heading" and block["text"] in break_before:
            doc.paragraphs[-1].paragraph_format.page_break_before = True
    _keep_the_end_together(doc)
    _footer(doc, data["footer"], data["page"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _styles(doc, language: str) -> None:
    """One font everywhere: explicit names replace the template's theme fonts."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for lang in defaults.findall(qn("w:lang")):
        defaults.remove(lang)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    defaults.append(lang)

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.widow_control = True  # no single line of a paragraph alone on a page
    for name, size, before in (("Title", 18, 18), ("Heading 1", 13, 14), ("Heading 2", 11, 8)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(4)
    title = doc.styles["Title"].element.find(qn("w:pPr"))
    if title is not None:  # the template underlines the title with a blue border
        for border in title.findall(qn("w:pBdr")):
            title.remove(border)


def _properties(doc, data: dict) -> None:
    """Clean properties: the title names the case, the author is the sender (the
    municipality), nothing is left of python-docx's template (its thumbnail, the
    "Microsoft Macintosh Word" of app.xml, its custom XML)."""
    props = doc.core_properties
    props.title = (data.get("doctitle") or data["title"])[:MAX_PROPERTY]
    props.subject = data.get("subject", "")[:MAX_PROPERTY]
    props.author = props.last_modified_by = data["sender"][0][:MAX_PROPERTY]
    props.language = LANGUAGES.get(data.get("language", "nb"), "nb-NO")
    props.keywords = props.comments = props.category = ""
    props.revision = 1
    if data.get("created"):
        props.created = props.modified = datetime.fromisoformat(data["created"])
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            doc.part.rels.pop(rid)


def _letterhead(doc, data: dict) -> None:
    """Sender and contact side by side; then the recipient; then reference and date."""
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.LEFT
    _lines(head.cell(0, 0), data["sender"], bold_first=True)
    _lines(head.cell(0, 1), data.get("contact", []), size=9)
    doc.add_paragraph()
    recipient = doc.add_paragraph()
    for i, line in enumerate(data["recipient"]):
        if i:
            recipient.add_run().add_break()
        recipient.add_run(line)
    meta = doc.add_table(rows=2, cols=len(data["meta"]))
    for col, (label, value) in enumerate(data["meta"]):
        _cell_text(meta.cell(0, col), label, bold=True, size=9)
        _cell_text(meta.cell(1, col), value)


def _lines(cell, lines: list[str], bold_first: bool = False, size: int | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        if bold_first and i == 0:
            run.bold = True
        if size:
            run.font.size = Pt(size)


def _cell_text(cell, text: str, bold: bool = False, size: int | None = None, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)


def _paragraph_in(doc, text: str, style_id: str):
    """A paragraph in a style of the template, named by its id: python-docx's lookup by
    name reads every style in the template, which made it most of the build time."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _heading(doc, block: dict) -> None:
    heading = _paragraph_in(doc, block["text"], "Heading1" if block.get("level", 1) == 1 else "Heading2")
    # set on the paragraph itself: LibreOffice does not always honour the style's
    heading.paragraph_format.keep_with_next = heading.paragraph_format.keep_together = True


def _keep_the_end_together(doc, paragraphs: int = 4) -> None:
    """The closing (greeting, signature, the note on signing) never leaves a page of its own
    with a line or two: its paragraphs go to the next page together."""
    for paragraph in doc.paragraphs[-paragraphs:-1]:
        paragraph.paragraph_format.keep_with_next = True
    for paragraph in doc.paragraphs[-paragraphs:]:
        paragraph.paragraph_format.keep_together = True


def _paragraph(doc, block: dict) -> None:
    paragraph = doc.add_paragraph()
    for i, line in enumerate(block["text"].split("\n")):
        if i:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        if block.get("bold"):
            run.bold = True


def _bullets(doc, block: dict) -> None:
    for item in block["items"]:
        _paragraph_in(doc, item, "ListBullet").paragraph_format.space_after = Pt(3)


def _table(doc, block: dict) -> None:
    rows = block["rows"]
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table._tbl.tblStyle_val = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            numeric = c > 0 and r > 0 and bool(text) and bool(_AMOUNT.match(text))
            _cell_text(table.cell(r, c), text, bold=r == 0, right=numeric or (c > 0 and r == 0))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


BLOCKS = {"heading": _heading, "paragraph": _paragraph, "bullets": _bullets, "table": _table}


def _footer(doc, text: str, page: str) -> None:
    footer = doc.sections[0].footer
    first = footer.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.add_run(text).font.size = Pt(8)
    numbers = footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, part in enumerate(_FIELD.split(page)):
        if i % 2:
            numbers._p.append(_field(part))
        elif part:
            numbers.add_run(part).font.size = Pt(9)


def _field(instruction: str):
    """A simple Word field (PAGE, NUMPAGES), which python-docx has no API for."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field

"""Reading a letter's PDF as a reader and an archive would: its text page by page, its
layout, and whether it is PDF/A."""
import io
import re
import subprocess

import pikepdf

from tests.letters.helpers import normalise


def pages(pdf: bytes) -> list[list[str]]:
    """The non-empty lines of each page, as pdftotext lays them out."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.decode().split("\f") if page.strip()]


def text(pdf: bytes) -> str:
    return normalise(" ".join(" ".join(page) for page in pages(pdf)))


def layout_problems(pdf: bytes, headings: list[str], footer_marks: tuple[str, ...]) -> list[str]:
    """Headings left at the foot of a page, and pages with fewer than three lines of text."""
    problems = []
    headings = {normalise(h) for h in headings}
    for number, lines in enumerate(pages(pdf), 1):
        body = [line for line in lines if not any(mark in line for mark in footer_marks)]
        if len(body) < 3:
            problems.append(f"page {number} holds {len(body)} line(s): {body}")
        elif normalise(body[-1]) in headings:
            problems.append(f"page {number} ends with the heading {body[-1]!r}")
    return problems


def pdfa_problems(pdf: bytes) -> list[str]:
    """What makes ``pdf`` not PDF/A-2b: its identification, fonts not embedded, encryption,
    JavaScript, actions that run by themselves, no output intent."""
    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        if meta.pdfa_status != "2B":
            problems.append(f"PDF/A identification is {meta.pdfa_status!r}, not 2B")
        if doc.is_encrypted:
            problems.append("encrypted")
        root = doc.Root
        intents = root.get("/OutputIntents")
        if not intents or not any(str(i.get("/S")) == "/GTS_PDFA1" for i in intents):
            problems.append("no PDF/A output intent")
        if "/Names" in root and "/JavaScript" in root.Names:
            problems.append("JavaScript")
        if "/AA" in root or "/OpenAction" in root and "/JS" in str(root.OpenAction):
            problems.append("actions that run by themselves")
        for number, page in enumerate(doc.pages, 1):
            if "/AA" in page.obj:
                problems.append(f"page {number} has automatic actions")
            fonts = page.Resources.get("/Font", {})
            for name, font in fonts.items():
                problems += [f"page {number}: font {name} ({font.get('/BaseFont')}) is not embedded"
                             for descriptor in _descriptors(font) if not _embedded(descriptor)]
    return problems


def _descriptors(font):
    if "/DescendantFonts" in font:
        return [d.FontDescriptor for d in font.DescendantFonts if "/FontDescriptor" in d]
    return [font.FontDescriptor] if "/FontDescriptor" in font else []


def _embedded(descriptor) -> bool:
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


WORD = re.compile(r"[A-Za-zÆØÅæøå]{4,}")


def norwegian_words(nb_texts: list[str], en_texts: list[str], allowed: set[str]) -> set[str]:
    """Words of the bokmål texts that the English ones do not use (names allowed)."""
    english = {w.lower() for t in en_texts for w in WORD.findall(t)}
    return {w.lower() for t in nb_texts for w in WORD.findall(t)} - english - {a.lower() for a in allowed}

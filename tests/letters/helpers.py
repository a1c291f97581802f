"""Helpers for letter tests: a decision made the way the decisions area makes it."""
import io
import itertools
import re

from docx import Document

from potten.applications.workflow import Status
from potten.letters.operations import issue_letter
from tests.factories import make_application, make_decision, make_organisation, make_user

_orgs = itertools.count(97476067)
REASONS = "Budsjettet for mat er høyt i forhold til antallet deltakere.\nVi dekker derfor halvparten av det."


def decided_letter(outcome: str = "approved", locale: str = "nb", organisation: bool = False,
                   reasons: str | None = None, after_appeal: bool = False, applicant=None, **decision):
    """An application in review, a decision on it, and its letter issued in the same
    unit of work, as ``decisions.operations.decide`` does. Nothing is committed."""
    applicant = applicant or make_user(name="Åse Ærlig Øverby", locale=locale)
    org = make_organisation(name="Torstrand Vel & Søn <AS>", orgnr=next_orgnr(),
                            members=[applicant]) if organisation else None
    application = make_application(applicant=applicant, organisation=org, status=Status.IN_REVIEW)
    previous = None
    if after_appeal:
        previous = make_decision(application, "rejected", reasons="Søknaden kom for sent.")
        application.status = Status.APPEALED
    if reasons is None:
        reasons = "" if outcome == "approved" else REASONS
    made = make_decision(application, outcome, reasons=reasons, after_appeal=after_appeal, supersedes=previous,
                         **decision)
    return issue_letter(made, made.decided_by)


def next_orgnr() -> str:
    """A valid organisation number (mod 11), different each time."""
    while True:
        base = f"{next(_orgs) % 10**8:08d}"
        check = 11 - sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return base + str(check)


def docx_text(content: bytes) -> str:
    """Every text in a .docx as a reader sees it: body, tables, footers (with its fields named)."""
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in doc.sections:
        for paragraph in section.footer.paragraphs:
            parts.append(paragraph.text)
            parts.extend(f"{{{i.strip()}}}" for i in
                         paragraph._p.xpath("./w:fldSimple/@w:instr"))
    return normalise("\n".join(parts))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()

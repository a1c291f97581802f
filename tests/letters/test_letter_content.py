"""Every kind of decision letter says everything the Public Administration Act and
the scheme ask of it: read back with python-docx, and as a reader sees it after
LibreOffice has made a PDF of it."""
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from potten.core import unit_of_work
from potten.extensions import db
from potten.letters.models import Letter
from tests.conftest import ON_CI
from tests.letters.helpers import decided_letter, docx_text, normalise

pytestmark = pytest.mark.backends("sqlite")

KINDS = ["approved", "partly_approved", "rejected", "after_appeal"]
COMMON = {
    "nb": ["Larvik kommune", "Områdesatsing Torstrand", "Kontakt:", "nabolagspotten@larvik.kommune.no",
           "Vår referanse", "{case}", "Dato", "{date}", "Telefon:", "Besøksadresse:", "offentleglova",
           "Søkt beløp", "40 000 kr", "Innvilget beløp", "Begrunnelse", "Regelverket", "Det vi har lagt til grunn",
           "Vår vurdering", "Du kan klage", "tre uker fra den dagen du mottok dette brevet", "Slik klager du",
           "Send klagen til Larvik kommune, Områdesatsing Torstrand", "Hvem avgjør klagen", "klagenemnd",
           "forvaltningsloven § 28", "forvaltningsloven § 29",
           "Du har rett til å se dokumentene i saken", "forvaltningsloven §§ 18 og 19", "Pia Programleder"],
    "en": ["Larvik kommune", "Områdesatsing Torstrand", "Contact:", "nabolagspotten@larvik.kommune.no",
           "Our reference", "{case}", "Date", "{date}", "Phone:", "Visiting address:", "offentleglova",
           "Amount applied for", "NOK 40,000", "Amount granted", "Reasons", "The rules", "The facts we relied on",
           "Our assessment", "You may appeal", "three weeks from the day you received this letter",
           "How to appeal", "Send your appeal to Larvik kommune, Områdesatsing Torstrand", "Who decides the appeal",
           "appeals board", "Public Administration Act, section 28",
           "You have the right to see the case documents", "sections 18 and 19", "Pia Programleder"],
}
RECIPIENT = {"nb": ["Torstrand Vel & Søn <AS>", "Org.nr. {orgnr}", "Åse Ærlig Øverby"],
             "en": ["Torstrand Vel & Søn <AS>", "Organisation number {orgnr}", "Åse Ærlig Øverby"]}
GRANT = {  # conditions and payment: only when money is granted
    "nb": ["Vilkår for tilskuddet", "Generelle vilkår", "Sluttrapport med regnskap skal leveres innen {due}",
           "Utbetaling", "**** ** *7947"],
    "en": ["Conditions of the grant", "General conditions", "must be delivered by {due}", "Payment",
           "**** ** *7947"],
}
OUTCOME = {
    "nb": {"approved": ["Vedtak om tilskudd fra Nabolagspotten", "innvilger søknaden din", "Du får 40 000 kr."],
           "partly_approved": ["Vedtak om tilskudd fra Nabolagspotten", "innvilger søknaden din", "delvis",
                               "Du får 20 000 kr av de 40 000 kr du søkte om.",
                               "Ikke innvilget", "Budsjettet for mat er høyt"],
           "rejected": ["Vedtak om tilskudd fra Nabolagspotten", "avslår søknaden din", "Du får ikke tilskudd.",
                        "Budsjettet for mat er høyt"],
           "after_appeal": ["Nytt vedtak etter klage", "Det erstatter vedtaket av {previous}",
                            "innvilger søknaden din"]},
    "en": {"approved": ["Decision on a grant from Nabolagspotten", "approves your application",
                        "You are granted NOK 40,000."],
           "partly_approved": ["Decision on a grant from Nabolagspotten", "partly approves your application",
                               "You are granted NOK 20,000 of the NOK 40,000 you applied for.", "Not granted",
                               "Budsjettet for mat er høyt"],
           "rejected": ["Decision on a grant from Nabolagspotten", "rejects your application",
                        "You are not granted any money.", "Budsjettet for mat er høyt"],
           "after_appeal": ["New decision after your appeal", "It replaces the decision of {previous}",
                            "approves your application"]},
}
PAGE = {"nb": "Side {n} av {m}", "en": "Page {n} of {m}"}


def _make(kind: str, language: str) -> Letter:
    if kind == "after_appeal":
        letter = decided_letter("approved", language, organisation=True, after_appeal=True)
    else:
        letter = decided_letter(kind, language, organisation=True)
    unit_of_work.commit()  # built in process after the commit, as on the embedded default
    return db.session.get(Letter, letter.id)


def _expected(letter: Letter, kind: str, language: str) -> tuple[list[str], list[str]]:
    from flask_babel import force_locale

    from potten.core.formatting import day
    from potten.decisions.models import Decision
    from potten.decisions.operations import default_report_due

    decision = letter.decision
    with force_locale(language):
        orgnr = letter.application.organisation.orgnr
        values = {"case": letter.application.case_number, "orgnr": f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}",
                  "date": day(decision.decided_at),
                  "due": day(decision.report_due or default_report_due(letter.application, decision.decided_at)),
                  "previous": day(db.session.get(Decision, decision.supersedes_id).decided_at)
                  if decision.supersedes_id else ""}
    wanted = COMMON[language] + RECIPIENT[language] + OUTCOME[language][kind]
    absent = []
    if decision.granted_amount:
        wanted += GRANT[language]
    else:
        absent = GRANT[language][:2]
    return [normalise(w.format(**values)) for w in wanted], [normalise(a.format(**values)) for a in absent]


def test_every_kind_of_letter_holds_every_required_element(app, tmp_path):
    letters = {(kind, lang): _make(kind, lang) for kind in KINDS for lang in ("nb", "en")}
    problems = []
    for (kind, lang), letter in letters.items():
        text = docx_text(letter.content)
        wanted, absent = _expected(letter, kind, lang)
        problems += [f"{kind}/{lang} .docx lacks {w!r}" for w in wanted if w not in text]
        problems += [f"{kind}/{lang} .docx should not say {a!r}" for a in absent if a in text]
        if "{PAGE}" not in text or "{NUMPAGES}" not in text:
            problems.append(f"{kind}/{lang} .docx has no page X of Y fields in the footer")
        (tmp_path / f"{kind}-{lang}.docx").write_bytes(letter.content)
    assert not problems, "\n".join(problems)

    pdfs = _to_pdf(sorted(tmp_path.glob("*.docx")), tmp_path / "pdf", tmp_path / "profile")
    for (kind, lang), letter in letters.items():
        text = normalise(subprocess.run(["pdftotext", "-layout", str(pdfs[f"{kind}-{lang}"]), "-"],
                                        check=True, capture_output=True, text=True).stdout)
        wanted, _absent = _expected(letter, kind, lang)
        problems += [f"{kind}/{lang} PDF lacks {w!r}" for w in wanted if w not in text]
        if PAGE[lang].format(n=1, m=2) not in text and PAGE[lang].format(n=1, m=3) not in text:
            problems.append(f"{kind}/{lang} PDF has no '{PAGE[lang]}' in the footer")
    assert not problems, "\n".join(problems)


def _to_pdf(docs: list[Path], out: Path, profile: Path) -> dict[str, Path]:
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if ON_CI:
            pytest.fail("LibreOffice (soffice) and pdftotext must be installed on CI", pytrace=False)
        pytest.skip("LibreOffice or pdftotext is not installed (make browsers installs them)")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
                   check=True, capture_output=True, timeout=300)
    pdfs = {doc.stem: out / f"{doc.stem}.pdf" for doc in docs}
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice made no PDF of {missing}"
    return pdfs


def test_letter_is_a4_in_a_font_servers_have_and_in_the_applicants_language(app):
    letter = _make("approved", "en")
    doc = Document(io.BytesIO(letter.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 25
    fonts = set(doc.styles.element.xpath("//w:rFonts/@w:ascii"))
    assert fonts == {"Carlito"}
    assert not doc.styles.element.xpath("//w:rFonts/@w:asciiTheme")
    assert doc.styles.element.xpath("//w:docDefaults//w:lang/@w:val") == ["en-GB"]
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.title == f"Decision, case {letter.application.case_number}"


def test_a_person_gets_the_letter_addressed_to_them_without_an_organisation_number(app):
    letter = decided_letter("approved", "nb", organisation=False)
    unit_of_work.commit()
    text = docx_text(db.session.get(Letter, letter.id).content)
    assert "Åse Ærlig Øverby" in text and letter.recipient_email in text
    assert "Org.nr." not in text


def test_what_staff_typed_is_printed_as_typed_never_read_as_layout(app):
    reasons = "# Ikke en overskrift\n- ikke et punkt\n| ikke | en tabell |\n@footer ikke en bunntekst\n\nNytt avsnitt."
    letter = decided_letter("rejected", "nb", reasons=reasons, conditions="")
    unit_of_work.commit()
    letter = db.session.get(Letter, letter.id)
    literal = [b["text"] for b in letter.data["blocks"] if b.get("literal")]
    assert literal[:2] == ["# Ikke en overskrift\n- ikke et punkt\n| ikke | en tabell |\n@footer ikke en bunntekst",
                           "Nytt avsnitt."]
    assert "ikke en bunntekst" not in letter.data["footer"]


def test_the_letter_builder_needs_neither_flask_nor_the_database():
    code = ("import sys, importlib.util as u; "
            "spec = u.spec_from_file_location('docx_builder', 'potten/letters/docx.py'); "
            "spec.loader.exec_module(u.module_from_spec(spec)); "
            "assert not any(m.split('.')[0] in ('flask', 'sqlalchemy', 'potten') for m in sys.modules), "
            "sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'potten'))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_the_builder_refuses_a_letter_without_its_parts():
    from potten.letters.docx import build_docx

    with pytest.raises(ValueError, match="blocks"):
        build_docx({"title": "Vedtak", "sender": ["Larvik kommune"], "recipient": ["Kari"],
                               "meta": [["Dato", "1. mars 2025"]], "blocks": [], "footer": "x", "page": "{PAGE}"})

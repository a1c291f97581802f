"""Every letter an applicant must get, in bokmål and English, made through the real
operations (decide, appeal, send on, the board's outcome) and converted to PDF/A by one
long-lived LibreOffice, then read as the applicant and an archive would: the parts the
law asks for per kind of letter, no appeal offered after the appeals board's decision,
no Norwegian in an English letter's conditions and reasons, no heading stranded at the
foot of a page, no page of one or two lines, and a valid PDF/A-2b."""
from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from potten.applications.workflow import Status
from potten.core import unit_of_work
from potten.core.formatting import day
from potten.decisions.appeals import file_appeal, forward_appeal, record_board_outcome
from potten.decisions.models import DEFAULT_CONDITIONS, DEFAULT_CONDITIONS_EN, StandardReason
from potten.decisions.operations import decide
from potten.extensions import db
from potten.letters.kinds import label
from potten.letters.models import Letter
from potten.letters.settings import BUILT_IN
from tests.factories import make_application, make_declaration, make_user
from tests.letters.pdfcheck import layout_problems, norwegian_words, pdfa_problems, text

pytestmark = pytest.mark.backends("sqlite")

TITLE = "Æble & Øks <AS>: «Sommerfest» i Torstrandparken – " + "lang tittel " * 12  # near the 200 limit
REASON = {"nb": "Budsjettet er høyere enn det ordningen kan dekke.",
          "en": "The budget is higher than the scheme can cover."}
OWN = {"nb": ("Vi dekker mat, ikke utstyr.", "Bruk pengene på mat til festen.", "Klagenemnda finner at "
              "prosjektet fyller formålet."),
       "en": ("We cover food, not equipment.", "Spend the money on food for the party.", "The board finds that "
              "the project meets the purpose.")}
ANY = {  # every letter, every kind
    "nb": ["§§ 18 og 19", "offentleglova", "Telefon:", BUILT_IN["phone"], BUILT_IN["visiting_address"],
           "nabolagspotten@larvik.kommune.no", "Vår referanse", "Side 1 av"],
    "en": ["sections 18 and 19", "offentleglova", "Phone:", BUILT_IN["phone"], BUILT_IN["visiting_address"],
           "nabolagspotten@larvik.kommune.no", "Our reference", "Page 1 of"],
}
DECISION = {  # a decision the applicant may appeal (first, new, after appeal)
    "nb": ["§§ 24 og 25", "§ 27", "forvaltningsloven § 28", "forvaltningsloven § 29", "§ 42", "§ 36",
           "senest tre uker", BUILT_IN["rules_name"], "1. januar 2025", "/regler", BUILT_IN["delegation"],
           "Pia Programleder", BUILT_IN["decider_role"]],
    "en": ["sections 24 and 25", "section 27", "section 28", "section 29", "section 42", "section 36",
           "within three weeks", BUILT_IN["rules_name_en"], "1 January 2025", "/regler", BUILT_IN["delegation_en"],
           "Pia Programleder", BUILT_IN["decider_role_en"]],
}
APPEAL_OFFERED = {"nb": ["Du kan klage", "Slik klager du", "Fristen for å klage"],
                  "en": ["You may appeal", "How to appeal", "The deadline for an appeal"]}
BOARD = {"nb": ["Klagenemndas vedtak", "§§ 24 og 25", "§ 27", "§ 28 tredje ledd", "kan ikke påklages"],
         "en": ["The appeals board's decision", "sections 24 and 25", "section 27", "section 28, third paragraph",
                "cannot be appealed"]}
FORWARDED = {"nb": ["Klagen din er sendt til klagenemnda", "§ 33", "8 uker", "§ 42"],
             "en": ["Your appeal is sent to the appeals board", "section 33", "8 weeks", "section 42"]}
APPEAL_SECTIONS = ("forvaltningsloven § 28", "forvaltningsloven § 29", "section 28", "section 29")
REST_FORWARDED = {"nb": ["Resten av klagen går til klagenemnda", "§ 33 fjerde ledd"],
                  "en": ["The rest of your appeal goes to the appeals board", "section 33, fourth paragraph"]}
FOOTER = {"nb": ("Side ", "Postboks 2020, 3255 Larvik ·"), "en": ("Page ", "Postboks 2020, 3255 Larvik ·")}


def _people(language: str):
    applicant = make_user(name="Åse Ærlig Øverby", locale=language)
    approver = make_user("decision_maker", name="Pia Programleder")
    return applicant, approver


def _application(applicant, approver):
    application = make_application(applicant=applicant, status=Status.IN_REVIEW, title=TITLE[:200])
    application.focus_area.budget = 200_000
    make_declaration(application, approver)
    return application


def _story(language: str) -> dict[str, list[Letter]]:
    """Three cases: a partial grant appealed, raised (§ 33) and changed by the board; a
    rejection upheld by the board; a rejection the board sends back, decided again."""
    reason = StandardReason(text=REASON["nb"], text_en=REASON["en"])
    db.session.add(reason)
    reasons, special, board_reasons = OWN[language]
    due = date(2025, 9, 1)
    stories = {}

    applicant, approver = _people(language)
    a = _application(applicant, approver)
    decide(a, Status.PARTLY_APPROVED, 20_000, reasons, [reason], special, due, approver)
    appeal = file_appeal(a, "Vi trenger hele beløpet.", applicant)
    decide(a, Status.PARTLY_APPROVED, 30_000, reasons, [reason], special, due, approver)  # § 33: a part
    record_board_outcome(appeal, "changed", board_reasons, approver)
    decide(a, Status.APPROVED, None, board_reasons, [], "", due, approver)
    stories["changed"] = a

    applicant, approver = _people(language)
    b = _application(applicant, approver)
    decide(b, Status.REJECTED, None, reasons, [reason], "", None, approver)
    appeal = file_appeal(b, "Det er innenfor formålet.", applicant)
    forward_appeal(appeal, reasons, approver)
    record_board_outcome(appeal, "upheld", board_reasons, approver)
    stories["upheld"] = b

    applicant, approver = _people(language)
    c = _application(applicant, approver)
    decide(c, Status.REJECTED, None, reasons, [reason], "", None, approver)
    appeal = file_appeal(c, "Dere har ikke lest søknaden.", applicant)
    forward_appeal(appeal, reasons, approver)
    record_board_outcome(appeal, "sent_back", board_reasons, approver)
    decide(c, Status.APPROVED, None, "", [], "", due, approver)
    stories["sent_back"] = c
    unit_of_work.commit()  # every letter is built (by the session's LibreOffice) and mailed after the commit
    return {name: list(db.session.scalars(select(Letter).where(Letter.application_id == application.id)
                                          .order_by(Letter.number)))
            for name, application in stories.items()}


def test_every_outcome_reaches_the_applicant_as_a_lawful_pdf_letter_in_their_language(app, in_request,
                                                                                       pdf_converter):
    problems = []
    for language in ("nb", "en"):
        stories = _story(language)
        kinds = {name: [letter.kind for letter in letters] for name, letters in stories.items()}
        assert kinds == {
            "changed": ["decision", "decision_after_appeal", "board_decision"],
            "upheld": ["decision", "appeal_forwarded", "board_decision"],
            "sent_back": ["decision", "appeal_forwarded", "board_decision", "new_decision"],
        }, kinds
        for name, letters in stories.items():
            with force_locale(language):
                labels = [f"{label(letter.kind)}, {day(letter.created_at)}" for letter in letters]
            assert len(set(labels)) == len(labels), labels  # distinct labels and file names
            assert len({letter.pdf_filename for letter in letters}) == len(letters)
            for letter in letters:
                problems += _check(f"{name}/{letter.number} {letter.kind} ({language})", letter, language)
    assert not problems, "\n".join(problems)


def _check(what: str, letter: Letter, language: str) -> list[str]:
    problems = []
    assert letter.has_pdf and letter.content is not None, f"{what}: no PDF, or the .docx was not kept"
    assert letter.pdf_filename == f"{letter.filename[:-5]}.pdf" and letter.filename.endswith(f"-{letter.number}.docx")
    seen = text(letter.pdf)
    wanted = list(ANY[language])
    unwanted = []
    if letter.kind == "board_decision":
        wanted += BOARD[language]
        unwanted += APPEAL_OFFERED[language]  # § 28 third paragraph: no new appeal
    elif letter.kind == "appeal_forwarded":
        wanted += FORWARDED[language]
    elif letter.kind == "decision_after_appeal" and letter.decision.granted_amount < letter.decision.requested_amount:
        # § 33: the rest goes on to the board; no new appeal, so no §§ 28 and 29
        wanted += [w for w in DECISION[language] if w not in APPEAL_SECTIONS] + REST_FORWARDED[language]
        unwanted += APPEAL_OFFERED[language]
    else:
        wanted += DECISION[language] + APPEAL_OFFERED[language]
    if letter.kind != "decision":  # every later letter names the decision it replaces or concerns
        wanted.append("vedtaket av" if language == "nb" else "the decision of")
    problems += [f"{what} lacks {w!r}" for w in wanted if w not in seen]
    problems += [f"{what} offers {u!r}" for u in unwanted if u in seen]
    if letter.decision is not None and letter.decision.granted_amount:
        general = "Generelle vilkår" if language == "nb" else "General conditions"
        if seen.count(general) != 1:
            problems.append(f"{what}: the general conditions are not once under their own heading")
    if language == "en":
        norwegian = norwegian_words([REASON["nb"], DEFAULT_CONDITIONS, *OWN["nb"]],
                                    [REASON["en"], DEFAULT_CONDITIONS_EN, *OWN["en"]], allowed={"Larvik", "kommune"})
        found = sorted(w for w in norwegian if f" {w} " in f" {seen.lower()} ")
        problems += [f"{what} has Norwegian words in English: {found}"] if found else []
    headings = [letter.data["title"]] + [b["text"] for b in letter.data["blocks"] if b["type"] == "heading"]
    problems += [f"{what}: {p}" for p in layout_problems(letter.pdf, headings, FOOTER[language])]
    problems += [f"{what}: {p}" for p in pdfa_problems(letter.pdf)]
    return problems

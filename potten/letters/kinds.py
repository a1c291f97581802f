"""The kinds of letter, in one place.

A kind names its template (``templates/letters/<template>_<lang>.txt``, one per
language, in the markup of ``potten.letters.markup``), the start of its file names
(``vedtak-2025-0042-2.pdf``) and its label ("New decision after appeal", shown with the
letter's date on the pages). The builder (``potten.letters.docx.build_docx``) is the
same for every kind: only the template says what a letter says.

To add a kind of letter (a payout or repayment letter, say):

1. ``register(Kind("repayment", "repayment", {"nb": "tilbakebetaling", "en": "repayment"},
   _l("Repayment decision"), mail="repayment_letter"))`` here (the mail template is optional:
   ``templates/emails/letter.txt`` names the letter by its label);
2. write ``templates/letters/repayment_nb.txt`` and ``repayment_en.txt``; start them
   with ``{% include "letters/_head_nb.txt" %}`` (sender, contact, recipient, footer)
   and end with ``{% include "letters/_rights_nb.txt" %}`` (innsyn, offentleglova);
3. in your operation, ``potten.letters.operations.issue_letter(application, "repayment",
   actor, decision=…, **facts)``: ``facts`` (plain values) reach the template as they are.
   The letter is built as .docx and PDF/A and mailed after the commit.
"""
from dataclasses import dataclass

from potten.core.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str
    template: str
    files: dict  # language -> the start of the file name
    label: object  # a lazy string: the kind of letter, as the pages show it
    mail: str = "letter"  # the mail that carries it: templates/emails/<mail>.txt


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


DECISION = register(Kind("decision", "decision", {"nb": "vedtak", "en": "decision"}, _l("Decision")))
NEW_DECISION = register(Kind("new_decision", "decision", {"nb": "vedtak", "en": "decision"}, _l("New decision")))
AFTER_APPEAL = register(Kind("decision_after_appeal", "decision", {"nb": "vedtak", "en": "decision"},
                             _l("New decision after appeal")))
FORWARDED = register(Kind("appeal_forwarded", "appeal_forwarded",
                          {"nb": "klage-oversendt", "en": "appeal-forwarded"},
                          _l("Your appeal is sent to the appeals board")))
BOARD = register(Kind("board_decision", "board_decision", {"nb": "klagenemnda-vedtak", "en": "appeals-board-decision"},
                      _l("The appeals board's decision")))


# the repayment letters of potten.reports (it issues them itself, through the same job and builder)
REPAYMENT_NOTICE = register(Kind("repayment_notice", "repayment_notice",
                                 {"nb": "forhandsvarsel", "en": "advance-notice"},
                                 _l("Advance notice about repayment"), mail="repayment_notice_letter"))
REPAYMENT_DECISION = register(Kind("repayment_decision", "repayment_decision",
                                   {"nb": "vedtak-tilbakebetaling", "en": "repayment-decision"},
                                   _l("Repayment decision"), mail="repayment_decision_letter"))


def mail_template(kind: str) -> str:
    found = KINDS.get(kind)
    return found.mail if found else "letter"


def label(kind: str) -> str:
    found = KINDS.get(kind)
    return str(found.label) if found else str(_l("Letter"))

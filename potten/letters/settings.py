"""The letter settings in force: the admin's (``LetterSettings``), or the built-in ones
until the admin has saved any. The built-in texts are a start, not the law: the admin
names the scheme's real rules, their date and the delegation on ``/brev/innstillinger``."""
from datetime import date

from flask import current_app

from potten.extensions import db
from potten.letters.models import LetterSettings


def _paragraphs(text: str) -> str:
    """Paragraphs written over several lines here, one line each in the text."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


RULES_TEXT = _paragraphs("""
Nabolagspotten er tilskuddsordningen i Områdesatsing Torstrand, et samarbeid mellom staten ved
Kommunal- og distriktsdepartementet og Larvik kommune. Ordningen skal stimulere til mer aktivitet,
eierskap og utvikling av nærmiljøet på Torstrand.

Innbyggere, lag, foreninger, organisasjoner og næringsliv kan søke. Søknader sendes i Nabolagspotten
innen fristen i utlysningen. Søknadene vurderes av et vurderingspanel etter kriteriene i
utlysningen, og konkurrerer om budsjettet til hvert innsatsområde. Ingen har krav på tilskudd.

Tilskudd skal bare brukes til prosjektet slik det er beskrevet i søknaden. Mottakeren leverer
sluttrapport med regnskap innen fristen i vedtaket. Penger som ikke er brukt, eller som er brukt til
noe annet, skal betales tilbake.
""")

RULES_TEXT_EN = _paragraphs("""
Nabolagspotten is the grant scheme of Områdesatsing Torstrand, an area programme run by the
Norwegian state (the Ministry of Local Government and Regional Development) and Larvik kommune
together. The scheme is meant to stimulate activity, ownership and development of the neighbourhood
in Torstrand.

Residents, clubs, associations, organisations and local businesses may apply. Applications are sent
in Nabolagspotten by the deadline of the call. A review panel assesses them against the criteria of
the call, and they compete for the budget of each focus area. Nobody is entitled to a grant.

A grant may only be used for the project as it is described in the application. The recipient
delivers a final report with accounts by the deadline in the decision. Money that is not used, or is
used for anything else, must be paid back.
""")

BUILT_IN = {
    "rules_name": "Retningslinjer for Nabolagspotten",
    "rules_name_en": "Guidelines for Nabolagspotten",
    "rules_date": date(2025, 1, 1),
    "rules_text": RULES_TEXT,
    "rules_text_en": RULES_TEXT_EN,
    "delegation": ("Programlederen i Områdesatsing Torstrand treffer vedtak om tilskudd fra Nabolagspotten "
                   "etter fullmakt fra kommunedirektøren i Larvik kommune."),
    "delegation_en": ("The programme manager of Områdesatsing Torstrand decides grants from Nabolagspotten under "
                      "authority delegated by the chief municipal executive of Larvik kommune."),
    "decider_role": "programleder, Områdesatsing Torstrand",
    "decider_role_en": "programme manager, Områdesatsing Torstrand",
    "board_weeks": 8,
    "phone": "33 17 10 00",
    "visiting_address": "Feringsgata 2, 3263 Larvik",
    "email": "",
}
FIELDS = tuple(BUILT_IN)


def letter_settings() -> LetterSettings:
    """The settings row, or an unsaved one with the built-in values."""
    found = db.session.get(LetterSettings, 1)
    if found is not None:
        return found
    values = dict(BUILT_IN, email=sender_email())
    return LetterSettings(id=1, **values)


def sender_email() -> str:
    sender = current_app.config.get("MAIL_SENDER", "")
    return sender.rsplit("<", 1)[-1].strip(" >") or "nabolagspotten@larvik.kommune.no"

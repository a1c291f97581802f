"""The payment file for the bank: ISO 20022 ``pain.001.001.03`` (customer credit transfer initiation),
what Norwegian banks take since October 2024. Built with lxml from plain data, never from string
templates, so names with ``&``, ``<`` or æøå are always well-formed.

Account numbers are Norwegian BBANs (11 digits); amounts are whole kroner written with two decimals.
The payer (the municipality) comes from the settings ``PAYER_NAME``, ``PAYER_ACCOUNT``,
``PAYER_ORGNR`` and ``PAYER_BIC``.
"""
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str  # at most 35 characters
    amount: int  # kroner
    name: str
    account: str  # 11 digits
    text: str  # what the recipient sees on their statement


@dataclass(frozen=True)
class Payer:
    name: str
    account: str
    orgnr: str | None = None
    bic: str | None = None


def _add(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def _path(parent, *tags: str, text: str | None = None):
    for tag in tags[:-1]:
        parent = _add(parent, tag)
    return _add(parent, tags[-1], text)


def _kroner(amount: int) -> str:
    return f"{amount}.00"


def _bban(parent, tag: str, number: str) -> None:
    other = _path(parent, tag, "Id", "Othr")
    _add(other, "Id", number)
    _path(other, "SchmeNm", "Cd", text="BBAN")


def _organisation(parent, orgnr: str | None) -> None:
    if orgnr:
        other = _path(parent, "Id", "OrgId", "Othr")
        _add(other, "Id", orgnr)
        _path(other, "SchmeNm", "Cd", text="CUST")


def build(message_id: str, created: datetime, execution: date, payer: Payer, transfers: list[Transfer]) -> bytes:
    """The pain.001.001.03 document for ``transfers``, as UTF-8 bytes."""
    total = _kroner(sum(t.amount for t in transfers))
    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    initiation = _add(root, "CstmrCdtTrfInitn")
    header = _add(initiation, "GrpHdr")
    _add(header, "MsgId", message_id[:35])
    _add(header, "CreDtTm", created.replace(microsecond=0, tzinfo=None).isoformat())
    _add(header, "NbOfTxs", str(len(transfers)))
    _add(header, "CtrlSum", total)
    initiator = _add(header, "InitgPty")
    _add(initiator, "Nm", payer.name[:70])
    _organisation(initiator, payer.orgnr)

    info = _add(initiation, "PmtInf")
    _add(info, "PmtInfId", message_id[:35])
    _add(info, "PmtMtd", "TRF")
    _add(info, "NbOfTxs", str(len(transfers)))
    _add(info, "CtrlSum", total)
    _path(info, "PmtTpInf", "InstrPrty", text="NORM")
    _add(info, "ReqdExctnDt", execution.isoformat())
    debtor = _add(info, "Dbtr")
    _add(debtor, "Nm", payer.name[:70])
    _path(debtor, "PstlAdr", "Ctry", text="NO")
    _organisation(debtor, payer.orgnr)
    _bban(info, "DbtrAcct", payer.account)
    institution = _path(info, "DbtrAgt", "FinInstnId")
    if payer.bic:
        _add(institution, "BIC", payer.bic)
    else:
        _path(institution, "Othr", "Id", text="NOTPROVIDED")
    _add(info, "ChrgBr", "SLEV")
    for transfer in transfers:
        tx = _add(info, "CdtTrfTxInf")
        ids = _add(tx, "PmtId")
        _add(ids, "InstrId", transfer.end_to_end_id[:35])
        _add(ids, "EndToEndId", transfer.end_to_end_id[:35])
        _path(tx, "Amt", "InstdAmt", text=_kroner(transfer.amount)).set("Ccy", "NOK")
        creditor = _add(tx, "Cdtr")
        _add(creditor, "Nm", transfer.name[:70] or "-")
        _path(creditor, "PstlAdr", "Ctry", text="NO")
        _bban(tx, "CdtrAcct", transfer.account)
        _path(tx, "RmtInf", "Ustrd", text=transfer.text[:140])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

"""Helpers for the account tests: read what arrived at the SMTP server, post forms, age a token."""
import email
import html
import re
import time
from email import policy
from email.message import EmailMessage
from urllib.parse import urlsplit

from itsdangerous import TimestampSigner
from sqlalchemy import select

from potten.core.audit import AuditEntry
from potten.extensions import db
from tests.conftest import csrf_token

PASSWORD = "riktig-passord-1"


def mails_to(smtp, address: str) -> list[EmailMessage]:
    return [email.message_from_bytes(env.content, policy=policy.default)
            for env in smtp.messages if address in env.rcpt_tos]


def link_in(message: EmailMessage) -> str:
    """The path of the one link in a mail, to open it with the test client."""
    match = re.search(r"https?://\S+", message.get_content())
    assert match, "no link in the mail"
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def post_form(client, path: str, data: dict, form_page: str | None = None, **kwargs):
    """POST ``data`` to ``path`` with a CSRF token taken from ``form_page`` (default: ``path``)."""
    return client.post(path, data={"csrf_token": csrf_token(client, form_page or path), **data}, **kwargs)


def dated_back(seconds: int) -> type[TimestampSigner]:
    """A signer that dates its tokens ``seconds`` back: a link that was mailed that long ago."""
    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    return Earlier


def audit_entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def error_summary(page: str) -> list[str]:
    """The messages in the page's error summary, in order."""
    block = re.search(r'<div class="ds-error-summary".*?</ul>', page, re.S)
    if not block:
        return []
    return [html.unescape(m) for m in re.findall(r'<a class="ds-link" href="#[^"]*">([^<]*)</a>', block.group(0))]


def alerts(page: str) -> list[str]:
    """The texts of the page's alerts (flash messages and warnings)."""
    return [html.unescape(m) for m in re.findall(r'<div class="ds-alert"[^>]*>\s*<p class="ds-paragraph">(.*?)</p>',
                                                 page, re.S)]

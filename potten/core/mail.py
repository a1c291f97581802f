"""Outgoing mail: rendered in the recipient's language inside the unit of work,
sent after the commit through the outbox (SMTP, or .eml files on the embedded
default).

Attachments are named by reference (``{"kind": "letter", "letter_id": 7}``),
never copied into the outbox: a module registers how to load each kind, and
may register what to record once the mail has gone (in the same commit that
marks the entry done).
"""
import logging
import smtplib
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from potten.core import outbox

log = logging.getLogger(__name__)

# kind -> fn(spec) -> (data, maintype, subtype, filename)
ATTACHMENT_RESOLVERS: dict[str, Callable[[dict], tuple[bytes, str, str, str]]] = {}
# kind -> fn(spec): called after the mail carrying the attachment was accepted
ATTACHMENT_SENT: dict[str, Callable[[dict], None]] = {}


def send_mail(to: str, template: str, locale: str = "nb", attachments: list[dict] | None = None,
              **context) -> outbox.OutboxEntry:
    """Render ``templates/emails/<template>.txt`` (first line: the subject) in
    ``locale`` and add it to the outbox."""
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    domain = current_app.config["MAIL_SENDER"].rsplit("@", 1)[-1].strip(">") or "potten.local"
    return outbox.add(
        "send_mail", to=to, subject=subject.strip(), body=body.strip() + "\n",
        message_id=make_msgid(idstring=uuid.uuid4().hex, domain=domain),
        attachments=attachments or [],
    )


def build_message(to: str, subject: str, body: str, message_id: str,
                  attachments: list[dict]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content(body)
    for spec in attachments:
        data, maintype, subtype, filename = resolve_attachment(spec)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def resolve_attachment(spec: dict):
    """Load an attachment named by reference (e.g. a stored letter)."""
    return ATTACHMENT_RESOLVERS[spec["kind"]](spec)


@outbox.job("send_mail", queue="mail")
def deliver(to: str, subject: str, body: str, message_id: str, attachments: list[dict]) -> None:
    """Send one mail: by SMTP when ``POTTEN_MAIL_SERVER`` is set, else as an .eml file.

    The Message-ID is fixed when the mail is written, so a mail that is somehow
    sent twice is the same message to the recipient's mail program."""
    msg = build_message(to, subject, body, message_id, attachments)
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        _smtp_send(msg, cfg)
    else:
        _write_eml(msg, message_id, cfg)
    for spec in attachments:
        if spec["kind"] in ATTACHMENT_SENT:
            ATTACHMENT_SENT[spec["kind"]](spec)


def _smtp_send(msg: EmailMessage, cfg) -> None:
    try:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
        log.info("Mail to %s sent through %s: %s", msg["To"], cfg["MAIL_SERVER"], msg["Subject"])
    except smtplib.SMTPRecipientsRefused as exc:
        if all(code >= 500 for code, _ in exc.recipients.values()):
            raise outbox.PermanentError(f"the mail server refuses {', '.join(exc.recipients)}") from exc
        raise
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code >= 500 and not isinstance(exc, smtplib.SMTPAuthenticationError):
            raise outbox.PermanentError(f"the mail server refused the mail: {exc.smtp_code} {exc.smtp_error!r}") \
                from exc
        raise


def _write_eml(msg: EmailMessage, message_id: str, cfg) -> None:
    folder = Path(cfg.get("MAIL_DIR") or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (message_id.strip("<>").split("@")[0] + ".eml")
    path.write_bytes(msg.as_bytes())
    log.info("Mail to %s written to %s", msg["To"], path)

"""Outgoing mail: rendered in the recipient's language inside the unit of work,
sent after the commit through the outbox (SMTP, or .eml files on the embedded
default)."""
import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from potten.core import outbox

log = logging.getLogger(__name__)


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


ATTACHMENT_RESOLVERS = {}


def resolve_attachment(spec: dict):
    """An attachment is named by reference (e.g. a stored letter), never copied into the outbox."""
    return ATTACHMENT_RESOLVERS[spec["kind"]](spec)


@outbox.job("send_mail", queue="mail")
def deliver(to: str, subject: str, body: str, message_id: str, attachments: list[dict]) -> None:
    """Send one mail: by SMTP when ``POTTEN_MAIL_SERVER`` is set, else as an .eml file."""
    msg = build_message(to, subject, body, message_id, attachments)
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
        return
    folder = Path(cfg.get("MAIL_DIR") or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    name = message_id.strip("<>").split("@")[0] + ".eml"
    path = folder / name
    path.write_bytes(msg.as_bytes())
    log.warning("Mail to %s written to %s", to, path)

"""The finance desk's lists as HTML, built in one pass in Python (as ``potten.public.grants_html`` builds
the grants): the queues of payouts and the repayment claims. A Jinja loop paid a call through the template
context, a translation and an escape for every cell; here the labels and fixed texts are translated once
per page, only what people typed (case numbers, names, notes, reasons) is escaped, and every cell carries
its column's ``data-label`` already, so the tables are marked ``data-labelled``. The markup is the one the
desk's template had.
"""
from markupsafe import Markup, escape

from potten.core.formatting import day, money
from potten.core.i18n import gettext
from potten.core.tables import cell_labels
from potten.finance.desk import ClaimRow, QueueRow
from potten.finance.models import PayoutStatus
from potten.reports.models import ClaimStatus

S = PayoutStatus


def _(string: str, **variables) -> Markup:
    """A text as a template's ``_()`` gives it: the translation as markup, its variables escaped."""
    return Markup(gettext(string)) % variables


def queue_tables(queues: dict[PayoutStatus, list[QueueRow]], case_url: str, batch_url: str, me: int,
                 chosen=()) -> dict[PayoutStatus, Markup]:
    """Each queue's table; ``case_url`` and ``batch_url`` end where the id goes; ``me``: the viewer's id
    (one does not authorise what one attested); ``chosen``: the payouts ticked to send (a refused send)."""
    heads = [_("Case"), _("Recipient"), _("Focus area"), _("Amount"), _("Asked for"), _("Next step")]
    case, recipient, area, amount, asked, step = cell_labels(*heads)
    send_head = _("Send")
    send, = cell_labels(send_head)
    head_cells = (f'<th scope="col">{heads[0]}</th><th scope="col">{heads[1]}</th><th scope="col">{heads[2]}</th>'
                  f'\n      <th scope="col" class="num">{heads[3]}</th><th scope="col">{heads[4]}</th>'
                  f'<th scope="col">{heads[5]}</th>\n    </tr></thead>\n    <tbody>\n')
    fixed = {S.REQUESTED: _("Check and attest"), S.ATTESTED: _("Authorise"),
             S.AUTHORISED: _("Choose it and send to payment")}
    own = _("You attested it; another person authorises")
    batch_text, send_text = Markup(gettext("Payment batch %(id)s")), Markup(gettext("Send %(case)s to payment"))
    tables = {}
    for status, rows in queues.items():
        sending = status == S.AUTHORISED
        out = ['<table class="ds-table queue" data-labelled>\n    <thead><tr>\n      ',
               f'<th scope="col">{send_head}</th>' if sending else "", head_cells]
        for row in rows:
            link = f"{case_url}{row.application_id}"
            if status == S.REQUESTED or (status == S.ATTESTED and row.attested_by_id != me):
                next_step = f'<a class="ds-link" href="{link}#payout-{row.id}">{fixed[status]}</a>'
            elif status == S.ATTESTED:
                next_step = own
            elif status == S.SENT:
                batch = batch_text % {"id": row.batch_id}
                next_step = f'<a class="ds-link" href="{batch_url}{row.batch_id}">{batch}</a>'
            elif status == S.FAILED:
                next_step = escape(row.note) if row.note is not None else ""
            else:
                next_step = fixed.get(status, "")
            tick = ""
            if sending:
                checked = " checked" if row.id in chosen else ""
                tick = (f'<td{send}><input class="ds-input" type="checkbox" form="send-form" name="payouts" '
                        f'value="{row.id}" id="send-{row.id}"{checked} '
                        f'aria-label="{send_text % {"case": row.case_number}}">'
                        f'<input type="hidden" form="send-form" name="v-{row.id}" value="{row.version}"></td>')
            out.append(f'      <tr>{tick}<td{case}><a class="ds-link" href="{link}">{escape(row.case_number)}</a></td>'
                       f'<td{recipient}>{escape(row.recipient)}</td><td{area}>{escape(row.area)}</td>'
                       f'<td class="num"{amount}>{escape(money(row.amount))}</td>'
                       f'<td{asked}>{day(row.requested_at)}</td><td{step}>{next_step}</td></tr>\n')
        out.append("    </tbody>\n  </table>")
        tables[status] = Markup("".join(out))
    return tables


def open_claims_table(claims: list[ClaimRow], claim_url: str, record_url: str, csrf_token: str,
                      waiving: int | None = None, reason: str = "", error: str | None = None) -> Markup:
    """The open repayment claims, each with its two forms (paid back; waived, with the reason); ``waiving``:
    the claim whose waiver was refused, shown with the ``reason`` typed and the ``error``."""
    case, recipient, amount, pay_by, record = cell_labels(
        _("Case"), _("Recipient"), _("Amount"), _("Pay by"), _("Record"))
    token = f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">'
    paid, waive = _("Paid back"), _("Waive")
    undecided = Markup(gettext("No repayment decision yet (answer by %(day)s)"))
    reason_label = Markup(gettext("Reason to waive the claim of %(case)s"))
    out = ['<table class="ds-table" data-labelled>\n        <thead><tr>'
           f'<th scope="col">{_("Case")}</th><th scope="col">{_("Recipient")}</th>'
           f'<th scope="col" class="num">{_("Amount")}</th><th scope="col">{_("Pay by")}</th>'
           f'<th scope="col">{_("Record")}</th></tr></thead>\n        <tbody>\n']
    for c in claims:
        number, action = escape(c.case_number), f"{record_url}{c.id}"
        due = day(c.pay_by) if c.pay_by else undecided % {"day": day(c.answer_by)}
        mine = waiving == c.id
        invalid = ""
        message = ""
        if mine and error:
            invalid = f' aria-invalid="true" aria-describedby="waive-{c.id}-error"'
            message = f'<p class="ds-validation-message" id="waive-{c.id}-error">{escape(error)}</p>'
        value = escape(reason or "") if mine else ""
        out.append(
            f'          <tr id="claim-{c.id}">'
            f'<td{case}><a class="ds-link" href="{claim_url}{c.id}">{number}</a></td>'
            f'<td{recipient}>{escape(c.recipient)}</td><td class="num"{amount}>{escape(money(c.amount))}</td>'
            f'<td{pay_by}>{due}</td>'
            f'<td{record}>\n              <form method="post" action="{action}">{token}'
            f'<button class="ds-button" data-variant="secondary" data-size="sm" type="submit" name="action" '
            f'value="paid">{paid}</button></form>\n'
            f'              <form method="post" action="{action}" class="inline-form">{token}'
            f'<label class="ds-label" data-size="sm" for="waive-{c.id}">'
            f'{reason_label % {"case": c.case_number}}</label>'
            f'<input class="ds-input" id="waive-{c.id}" name="reason" type="text" value="{value}"{invalid}>'
            f'{message}<button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" '
            f'name="action" value="waive">{waive}</button></form>\n            </td></tr>\n')
    out.append("        </tbody>\n      </table>")
    return Markup("".join(out))


def closed_claims_list(claims: list[ClaimRow]) -> Markup:
    """The recently closed claims, one line each."""
    paid = _("paid back")
    out = []
    for c in claims:
        how = paid if c.status == ClaimStatus.PAID else _("waived: %(reason)s", reason=c.waive_reason)
        out.append(f"<li>{escape(c.case_number)} – {escape(c.recipient)}: {escape(money(c.amount))}, {how} "
                   f"({day(c.closed_at)})</li>\n")
    return Markup("".join(out))

"""The database's version ``payouts`` (``potten.core.versions``) of what the payouts exports and the finance
desk's money read: the payouts, the repayment claims, the focus areas' budgets and grants, and the names and
numbers shown beside a payout. The exports' files and the desk's sums are kept under it
(``potten.core.version_cache``) and built once per change.

``queries.export_rows``, ``queries.money_and_queues``, ``queries.queue_rows`` and ``queries.claims`` read
these columns (tests/finance/test_money_cache.py checks their statements against this list).
"""
from potten.core import versions

# a row of these tables counts when a payout or a repayment claim shows it
_SHOWN = ("EXISTS (SELECT 1 FROM payout p WHERE p.application_id = {row}.id)"
          " OR EXISTS (SELECT 1 FROM repayment_claim c WHERE c.application_id = {row}.id)")
_PAID_TO = ("EXISTS (SELECT 1 FROM payout p JOIN application a ON a.id = p.application_id"
            " WHERE a.{column} = {{row}}.id)"
            " OR EXISTS (SELECT 1 FROM repayment_claim c JOIN application a ON a.id = c.application_id"
            " WHERE a.{column} = {{row}}.id)")

VERSION = versions.watch(
    "payouts",
    versions.Watch("payout", ("status", "paid_at", "sent_at", "amount", "account_number", "batch_id",
                              "attested_by_id", "authorised_by_id", "position", "decision_id", "application_id",
                              "focus_area_id", "due_on", "due_at", "version", "requested_at", "note")),
    versions.Watch("repayment_claim", ("status", "amount", "application_id", "answer_by", "pay_by", "closed_at",
                                       "waive_reason")),
    versions.Watch("focus_area", ("name", "name_en", "budget", "committed", "position", "round_id")),
    versions.Watch("round", ("title", "title_en", "opens_at")),
    versions.Watch("application", ("case_number", "title", "applicant_id", "organisation_id", "focus_area_id",
                                   "round_id"),
                   _SHOWN),
    versions.Watch("decision", ("decided_at",), "EXISTS (SELECT 1 FROM payout p WHERE p.decision_id = {row}.id)"),
    versions.Watch("user", ("name",),
                   _PAID_TO.format(column="applicant_id")
                   + " OR EXISTS (SELECT 1 FROM payout p WHERE p.attested_by_id = {row}.id"
                   " OR p.authorised_by_id = {row}.id)"),
    versions.Watch("organisation", ("name", "orgnr"), _PAID_TO.format(column="organisation_id")),
)

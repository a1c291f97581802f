"""``review_summary``, the running totals of each application's submitted reviews, kept by the
database itself: triggers on ``review`` add a review when it is submitted, take it away when it is
no longer (or is deleted), and both when its figures change, whoever makes the change (the ORM, a
Core statement, a person in ``psql``). Each change is one atomic ``INSERT … ON CONFLICT DO UPDATE``
of increments, so two reviewers submitting at the same moment are both counted.

The same DDL is attached to the metadata (``db.create_all()``) and run by the migration that made it.
"""
from sqlalchemy import DDL, event

from potten.review.models import Review

SUBMITTED = "'submitted'"
# review_summary's columns, each as what one review (``{row}``: NEW or OLD) adds to it
ADDS = {
    "reviews": "1",
    "weighted_total": "coalesce({row}.weighted_total, 0)",
    "weight_total": "coalesce({row}.weight_total, 0)",
    '"full"': "CASE WHEN {row}.recommendation = 'grant_full' THEN 1 ELSE 0 END",
    "part": "CASE WHEN {row}.recommendation = 'grant_part' THEN 1 ELSE 0 END",
    "reject": "CASE WHEN {row}.recommendation = 'reject' THEN 1 ELSE 0 END",
    "recommended_total": "coalesce({row}.recommended_amount, 0)",
}
WATCHED = ("application_id", "status", "weighted_total", "weight_total", "recommendation", "recommended_amount")


def _count(row: str, sign: str) -> str:
    """Add (``sign`` "+", an upsert) or take away ("-") the review ``row`` from its application's totals."""
    if sign == "-":  # the row is there since the review was added (unless the summary was emptied first)
        differences = ", ".join(f"{name} = {name} - ({value.format(row=row)})" for name, value in ADDS.items())
        return f"UPDATE review_summary SET {differences} WHERE application_id = {row}.application_id;"
    names = ", ".join(ADDS)
    values = ", ".join(value.format(row=row) for value in ADDS.values())
    sums = ", ".join(f"{name} = review_summary.{name} + excluded.{name}" for name in ADDS)
    return (f"INSERT INTO review_summary (application_id, {names}) VALUES ({row}.application_id, {values}) "
            f"ON CONFLICT (application_id) DO UPDATE SET {sums};")


def postgresql() -> list[str]:
    changed = f"(OLD.{', OLD.'.join(WATCHED)}) IS DISTINCT FROM (NEW.{', NEW.'.join(WATCHED)})"
    return [
        f"""CREATE OR REPLACE FUNCTION review_summary_keep() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = {SUBMITTED} THEN {_count('OLD', '-')} END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = {SUBMITTED} THEN {_count('NEW', '+')} END IF;
              RETURN NULL;
            END $$""",
        """CREATE OR REPLACE TRIGGER review_summary_insert_delete AFTER INSERT OR DELETE ON review
            FOR EACH ROW EXECUTE FUNCTION review_summary_keep()""",
        f"""CREATE OR REPLACE TRIGGER review_summary_update AFTER UPDATE OF {', '.join(WATCHED)} ON review
            FOR EACH ROW WHEN ((OLD.status = {SUBMITTED} OR NEW.status = {SUBMITTED}) AND {changed})
            EXECUTE FUNCTION review_summary_keep()""",
    ]


def sqlite() -> list[str]:
    changed = " OR ".join(f"OLD.{name} IS NOT NEW.{name}" for name in WATCHED)
    return [
        f"""CREATE TRIGGER IF NOT EXISTS review_summary_insert AFTER INSERT ON review FOR EACH ROW
            WHEN NEW.status = {SUBMITTED} BEGIN {_count('NEW', '+')} END""",
        f"""CREATE TRIGGER IF NOT EXISTS review_summary_delete AFTER DELETE ON review FOR EACH ROW
            WHEN OLD.status = {SUBMITTED} BEGIN {_count('OLD', '-')} END""",
        # an update takes the old figures away and adds the new ones (in either order: the sums are the same)
        f"""CREATE TRIGGER IF NOT EXISTS review_summary_update_out AFTER UPDATE OF {', '.join(WATCHED)} ON review
            FOR EACH ROW WHEN OLD.status = {SUBMITTED} AND ({changed}) BEGIN {_count('OLD', '-')} END""",
        f"""CREATE TRIGGER IF NOT EXISTS review_summary_update_in AFTER UPDATE OF {', '.join(WATCHED)} ON review
            FOR EACH ROW WHEN NEW.status = {SUBMITTED} AND ({changed}) BEGIN {_count('NEW', '+')} END""",
    ]


DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def create(dialect: str) -> list[str]:
    """The statements that create the triggers on ``dialect`` (the migration runs them too)."""
    return DIALECTS[dialect]()


def drop(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return ["DROP FUNCTION IF EXISTS review_summary_keep() CASCADE"]
    return [f"DROP TRIGGER IF EXISTS review_summary_{name}" for name in ("insert", "delete", "update_out", "update_in")]


for _dialect in DIALECTS:
    for _statement in create(_dialect):
        event.listen(Review.metadata, "after_create", DDL(_statement).execute_if(dialect=_dialect))

"""The reports area."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from potten.applications import checks  # noqa: E402
from potten.reports import queries, receivers, views  # noqa: E402,F401

checks.EXTRA_CHECKS.append(queries.earlier_reports_check)

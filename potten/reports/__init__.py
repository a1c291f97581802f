"""The reports area."""
from flask import Blueprint

__all__ = ["bp", "queries", "receivers", "views"]

bp = Blueprint("reports", __name__)

from potten.applications import checks
from potten.reports import queries, receivers, views  # each registers its routes on bp; receivers its signals

checks.EXTRA_CHECKS.append(queries.earlier_reports_check)

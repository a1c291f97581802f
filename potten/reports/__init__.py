"""The reports area."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from potten.reports import views  # noqa: E402,F401

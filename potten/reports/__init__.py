"""The reports area."""
from flask import Blueprint

__all__ = ["bp", "views"]

bp = Blueprint("reports", __name__)

from potten.reports import views  # each registers its routes on bp

"""The finance area."""
from flask import Blueprint

__all__ = ["bp", "views"]

bp = Blueprint("finance", __name__)

from potten.finance import views  # each registers its routes on bp

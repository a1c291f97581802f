"""The rounds area."""
from flask import Blueprint

__all__ = ["bp", "views"]

bp = Blueprint("rounds", __name__)

from potten.rounds import views  # each registers its routes on bp

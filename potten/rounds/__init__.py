"""The rounds area."""
from flask import Blueprint

bp = Blueprint("rounds", __name__)

from potten.rounds import views  # noqa: E402,F401

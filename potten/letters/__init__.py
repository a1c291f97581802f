"""The letters area."""
from flask import Blueprint

bp = Blueprint("letters", __name__)

from potten.letters import views  # noqa: E402,F401

"""The decisions area."""
from flask import Blueprint

bp = Blueprint("decisions", __name__)

from potten.decisions import summary, views  # noqa: E402,F401

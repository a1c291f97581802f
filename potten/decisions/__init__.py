"""The decisions area."""
from flask import Blueprint

bp = Blueprint("decisions", __name__)

from potten.decisions import timeline, views, views_ranking  # noqa: E402,F401

"""The decisions area."""
from flask import Blueprint

__all__ = ["bp", "timeline", "views", "views_admin", "views_ranking"]

bp = Blueprint("decisions", __name__)

from potten.decisions import timeline, views, views_admin, views_ranking  # routes on bp; timeline: a section

"""The decisions area."""
from flask import Blueprint

__all__ = ["bp", "summary", "timeline", "views", "views_admin", "views_ranking"]

bp = Blueprint("decisions", __name__)

from potten.decisions import (  # routes, globals; timeline: a section
    summary,
    timeline,
    views,
    views_admin,
    views_ranking,
)

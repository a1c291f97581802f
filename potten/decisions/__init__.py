"""The decisions area."""
from flask import Blueprint

__all__ = ["bp", "summary", "views", "views_admin"]

bp = Blueprint("decisions", __name__)

from potten.decisions import summary, views, views_admin  # each registers its routes (and globals) on bp

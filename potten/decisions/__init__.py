"""The decisions area."""
from flask import Blueprint

__all__ = ["bp", "views", "views_admin"]

bp = Blueprint("decisions", __name__)

from potten.decisions import views, views_admin  # each registers its routes on bp

"""The review area."""
from flask import Blueprint

__all__ = ["bp", "views", "views_manage"]

bp = Blueprint("review", __name__)

from potten.review import views, views_manage  # each registers its routes on bp

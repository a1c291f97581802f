"""The admin area."""
from flask import Blueprint

__all__ = ["bp", "views"]

bp = Blueprint("admin", __name__)

from potten.admin import views  # each registers its routes on bp

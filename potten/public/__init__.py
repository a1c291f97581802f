"""The public area."""
from flask import Blueprint

__all__ = ["bp", "views"]

bp = Blueprint("public", __name__)

from potten.public import views  # each registers its routes on bp

"""The public area."""
from flask import Blueprint

__all__ = ["bp", "pages", "start", "views"]

bp = Blueprint("public", __name__)

from potten.public import pages, start, views  # each registers its routes on bp

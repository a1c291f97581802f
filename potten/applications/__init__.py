"""The applications area."""
from flask import Blueprint

__all__ = ["bp", "files", "steps", "views"]

bp = Blueprint("applications", __name__)

from potten.applications import files, steps, views  # each registers its routes on bp

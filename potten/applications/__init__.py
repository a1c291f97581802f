"""The applications area."""
from flask import Blueprint

bp = Blueprint("applications", __name__)

from potten.applications import files, steps, views  # noqa: E402,F401

"""The public area."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from potten.public import pages, start, views  # noqa: E402,F401

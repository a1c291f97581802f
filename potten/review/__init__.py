"""The review area."""
from flask import Blueprint

bp = Blueprint("review", __name__)

from potten.review import views  # noqa: E402,F401

"""The public area."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from potten.public import (
    start,  # noqa: E402,F401
    views,  # noqa: E402,F401
)

"""The finance area."""
from flask import Blueprint

bp = Blueprint("finance", __name__)

from potten.finance import views  # noqa: E402,F401

"""The accounts area."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from potten.accounts import views  # noqa: E402,F401

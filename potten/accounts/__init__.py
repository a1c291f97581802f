"""The accounts area: log in, registration, verification, password reset, profile, organisations."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from potten.accounts import organisation_views, profile_views, views  # noqa: E402,F401

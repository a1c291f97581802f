"""The accounts area: log in, registration, verification, password reset, profile, organisations."""
from flask import Blueprint

__all__ = ["bp", "organisation_views", "profile_views", "views"]

bp = Blueprint("accounts", __name__)

from potten.accounts import organisation_views, profile_views, views  # each registers its routes on bp

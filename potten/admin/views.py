"""Views of the admin area."""
from potten.admin import bp  # noqa: F401

"""Views of the reports area."""
from potten.reports import bp  # noqa: F401

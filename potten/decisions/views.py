"""Views of the decisions area."""
from potten.decisions import bp  # noqa: F401

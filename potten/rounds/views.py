"""Views of the rounds area."""
from potten.rounds import bp  # noqa: F401

"""Views of the letters area."""
from potten.letters import bp  # noqa: F401

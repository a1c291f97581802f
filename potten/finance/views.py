"""Views of the finance area."""
from potten.finance import bp  # noqa: F401

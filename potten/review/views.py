"""Views of the review area."""
from potten.review import bp  # noqa: F401

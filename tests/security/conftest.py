"""The hardening tests share the review tests' way of switching users."""
from tests.review.conftest import log_in  # noqa: F401

from tests.review.conftest import in_request, log_in  # noqa: F401  (the same fixtures for every area)

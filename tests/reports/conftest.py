from tests.review.conftest import in_request, log_in  # noqa: F401  (the same fixtures for every area)
from tests.workers.conftest import worker_process  # noqa: F401  (real worker processes)

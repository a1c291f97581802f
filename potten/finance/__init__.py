"""The finance area: payouts of grants, the finance desk, exports for accounting and the bank."""
from flask import Blueprint

bp = Blueprint("finance", __name__)

from potten.finance import plan, views, views_applicant, views_batches  # noqa: E402,F401

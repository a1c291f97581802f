"""The finance area: payouts of grants, the finance desk, exports for accounting and the bank."""
from flask import Blueprint

__all__ = ["bp", "closing", "plan", "views", "views_applicant", "views_batches"]

bp = Blueprint("finance", __name__)

# each registers its routes on bp (plan: the receivers that plan payouts when a grant is accepted or changed)
# closing: the receivers that close a grant when its report is approved or its last claim closed
from potten.finance import closing, plan, views, views_applicant, views_batches

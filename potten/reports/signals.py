"""Signals of the reports area, for the layers above it (finance) to react in the same unit of work."""
from blinker import Namespace

_signals = Namespace()

# sender: the FinalReport, just approved; kwargs: actor. Finance makes the held-back payout due.
report_approved = _signals.signal("report-approved")

# sender: the RepaymentClaim, just closed as paid back or waived; kwargs: actor. Finance closes the grant
# when that was the last thing owed.
claim_closed = _signals.signal("claim-closed")

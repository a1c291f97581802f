"""Signals: how a lower layer lets a higher one react inside the same unit of work.

Layers point down only (``decisions`` never imports ``finance``). When a change in a lower
layer must change rows of a higher one in the same transaction (a decision changed after an
appeal changes the grant's payout plan), the lower operation sends a signal and the higher
package connects a receiver at import. Receivers run synchronously, in the sender's session
and transaction; they flush, never commit.
"""
from blinker import Namespace

_signals = Namespace()

decision_made = _signals.signal("decision-made")  # sender: the Decision; kwargs: actor, replaces (Decision | None)
# sender: the Appeal, sent on to the appeals board or decided by it; kwargs: actor
appeal_moved = _signals.signal("appeal-moved")
grant_accepted = _signals.signal("grant-accepted")  # sender: the Decision; kwargs: actor (None when automatic)

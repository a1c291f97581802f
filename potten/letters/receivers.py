"""How letters follow what happens in the lower layers: a decision made (or an appeal
moved on) issues its letter in the same unit of work (see ``potten.core.signals``)."""
from potten.applications.timeline import describe_action
from potten.core import signals
from potten.core.i18n import lazy_gettext as _l
from potten.letters.operations import issue_appeal_letter, issue_letter


@signals.decision_made.connect
def _decision_made(decision, actor, replaces=None, **extra) -> None:
    issue_letter(decision, actor)


@signals.appeal_moved.connect
def _appeal_moved(appeal, actor, **extra) -> None:
    issue_appeal_letter(appeal, actor)


describe_action("letter.sent", _l("A letter was sent by e-mail to %(to)s."), True)

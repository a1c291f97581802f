"""Decision letters (vedtaksbrev). Called by ``decisions.operations`` in the decision's unit of work."""


def issue_letter(decision, actor) -> None:
    """Record a letter for ``decision`` and add the outbox entry that builds and mails it.

    Placeholder until the letters work lands: the decision is still made and logged.
    """

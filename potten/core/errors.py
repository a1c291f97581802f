"""Domain errors: operations raise them, views turn them into messages."""


class DomainError(Exception):
    """A rule of the scheme was broken; ``message`` is already translated (lazy)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(DomainError):
    pass


class NotAllowed(DomainError):
    pass

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


class Problems(DomainError):
    """Several broken rules at once, so a form can show every error together: ``problems`` is
    a list of (field or None, message)."""

    def __init__(self, problems: list[tuple[str | None, object]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self.problems = list(problems)


class Checklist:
    """Collects the broken rules of one form; ``raise_if_any()`` raises them all as ``Problems``.

    ``checks = Checklist(); checks.add(_l("Write the reason."), "reasons"); ...; checks.raise_if_any()``
    """

    def __init__(self):
        self.problems: list[tuple[str | None, object]] = []

    def add(self, message, field: str | None = None) -> None:
        self.problems.append((field, message))

    def has(self, field: str) -> bool:
        return any(f == field for f, _ in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise Problems(self.problems)


def problems_of(exc: DomainError) -> list[tuple[str | None, object]]:
    """Every (field, message) an error carries: one for a plain ``DomainError``."""
    return getattr(exc, "problems", None) or [(exc.field, exc.message)]

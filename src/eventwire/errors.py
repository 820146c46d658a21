"""One error hierarchy for eventwire.

Every message names the input, the cause and, where there is one, the fix, so a user reading a
log line from a batch of thousands knows which article failed and why.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Root of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input (file, record, argument) cannot be read or is not valid."""

    def __init__(self, source: str, cause: str, fix: str | None = None) -> None:
        self.source = source
        self.cause = cause
        self.fix = fix
        message = f"{source}: {cause}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)


class ModelError(EventwireError):
    """The spaCy pipeline cannot be loaded."""


class DataError(EventwireError):
    """A packaged or user-supplied data file (actors, triggers, places) is malformed."""

    def __init__(self, path: str, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path}: {cause}")


class StoreError(EventwireError):
    """The database backend failed; the message names the backend and URL (without password)."""

    def __init__(self, backend: str, cause: str) -> None:
        self.backend = backend
        self.cause = cause
        super().__init__(f"{backend}: {cause}")

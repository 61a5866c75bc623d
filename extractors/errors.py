"""dateline's one exception hierarchy: every project error derives from `DatelineError`.

Each class has a stable `code` (printed by the CLI, safe to grep for and to look up in README) and a
message that says what to do. The built-in base each one also has (`ValueError`, `RuntimeError`,
`FileNotFoundError`, ...) stays, so callers that caught those keep working. Modelled on httpx's single
hierarchy and spaCy's coded errors.
"""
from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose; `code` is stable across versions."""

    code = "D000"


def error_classes() -> dict[str, type[DatelineError]]:
    """Code -> class for every DatelineError subclass defined so far (used by tests and docs)."""
    found: dict[str, type[DatelineError]] = {}
    pending: list[type[DatelineError]] = [DatelineError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return found

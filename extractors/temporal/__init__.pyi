"""Public names of `extractors.temporal`, read by `__init__.py` (lazily loaded) and by type checkers.

Each name is imported `as` itself: an explicit re-export for type checkers."""
from .finder import find_timexes as find_timexes
from .model import TIMEX3_VALUE_RE as TIMEX3_VALUE_RE, Timex as Timex
from .ranges import value_range as value_range
from .resolve import normalise as normalise

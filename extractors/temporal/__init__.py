"""Temporal expressions: find TIMEX3 expressions in a parsed doc and resolve their values.

Public API: ``Timex``, ``find_timexes``, ``normalise``, ``value_range``, ``TIMEX3_VALUE_RE``.
Knows nothing of Prefect or DuckDB.
"""
from .finder import find_timexes
from .model import TIMEX3_VALUE_RE, Timex
from .ranges import value_range
from .resolve import normalise

__all__ = ["TIMEX3_VALUE_RE", "Timex", "find_timexes", "normalise", "value_range"]

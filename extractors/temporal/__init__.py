"""Temporal expressions: find TIMEX3 expressions in a parsed doc and resolve their values.

Public API: ``Timex``, ``find_timexes``, ``normalise``, ``value_range``, ``TIMEX3_VALUE_RE``.
Knows nothing of Prefect or DuckDB. Loaded lazily (names in `__init__.pyi`), so reading the
month table for publication dates does not import spaCy.
"""
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

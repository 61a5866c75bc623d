"""Calendar ranges covered by DATE values (for event dating and range queries).

Seasons are meteorological, northern hemisphere: SP = Mar-May, SU = Jun-Aug,
FA = Sep-Nov, WI = December of the value's year to the end of February of the next.
"""
from __future__ import annotations

import datetime as dt
import re

from . import cal

__all__ = ["value_range"]

_DECADE_RE = re.compile(r"(\d{3})(?:X|0s)")
_CENTURY_RE = re.compile(r"(\d{2})(?:XX)?")  # "19" (TIMEX3), or "19XX"
_TIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})T.+")


def _end(gran: str, first: dt.date) -> dt.date:
    one = dt.timedelta(days=1)
    if gran == "day":
        return first
    if gran == "weekend":
        return first + one
    if gran == "week":
        return first + 6 * one
    months = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}[gran]
    try:
        return cal.add_months(first, months) - one
    except (ValueError, OverflowError):
        return dt.date.max


def value_range(value: str) -> tuple[dt.date, dt.date, str] | None:
    """Inclusive (first day, last day, granularity) of a resolved DATE/TIME value; None otherwise."""
    try:
        if not isinstance(value, str):
            return None
        m = _TIME_RE.fullmatch(value)
        if m is not None:
            got = cal.parse_value(m.group(1))
            return (got[1], got[1], "time") if got else None
        m = _DECADE_RE.fullmatch(value)
        if m is not None:
            first = dt.date(max(int(m.group(1)) * 10, 1), 1, 1)
            return first, dt.date(int(m.group(1)) * 10 + 9, 12, 31), "decade"
        m = _CENTURY_RE.fullmatch(value)
        if m is not None:
            first = dt.date(max(int(m.group(1)) * 100, 1), 1, 1)
            return first, dt.date(int(m.group(1)) * 100 + 99, 12, 31), "century"
        got = cal.parse_value(value)
        if got is None:
            return None
        gran, first = got
        return first, _end(gran, first), gran
    except (ValueError, OverflowError, TypeError):
        return None

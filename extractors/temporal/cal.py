"""Calendar arithmetic on TIMEX3 values.

Every resolved DATE value is handled as (granularity, first day); shifting and
coarsening happen on that pair so that "a year earlier" after "the third
quarter" stays a quarter.  All functions raise ValueError/OverflowError on
out-of-range dates; callers turn those into X-ed or missing values.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

__all__ = [
    "GRANS",
    "Anchor",
    "Granularity",
    "add_months",
    "coarsen",
    "fmt",
    "parse_value",
    "quarter_of",
    "season_of",
    "shift",
    "weekday_near",
]

# The calendar's units, finest first; the index is used to compare granularities.
Granularity = Literal["day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century"]
GRANS: tuple[Granularity, ...] = get_args(Granularity)
_RANK: dict[str, int] = {g: i for i, g in enumerate(GRANS)}
SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}   # meteorological, northern hemisphere

Anchor = tuple[str, dt.date]

_VALUE_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T.*)?)?|W(?P<w>\d{1,2})(?P<we>-WE)?"
    r"|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<s>SP|SU|FA|WI)))?"
    r"|(?P<dec>\d{3})X|(?P<cen>\d{2})XX"
)


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months, clamping the day (Jan 31 + 1 -> Feb 28)."""
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, min(day, d.day))
        except ValueError:
            continue
    raise ValueError("bad date")


def season_of(d: dt.date) -> tuple[int, str]:
    """Season containing ``d``; January/February belong to the previous year's winter."""
    if d.month in (1, 2):
        return d.year - 1, "WI"
    return d.year, {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA", 12: "WI"}[d.month]


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def parse_value(value: str | None) -> Anchor | None:
    """The (granularity, first day) of a fully resolved DATE/TIME value, else None."""
    if not value:
        return None
    m = _VALUE_RE.fullmatch(value)
    if not m:
        return None
    try:
        if m["dec"]:
            return "decade", dt.date(int(m["dec"]) * 10 or 1, 1, 1)
        if m["cen"]:
            return "century", dt.date(int(m["cen"]) * 100 or 1, 1, 1)
        y = int(m["y"])
        if m["d"]:
            return "day", dt.date(y, int(m["m"]), int(m["d"]))
        if m["m"]:
            return "month", dt.date(y, int(m["m"]), 1)
        if m["w"]:
            monday = dt.date.fromisocalendar(y, int(m["w"]), 1)
            return ("weekend", monday + dt.timedelta(days=5)) if m["we"] else ("week", monday)
        if m["q"]:
            return "quarter", dt.date(y, 3 * int(m["q"]) - 2, 1)
        if m["h"]:
            return "half", dt.date(y, 6 * int(m["h"]) - 5, 1)
        if m["s"]:
            return "season", dt.date(y, SEASON_MONTH[m["s"]], 1)
        return "year", dt.date(y, 1, 1)
    except (ValueError, OverflowError):
        return None


def fmt(gran: str, d: dt.date) -> str:
    """Format the unit of granularity ``gran`` containing ``d`` as a TIMEX3 value."""
    y = d.year
    if gran == "day":
        return f"{y:04d}-{d.month:02d}-{d.day:02d}"
    if gran in ("week", "weekend"):
        iy, iw, _ = d.isocalendar()
        return f"{iy:04d}-W{iw:02d}" + ("-WE" if gran == "weekend" else "")
    if gran == "month":
        return f"{y:04d}-{d.month:02d}"
    if gran == "quarter":
        return f"{y:04d}-Q{quarter_of(d)}"
    if gran == "half":
        return f"{y:04d}-H{1 if d.month <= 6 else 2}"
    if gran == "season":
        sy, s = season_of(d)
        if sy < 1:
            raise ValueError("year out of range")
        return f"{sy:04d}-{s}"
    if gran == "year":
        return f"{y:04d}"
    if gran == "decade":
        return f"{y // 10:03d}X"
    if gran == "century":
        return f"{y // 100:02d}XX"
    raise ValueError(gran)


_UNIT_MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
_UNIT_DAYS = {"day": 1, "week": 7, "weekend": 7}


def shift(anchor: Anchor, n: int, unit: str) -> Anchor:
    """Move ``anchor`` by ``n`` units, keeping its granularity when it is at least as fine."""
    gran, d = anchor
    if unit in _UNIT_DAYS:
        d = d + dt.timedelta(days=n * _UNIT_DAYS[unit])
    else:
        d = add_months(d, n * _UNIT_MONTHS[unit])
    return gran, d


def coarsen(anchor: Anchor, gran: str) -> Anchor | None:
    """Re-express ``anchor`` at a coarser (or equal) granularity; None if it is coarser already."""
    if _RANK[anchor[0]] > _RANK.get(gran, 0) and not (anchor[0] == "season" and gran in ("month",)):
        return None
    return gran, anchor[1]


def weekday_near(ref: dt.date, wd: int, direction: str) -> dt.date:
    """The ``wd`` weekday (Mon=0) on/before ``ref`` (direction 'past') or on/after it ('future')."""
    if direction == "future":
        return ref + dt.timedelta(days=(wd - ref.weekday()) % 7)
    return ref - dt.timedelta(days=(ref.weekday() - wd) % 7)

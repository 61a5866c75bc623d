"""Resolution context and the anchoring helpers the rules share.

The publication date is the only clock: when it is missing, values keep X's
rather than falling back to today's date.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from ..lexicon import word_table
from . import cal

__all__ = ["X_FORM", "Ctx", "Interp", "cur", "pick_direction", "rel_prev", "render", "year_for"]

# What a value looks like when the publication date is unknown (extractors/data/x_forms.tsv).
X_FORM = {gran: value for gran, (value,) in word_table("x_forms").items()}


@dataclass(slots=True)
class Ctx:
    """Publication date, clause tense and the running reference date value."""

    published: dt.date | None
    tense: str | None = None
    previous: str | None = None


class Interp(NamedTuple):
    type: str
    value: str
    mod: str | None = None
    anchors: bool = True   # False for values computed from the running reference itself


def render(anchor: cal.Anchor | None, gran: str | None = None) -> str:
    """Format an anchor (optionally re-expressed at ``gran``); X-form when unknown."""
    if anchor is None:
        return X_FORM.get(gran or "day", "XXXX")
    return cal.fmt(gran or anchor[0], anchor[1])


def cur(ctx: Ctx, gran: str, n: int = 0, unit: str | None = None) -> str:
    """The ``gran`` unit containing the publication date, moved by ``n`` ``unit``s."""
    if ctx.published is None:
        return X_FORM.get(gran, "XXXX")
    a = cal.shift((gran, ctx.published), n, unit or gran) if n else (gran, ctx.published)
    return cal.fmt(gran, a[1])


def reference(ctx: Ctx) -> cal.Anchor | None:
    """The running reference (last resolved date in the text), else the publication day."""
    a = cal.parse_value(ctx.previous)
    if a is not None:
        return a
    return ("day", ctx.published) if ctx.published else None


def rel_prev(ctx: Ctx, n: int, unit: str, gran: str | None = None) -> str:
    """Shift the running reference by ``n`` ``unit``s ('a year earlier', 'the next day').

    The reference keeps its own granularity when it is at least as fine as the unit
    (after 'the third quarter', 'a year earlier' is a quarter), else it is re-read
    from the publication date at the unit's granularity.
    """
    target = gran or unit
    a = reference(ctx)
    if a is not None and cal.GRANS.index(a[0]) > cal.GRANS.index(target if target in cal.GRANS else "day"):
        a = ("day", ctx.published) if ctx.published else None
    if a is None:
        return X_FORM.get(target, "XXXX")
    a = cal.shift(a, n, unit)
    g = a[0] if gran is None and cal.GRANS.index(a[0]) <= cal.GRANS.index(target) else target
    return cal.fmt(g, a[1])


def pick_direction(tense: str | None) -> str:
    """Which occurrence of an under-specified date the clause's tense points to."""
    if tense == "future":
        return "future"
    if tense == "past":
        return "past"
    return "near"


_PAST_SLACK = 60
_FUTURE_SLACK = 14


def year_for(ctx: Ctx, month: int, day: int | None) -> int | None:
    """Year of a month (and day) given without a year, chosen by tense around publication.

    Past clauses take the latest occurrence not after publication, future ones the
    first not before it; without tense the nearest one wins (ties: the same year).
    February 29 moves on to the nearest leap year in that direction.
    """
    year = _year_for(ctx, month, day)
    if year is None or (month, day) != (2, 29):
        return year
    step = 1 if pick_direction(ctx.tense) == "future" else -1
    while not calendar.isleap(year):
        year += step
    return year


def _year_for(ctx: Ctx, month: int, day: int | None) -> int | None:
    pub = ctx.published
    if pub is None:
        return None
    direction = pick_direction(ctx.tense)
    key = (month, day or 0)
    here = (pub.month, pub.day if day else 0)
    if day is not None:
        # announcements in past clauses often name upcoming days ("payable Dec. 7"),
        # so a day shortly after publication stays in the same year (and vice versa)
        try:
            gap = (dt.date(pub.year, month, day) - pub).days
        except ValueError:
            gap = 0
        if direction == "past" and 0 < gap <= _PAST_SLACK:
            return pub.year
        if direction == "future" and -_FUTURE_SLACK <= gap < 0:
            return pub.year
    if direction == "past":
        return pub.year if key <= here else pub.year - 1
    if direction == "future":
        return pub.year if key >= here else pub.year + 1
    pos = month * 31 + (day or 15)
    now = pub.month * 31 + pub.day
    best = min((-1, 0, 1), key=lambda k: (abs(pos + k * 372 - now) - (40 if k == 0 else 0), abs(k)))
    return pub.year + best

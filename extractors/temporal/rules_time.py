"""Clock times: '5 p.m.', 'noon', and with the day they fall on: '10 p.m. Wednesday',
'4 a.m. EDT Thursday', 'noon on Friday', '5 p.m. EST Nov. 9'.

TIMEX3 makes '10 p.m. Wednesday' one expression (2019-08-21T22:00), so the day is part of the
rule rather than a second timex.  A clock time without a day takes the day the text is talking
about (the running reference), else the publication day.
"""
from __future__ import annotations

import datetime as dt
import re

from . import cal
from .anchor import Ctx, Interp, reference, year_for
from .lexicon import DAY_PARTS, MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS
from .rules_cal import _DAYNUM, _YEAR, Rule, rx

__all__ = ["TIME_RULES"]

_AP = r"(?:[ap]\.\s?m\.|[ap]m\b|[ap]\.m(?!\w))"
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|local\s+time|\(\d{4}\s+GMT\)))?"
_CLOCK = (r"(?:(?P<h>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d)(?:\s*(?P<ap>" + _AP + r"))?"
          r"|\s*(?P<ap2>" + _AP + r")|\s+(?P<oc>o['’]clock))|(?P<named>noon|midnight|midday))" + _TZ)
_DAY = (r",?\s+(?:on\s+)?(?:(?P<wd>" + WEEKDAY_RE + r")|(?P<dx>today|yesterday|tomorrow)"
        r"|(?P<mon>" + MONTH_RE + r")\s*(?P<d>" + _DAYNUM + r")(?:,?\s*(?P<y>" + _YEAR + r")(?!\d))?)")
_DEICTIC = {"today": 0, "yesterday": -1, "tomorrow": 1}


def _hm(m: re.Match[str]) -> str | None:
    """'22:00', '12:00' (noon) or None when the numbers are not a time of day."""
    g = m.groupdict()
    if g["named"]:
        return DAY_PARTS[g["named"].lower()]
    h, mi = int(g["h"]), int(g["mi"] or 0)
    ap = (g["ap"] or g["ap2"] or "").lower().replace(".", "").replace(" ", "")
    if ap == "pm" and h < 12:
        h += 12
    elif ap == "am" and h == 12:
        h = 0
    if not (0 <= h <= 24 and 0 <= mi < 60) or (not ap and not g["mi"] and not g["oc"]):
        return None
    return f"{h:02d}:{mi:02d}"


def _named_day(g: dict[str, str | None], ctx: Ctx) -> str:
    """The day written after the clock time, resolved like the weekday/date rules do."""
    pub = ctx.published
    if g["wd"]:
        wd = WEEKDAYS[g["wd"].lower()]
        if pub is None:
            return f"XXXX-WXX-{wd + 1}"
        return cal.fmt("day", cal.weekday_near(pub, wd, "future" if ctx.tense == "future" else "past"))
    if g["dx"]:
        return cal.fmt("day", pub + dt.timedelta(days=_DEICTIC[g["dx"].lower()])) if pub else "XXXX-XX-XX"
    mon = MONTHS[(g["mon"] or "").lower().rstrip(".")]
    digits = re.match(r"\d+", g["d"] or "")
    if digits is None:
        raise ValueError(f"no day number in {g['d']!r}")
    day = int(digits.group())
    y = int(g["y"]) if g["y"] else year_for(ctx, mon, day)
    dt.date(y if y is not None else 2000, mon, day)  # validates the day (February 29 only in leap years)
    return f"{y:04d}-{mon:02d}-{day:02d}" if y is not None else f"XXXX-{mon:02d}-{day:02d}"


def _clock(m: re.Match[str], ctx: Ctx) -> Interp | None:
    hm = _hm(m)
    if hm is None:
        return None
    g = m.groupdict()
    if g.get("wd") or g.get("dx") or g.get("mon"):
        return Interp("TIME", f"{_named_day(g, ctx)}T{hm}")
    a = reference(ctx)
    if a is not None and a[0] != "day":
        a = ("day", ctx.published) if ctx.published else None
    day = cal.fmt("day", a[1]) if a else "XXXX-XX-XX"
    return Interp("TIME", f"{day}T{hm}")


# every clock time contains one of these: the rules only run in windows around them
_TRIGGER = re.compile(r"[ap]\.?\s?m|o['’]clock|noon|midnight|midday|\d:\d", re.I)

TIME_RULES: list[Rule] = [
    Rule("clock_day", rx(_CLOCK + _DAY), _clock, _TRIGGER),
    Rule("clock", rx(_CLOCK), _clock, _TRIGGER),
]

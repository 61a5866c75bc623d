"""Rules for calendar-named expressions: dates, months, years, decades, quarters,
seasons, holidays (clock times are in ``rules_time``).

Each rule is a compiled regex plus a handler turning the match into an Interp;
the same rules serve the recogniser (finditer over the text) and ``normalise``
(fullmatch of one string), so whatever is found can also be normalised.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from collections.abc import Callable

from ..lexicon import word_table
from . import cal
from .anchor import Ctx, Interp, pick_direction, reference, year_for
from .lexicon import (DAYPART_RE, DAY_PARTS, MONTHS, NUMBERS, MONTH_FULL_RE, MONTH_RE, ORD_RE, ORDINALS,
                      SEASON_RE, SEASONS, WEEKDAY_RE, WEEKDAYS)

__all__ = ["CAL_RULES", "Rule", "rx"]

Handler = Callable[[re.Match[str], Ctx], "Interp | None"]


class Rule(NamedTuple):
    name: str
    regex: re.Pattern[str]
    handler: Handler
    # cheap pattern every match must contain: the rule then only runs in windows around it
    trigger: re.Pattern[str] | None = None


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern with word-ish boundaries on both sides."""
    return re.compile(r"(?<![\w'])(?:" + pattern + r")(?![\w])", re.I)


_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_REL_YEAR = r"(?:this|last|next|the\s+(?:same|previous|following)|that)\s+year"


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _leading_int(word: str) -> int:
    """The number a rule's day or ordinal group starts with ('21st' -> 21); its regex guarantees one."""
    m = re.match(r"\d+", word)
    if m is None:
        raise ValueError(f"no number at the start of {word!r}")
    return int(m.group())


def _day(word: str) -> int:
    return _leading_int(word)


def _fmt_day(y: int | None, m: int, d: int) -> str:
    dt.date(y if y is not None else 2000, m, d)  # validates the day (February 29 only in leap years)
    return f"{y:04d}-{m:02d}-{d:02d}" if y is not None else f"XXXX-{m:02d}-{d:02d}"


def _rel_year(phrase: str, ctx: Ctx) -> int | None:
    """Year named by 'this year', 'last year', 'that year'..."""
    p = phrase.lower().split()[-2]
    if p in ("this", "last", "next"):
        if ctx.published is None:
            return None
        return ctx.published.year + {"this": 0, "last": -1, "next": 1}[p]
    a = reference(ctx)
    if a is None:
        return None
    return a[1].year + {"same": 0, "that": 0, "previous": -1, "following": 1}[p]


def _full_date(m: re.Match[str], ctx: Ctx) -> Interp | None:
    mon = _month(m["mon"] or m["mon2"])
    d = _day(m["d"] or m["d2"])
    y: int | None
    if m["y"]:
        y = int(m["y"])
    elif m["ry"]:
        y = _rel_year(m["ry"], ctx)
    else:
        y = year_for(ctx, mon, d)
    return Interp("DATE", _fmt_day(y, mon, d))


def _numeric_date(m: re.Match[str], ctx: Ctx) -> Interp | None:
    if m["iy"]:
        y, mon, d = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        mon, d, y = int(m["um"]), int(m["ud"]), int(m["uy"])
        if y < 100:
            y += 1900 if y > 30 else 2000
    dt.date(y, mon, d)
    return Interp("DATE", f"{y:04d}-{mon:02d}-{d:02d}")


def _month_year(m: re.Match[str], ctx: Ctx) -> Interp | None:
    mon = _month(m["mon"])
    y = int(m["y"]) if m["y"] else _rel_year(m["ry"], ctx)
    return Interp("DATE", f"{y:04d}-{mon:02d}" if y is not None else f"XXXX-{mon:02d}")


def _month_bare(m: re.Match[str], ctx: Ctx) -> Interp | None:
    mon = _month(m["mon"])
    rel = (m["rel"] or "").lower()
    pub = ctx.published
    if pub is None:
        return Interp("DATE", f"XXXX-{mon:02d}")
    y: int | None
    if rel == "last":
        y = pub.year if mon < pub.month else pub.year - 1
    elif rel == "next":
        y = pub.year if mon > pub.month else pub.year + 1
    elif rel == "this":
        y = pub.year
    else:
        y = year_for(ctx, mon, None)
    return Interp("DATE", f"{y:04d}-{mon:02d}") if y is not None else None


def _year(m: re.Match[str], ctx: Ctx) -> Interp | None:
    return Interp("DATE", f"{int(m['y']):04d}")


def _spoken_year(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'nineteen ninety-six', 'two thousand one', 'the year two thousand'."""
    hi = NUMBERS.get(m["hi"].lower())
    lo = NUMBERS.get(" ".join(m["lo"].lower().split()).replace(" ", "-"), None) if m["lo"] else 0
    if m["hi"].lower().startswith("two"):
        if not m[0].lower().startswith("the"):
            return None
        year = 2000 + (lo or 0)
    elif hi is None or lo is None or lo < 10:
        return None
    else:
        year = hi * 100 + lo
    return Interp("DATE", f"{year:04d}")


def _decade(m: re.Match[str], ctx: Ctx) -> Interp | None:
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["dm"] or "").lower().rstrip("-"))
    if m["dy"]:
        return Interp("DATE", m["dy"][:3] + "X", mod)
    if m["ds"]:
        if ctx.published is None:
            return Interp("DATE", "XX" + m["ds"][0] + "X", mod)
        century = ctx.published.year // 100
        d = int(m["ds"][0])
        c = century if century * 100 + d * 10 <= ctx.published.year else century - 1
        return Interp("DATE", f"{c:02d}{d}X", mod)
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}
    return Interp("DATE", f"19{words[m['dw'].lower()]}X", mod)


def _century(m: re.Match[str], ctx: Ctx) -> Interp | None:
    raw = m["c"].lower()
    if raw in ("last", "final"):
        return None  # 'the last century' is relative (unit_rel), not the 4th
    n = ORDINALS.get(raw) or _leading_int(raw)
    if not 1 <= n <= 99:
        return None
    return Interp("DATE", f"{n - 1:02d}")  # TIMEX3: the 20th century is "19"


def _quarter(m: re.Match[str], ctx: Ctx) -> Interp | None:
    q = ORDINALS[m["q"].lower()] if m["q"] else int(m["qn"])
    if not 1 <= q <= 4:
        return None
    if m["y"] or m["py"]:
        y: int | None = int(m["y"] or m["py"])
    elif m["ry"] or m["pry"]:
        y = _rel_year(m["ry"] or m["pry"] + " year", ctx)
    else:
        pub = ctx.published
        if pub is None:
            y = None
        else:
            # a quarter that has not begun yet is last year's unless the clause looks ahead
            y = pub.year
            if q > cal.quarter_of(pub) and pick_direction(ctx.tense) != "future":
                y -= 1
    if m["ya"] and y is not None:
        y -= 1
    return Interp("DATE", f"{y:04d}-Q{q}" if y is not None else f"XXXX-Q{q}")


def _half(m: re.Match[str], ctx: Ctx) -> Interp | None:
    h = 1 if m["h"].lower() == "first" else 2
    if m["h"].lower() in ("last", "latter") and not (m["y"] or m["ry"]):
        return None
    if m["y"]:
        y: int | None = int(m["y"])
    elif m["ry"]:
        y = _rel_year(m["ry"], ctx)
    else:
        pub = ctx.published
        y = pub.year if pub else None
        if y is not None and pub is not None and ctx.tense == "past" and h == 2 and pub.month <= 6:
            y -= 1
    return Interp("DATE", f"{y:04d}-H{h}" if y is not None else f"XXXX-H{h}")


def _season(m: re.Match[str], ctx: Ctx) -> Interp | None:
    s = SEASONS[m["s"].lower()]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["sm"] or "").lower().rstrip("-"))
    pub = ctx.published
    if m["y"]:
        return Interp("DATE", f"{int(m['y']):04d}-{s}", mod)
    if pub is None:
        return Interp("DATE", f"XXXX-{s}", mod)
    rel = (m["rel"] or "").lower().split()
    rel_word = rel[-1] if rel else ""
    cy, cs = cal.season_of(pub)
    order = ["SP", "SU", "FA", "WI"]
    # seasons as a running index: year*4 + position
    now_idx = cy * 4 + order.index(cs)
    idx_this_year = cy * 4 + order.index(s)
    if rel_word in ("this", "current"):
        idx = pub.year * 4 + order.index(s) if not (s == "WI" and pub.month <= 2) else (pub.year - 1) * 4 + 3
    elif rel_word in ("last", "past", "previous"):
        idx = idx_this_year if idx_this_year < now_idx else idx_this_year - 4
    elif rel_word in ("next", "coming"):
        idx = idx_this_year if idx_this_year > now_idx else idx_this_year + 4
    else:
        d = pick_direction(ctx.tense)
        if d == "past":
            idx = idx_this_year if idx_this_year <= now_idx else idx_this_year - 4
        elif d == "future":
            idx = idx_this_year if idx_this_year >= now_idx else idx_this_year + 4
        else:
            idx = idx_this_year
    y, pos = divmod(idx, 4)
    return Interp("DATE", f"{y:04d}-{order[pos]}", mod)


def _weekday(m: re.Match[str], ctx: Ctx) -> Interp | None:
    wd = WEEKDAYS[m["wd"].lower()]
    part = (m["part"] or "").lower()
    suffix = ("T" + DAY_PARTS[part]) if part else ""
    typ = "TIME" if part else "DATE"
    pub = ctx.published
    if pub is None:
        return Interp(typ, f"XXXX-WXX-{wd + 1}" + suffix)
    rel = " ".join((m["rel"] or "").lower().split()).replace("the ", "")
    if rel in ("previous", "following", "preceding"):
        # 'the previous Friday': relative to the day the text is talking about
        a = reference(ctx)
        ref = a[1] if a is not None and a[0] == "day" else pub
        if rel == "following":
            d = ref + dt.timedelta(days=(wd - ref.weekday() - 1) % 7 + 1)
        else:
            d = ref - dt.timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
        return Interp(typ, cal.fmt("day", d) + suffix, anchors=False)
    if rel in ("last", "this past", "past"):
        d = pub - dt.timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)
    elif rel in ("next", "this coming", "coming"):
        d = pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
    elif rel == "this":
        d = pub + dt.timedelta(days=wd - pub.weekday())
    else:
        d = cal.weekday_near(pub, wd, "future" if ctx.tense == "future" else "past")
    return Interp(typ, cal.fmt("day", d) + suffix)


# holiday name -> (month, day), from extractors/data/fixed_holidays.tsv
_FIXED_HOLIDAYS = {name: (int(m), int(d)) for name, (m, d) in word_table("fixed_holidays").items()}


def _holiday_date(name: str, y: int) -> dt.date:
    n = " ".join(name.lower().replace("’", "'").split())
    if n in _FIXED_HOLIDAYS:
        return dt.date(y, *_FIXED_HOLIDAYS[n])
    if n.startswith("thanksgiving"):
        return cal.weekday_near(dt.date(y, 11, 1), 3, "future") + dt.timedelta(days=21)
    if n == "labor day":
        return cal.weekday_near(dt.date(y, 9, 1), 0, "future")
    if n == "memorial day":
        return cal.weekday_near(dt.date(y, 5, 31), 0, "past")
    # Easter family (anonymous Gregorian algorithm)
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * mm + 114, 31)
    easter = dt.date(y, month, day + 1)
    return easter - dt.timedelta(days=2) if n == "good friday" else easter


def _holiday(m: re.Match[str], ctx: Ctx) -> Interp | None:
    name = m["hol"]
    if m["y"]:
        return Interp("DATE", cal.fmt("day", _holiday_date(name, int(m["y"]))))
    pub = ctx.published
    if pub is None:
        return Interp("DATE", "XXXX-XX-XX")
    d = _holiday_date(name, pub.year)
    direction = pick_direction(ctx.tense)
    if direction == "past" and d > pub:
        d = _holiday_date(name, pub.year - 1)
    elif direction == "future" and d < pub:
        d = _holiday_date(name, pub.year + 1)
    return Interp("DATE", cal.fmt("day", d))


_HOLIDAYS = (r"(?:christmas(?:\s+(?:day|eve))?|new\s+year['’]s(?:\s+(?:day|eve))?|thanksgiving(?:\s+day)?"
             r"|easter(?:\s+sunday)?|good\s+friday|halloween|independence\s+day|labor\s+day"
             r"|memorial\s+day|valentine['’]s\s+day|boxing\s+day|veterans\s+day|bastille\s+day)")

CAL_RULES: list[Rule] = [
    Rule("full_date", rx(
        r"(?:" + WEEKDAY_RE + r",?\s+)?(?:(?P<mon>" + MONTH_RE + r")\s*(?P<d>" + _DAYNUM + r")"
        r"|(?:the\s+)?(?P<d2>" + _DAYNUM + r")\s+(?:of\s+)?(?P<mon2>" + MONTH_RE + r"))"
        r"(?:(?:,?\s*|\s+of\s+)(?P<y>" + _YEAR + r")(?!\d)|\s+(?P<ry>" + _REL_YEAR + r"))?"), _full_date),
    Rule("numeric_date", rx(
        r"(?P<iy>" + _YEAR + r")-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
        r"|(?P<um>[01]?\d)/(?P<ud>[0-3]?\d)/(?P<uy>" + _YEAR + r"|\d\d)"), _numeric_date),
    Rule("month_year", rx(
        r"(?P<mon>" + MONTH_RE + r")(?:,?\s*|\s+of\s+)(?:(?P<y>" + _YEAR + r")(?!\d|,\d)|(?P<ry>" + _REL_YEAR + r"))"),
        _month_year),
    Rule("month", rx(r"(?:(?P<rel>last|next|this)\s+)?(?P<mon>" + MONTH_FULL_RE + r"|sept\.)"), _month_bare),
    Rule("year", rx(r"(?:(?:fiscal|the\s+year|calendar|(?:the\s+)?(?:fiscal|financial|calendar)\s+year)\s+)?"
                    r"(?P<y>" + _YEAR + r")(?![\d%$]|,\d|\.\d|s\b|-\d)"), _year),
    Rule("spoken_year", rx(
        r"(?:the\s+year\s+)?(?P<hi>nineteen|eighteen|two\s+thousand)(?:\s+(?:and\s+)?(?P<lo>(?:twenty|thirty|forty|fifty"
        r"|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve"
        r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight"
        r"|nine))?"), _spoken_year),
    Rule("decade", rx(
        r"(?:the\s+)?(?:(?P<dm>early|mid-?|late)\s*)?(?:(?P<dy>1[0-9]\d0|20\d0)['’]?s|['’](?P<ds>\d0)['’]?s"
        r"|(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"), _decade),
    Rule("century", rx(r"(?:the\s+)?(?P<c>" + ORD_RE + r"|\d{1,2}(?:st|nd|rd|th))\s+century"), _century),
    Rule("quarter", rx(
        r"(?:the\s+)?(?:(?P<py>" + _YEAR + r")\s+|(?P<pry>this|last|next)\s+year['’]s\s+"
        r"|(?P<ya>year-ago|year-earlier|prior-year|year-before)\s+)?(?:(?:fiscal|calendar)\s+)?(?:(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)"
        r"(?:\s+fiscal)?[\s-]+quarter|q(?P<qn>[1-4]))"
        r"(?:(?:\s+of|,)?\s+(?:(?:fiscal\s+)?(?P<y>" + _YEAR + r")|(?P<ry>" + _REL_YEAR + r")))?"), _quarter),
    Rule("half", rx(r"(?:the\s+)?(?P<h>first|second|last|latter)[\s-]+half"
                    r"(?:(?:\s+of)?\s+(?:(?:fiscal\s+)?(?P<y>" + _YEAR + r")|(?P<ry>" + _REL_YEAR + r")))?"), _half),
    Rule("season", rx(
        r"(?:(?P<sm>early|mid-?|late)\s*)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+coming|the\s+past|(?:the\s+)?current"
        r"|the)\s+)?(?P<s>" + SEASON_RE + r")(?:(?:\s+of)?\s+(?P<y>" + _YEAR + r"))?"), _season),
    Rule("weekday", rx(r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past"
                       r"|(?:the\s+)?(?:previous|preceding|following))\s+)?(?P<wd>" + WEEKDAY_RE + r")"
                       r"(?:\s+(?P<part>" + DAYPART_RE + r"))?"), _weekday),
    Rule("holiday", rx(r"(?P<hol>" + _HOLIDAYS + r")(?:\s+(?P<y>" + _YEAR + r"))?"), _holiday),
]

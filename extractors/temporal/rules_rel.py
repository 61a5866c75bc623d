"""Rules for deictic and relative expressions, durations and sets.

'today', 'last week', 'two years ago', 'the day before', 'three days',
'every week', 'now', 'recently'...  Relative expressions anchor on the
publication date ('last week') or on the running reference ('a year earlier',
'the next day').
"""
from __future__ import annotations

import datetime as dt
import re

from ..lexicon import word_table
from . import cal
from .anchor import Ctx, Interp, X_FORM, cur, reference, rel_prev
from .lexicon import (APPROX_MODS, APPROX_RE, DAY_PARTS, NUM_RE, UNIT_RE, WEEKDAY_RE, WEEKDAYS,
                      number, unit_of)
from .rules_cal import Rule, rx

__all__ = ["REL_RULES"]

# The tables are extractors/data/<name>.tsv (purpose, source and an example in each header).
_GRAN = {unit: gran for unit, (gran,) in word_table("unit_grans").items()}


def _deictic(m: re.Match[str], ctx: Ctx) -> Interp | None:
    w = " ".join(m["w"].lower().split())
    offs = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1,
            "the day before yesterday": -2, "the day after tomorrow": 2}
    part = (m["part"] or ("night" if w in ("tonight", "last") else "")).lower()
    pub = ctx.published
    day = cal.fmt("day", pub + dt.timedelta(days=offs[w])) if pub else "XXXX-XX-XX"
    if part:
        return Interp("TIME", f"{day}T{DAY_PARTS[part]}")
    return Interp("DATE", day)


_REFS = {phrase: value for phrase, (value,) in word_table("ref_words").items()}


def _ref(m: re.Match[str], ctx: Ctx) -> Interp | None:
    w = " ".join(m[0].lower().split())
    if w in _REFS:
        return Interp("DATE", _REFS[w])
    if w.startswith(("recent", "the past few", "the last few")):
        return Interp("DATE", "PAST_REF")
    unit = unit_of(w.split()[-2] if w.endswith(" ahead") else w.split()[-1])
    if unit is not None:  # 'the coming weeks', 'the months ahead': a stretch of unknown length (TimeML)
        return Interp("DURATION", _duration_value(None, unit) or "PXW")
    return Interp("DATE", "FUTURE_REF")


def _quarter_now(ctx: Ctx, n: int) -> str:
    """Quarter relative to the last one the text talked about, else to publication."""
    a = cal.parse_value(ctx.previous)
    if a is not None and a[0] == "quarter":
        return cal.fmt("quarter", cal.shift(a, n, "quarter")[1])
    return cur(ctx, "quarter", n - 1 if n <= 0 else n)


def _unit_rel(m: re.Match[str], ctx: Ctx) -> Interp | None:
    rel = " ".join(m["rel"].lower().split())
    rel = rel[4:] if rel.startswith("the ") else rel
    u = " ".join(m["u"].lower().split())
    if u in ("fiscal year", "financial year", "calendar year", "school year", "season"):
        u = "year"
    if u == "period":
        if rel not in ("latest", "most recent", "recent", "year-ago", "year-earlier"):
            return None
        u = "quarter"
    gran = _GRAN[u]
    if rel in ("year-ago", "year-earlier"):
        a = reference(ctx)
        if a is None or cal.GRANS.index(a[0]) > cal.GRANS.index(gran):
            a = ("day", ctx.published) if ctx.published else None
        if a is None:
            return Interp("DATE", X_FORM[gran])
        return Interp("DATE", cal.fmt(gran, cal.shift((gran, a[1]), -1, "year")[1]), anchors=False)
    if gran == "weekend":
        return _weekend_value(rel, ctx)
    if u == "quarter" and rel in ("latest", "most recent", "recent"):
        return Interp("DATE", _quarter_now(ctx, 0))
    if rel in ("this", "current", "present"):
        return Interp("DATE", cur(ctx, gran))
    if rel in ("last", "past", "latest", "most recent", "recent"):
        return Interp("DATE", cur(ctx, gran, -1))
    if rel in ("next", "coming"):
        return Interp("DATE", cur(ctx, gran, 1))
    if rel in ("previous", "preceding", "prior"):
        return Interp("DATE", rel_prev(ctx, -1, gran, gran), anchors=False)
    if rel in ("following", "next"):
        return Interp("DATE", rel_prev(ctx, 1, gran, gran), anchors=False)
    if rel in ("same", "that", "that same"):
        return Interp("DATE", rel_prev(ctx, 0, gran, gran), anchors=False)
    return None


def _weekend_value(rel: str, ctx: Ctx) -> Interp:
    pub = ctx.published
    if pub is None:
        return Interp("DATE", "XXXX-WXX-WE")
    if rel in ("last", "past"):
        n = -1
    elif rel in ("next", "coming"):
        n = 1 if pub.weekday() >= 5 or rel == "next" else 0
    elif rel == "this":
        n = 0
    else:  # "the weekend": by tense
        n = 0 if ctx.tense == "future" or pub.weekday() >= 5 else -1
    return Interp("DATE", cal.fmt("weekend", pub + dt.timedelta(days=7 * n)))


def _ago(m: re.Match[str], ctx: Ctx) -> Interp | None:
    unit = unit_of(m["u"])
    if unit is None:
        return None
    name, _, is_time = unit
    d = " ".join(m["dir"].lower().split())
    back = d in ("ago", "earlier", "before", "previously", "back")
    mod = APPROX_MODS.get(" ".join((m["ap"] or "").lower().split())) if m["ap"] else None
    if not m["n"] and not m["pl"]:
        return None
    n = number(m["n"]) if m["n"] else None
    if n is None or n != int(n) or name == "millennium":
        return Interp("DATE", "PAST_REF" if back else "FUTURE_REF", mod)
    k = int(n) * (-1 if back else 1)
    if is_time:
        gran, unit_name, k = "day", "day", 0
    elif name in ("decade", "century"):
        gran, unit_name, k = "year", "year", k * (10 if name == "decade" else 100)
    elif name == "fortnight":
        gran, unit_name, k = "day", "day", k * 14
    else:
        gran = unit_name = _GRAN[name]
        if gran == "weekend":
            gran, unit_name = "weekend", "week"
    prev = cal.parse_value(ctx.previous)
    if d in ("ago", "from now", "hence", "back") and not (
            name == "year" and prev is not None and prev[0] == "quarter"):
        return Interp("DATE", cur(ctx, gran, k, unit_name), mod)
    # 'a year earlier' (and 'a year ago' right after a quarter): the reference moved
    return Interp("DATE", rel_prev(ctx, k, unit_name, None if gran != "year" or name == "year" else gran), mod,
                  anchors=False)


# a fraction of a unit in the next smaller one: unit name -> (factor, letter, is a time unit)
_SMALLER = {"year": (12, "M", False), "hour": (60, "M", True), "minute": (60, "S", True),
            "day": (24, "H", True), "week": (7, "D", False), "decade": (10, "Y", False)}


_IN_YEARS = {"decade": 10, "century": 100, "millennium": 1000}


def _duration_value(n: float | None, unit: tuple[str, str, bool]) -> str | None:
    """P3D, PT2H, PXY; fractions the ISO way: 5 1/2 hours -> PT5H30M, 2 1/2 years -> P2Y6M."""
    name, letter, is_time = unit
    if name == "fortnight" and n is not None:
        n *= 2
    if name == "weekend":
        return None
    if name in _IN_YEARS:  # TimeBank's convention: 'two decades' is P20Y, 'decades' PXY
        letter = "Y"
        if n is not None:
            n *= _IN_YEARS[name]
    if n is None:
        return ("PT" if is_time else "P") + "X" + letter
    whole = int(n)
    if n != whole and name in _SMALLER:
        factor, smaller, small_time = _SMALLER[name]
        part = (n - whole) * factor
        if part == int(part):
            head = f"{whole}{letter}" if whole else ""
            if is_time or not small_time:  # both parts on the same side of 'T'
                return ("PT" if is_time else "P") + head + f"{int(part)}{smaller}"
            return "P" + head + f"T{int(part)}{smaller}"  # 1 1/2 days -> P1DT12H
    num = str(whole) if n == whole else f"{n:.2f}".rstrip("0").rstrip(".")
    return ("PT" if is_time else "P") + num + letter


def _duration(m: re.Match[str], ctx: Ctx) -> Interp | None:
    unit = unit_of(m["u"])
    if unit is None:
        return None
    raw_n = m["n"] or "1"
    n = number(raw_n)
    if n is not None and (m["half"] or m["ahalf"]):
        n += 0.5
    if raw_n.lower() in ("a", "an") and unit[0] == "second":
        return None
    if m["hf"]:
        n = 0.5
    if n is not None and n <= 0:
        return None
    value = _duration_value(n, unit)
    if value is None:
        return None
    ap = m["ap"] or m["ap2"]
    mod = APPROX_MODS.get(" ".join(ap.lower().split())) if ap else None
    if m["orso"]:
        mod = "APPROX"
    return Interp("DURATION", value, mod)


def _bare_plural(m: re.Match[str], ctx: Ctx) -> Interp | None:
    unit = unit_of(m["x"])
    value = _duration_value(None, unit) if unit else None
    return Interp("DURATION", value) if value else None


_ADVERBS = {adverb: value for adverb, (value,) in word_table("set_adverbs").items()}


def _set(m: re.Match[str], ctx: Ctx) -> Interp | None:
    if m["adv"]:
        return Interp("SET", _ADVERBS[m["adv"].lower()])
    if m["wds"]:
        return Interp("SET", f"XXXX-WXX-{WEEKDAYS[m['wds'].lower()] + 1}")
    if m["swd"]:
        return Interp("SET", f"XXXX-WXX-{WEEKDAYS[m['swd'].lower()] + 1}")
    if m["spart"]:
        return Interp("SET", f"XXXX-XX-XXT{DAY_PARTS[m['spart'].lower()]}")
    unit = unit_of(m["su"])
    if unit is None:
        return None
    n = number(m["sn"]) if m["sn"] else 1.0
    if m["other"]:
        n = 2.0
    return Interp("SET", _duration_value(n, unit) or "P1W")


def _relday(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'the day before', 'the next day', 'that day', 'the same night' relative to the reference."""
    w = " ".join(m[0].lower().split())
    unit_word = m["ru"].lower()
    gran = "day" if unit_word in ("day", "morning", "afternoon", "evening", "night") else unit_word
    if any(x in w for x in ("before", "previous", "earlier", "prior", "preceding")):
        k = -1
    elif any(x in w for x in ("after", "next", "following", "later")):
        k = 1
    else:
        k = 0
    value = rel_prev(ctx, k, gran, gran)
    if unit_word in DAY_PARTS and gran == "day":
        return Interp("TIME", f"{value}T{DAY_PARTS[unit_word]}", anchors=False)
    return Interp("DATE", value, anchors=k == 0)


_NO_WORD_AFTER = r"(?!\s+(?:the|a|an|his|her|their|its|he|she|they|it|we|i|[a-z]+ing|\d)\b)"
_DIR = r"(?P<dir>ago|earlier|later|from\s+now|hence|previously|(?:before|after)(?!\s+\w))"
_REL = (r"this|last|next|the\s+coming|coming|the\s+current|current|the\s+past|past|the\s+last|the\s+previous"
        r"|previous|the\s+preceding|the\s+prior|prior|the\s+following|the\s+next|the\s+same|that\s+same|that"
        r"|the\s+present|the\s+latest|the\s+most\s+recent|the\s+recent|the\s+year-ago|the\s+year-earlier")

def _DISPATCHED_BELOW(m: re.Match[str], ctx: Ctx) -> Interp | None:  # noqa: N802 - a marker
    """Placeholder for rules whose dispatcher is defined after the table (replaced at import)."""
    raise AssertionError("rule handler not set")


REL_RULES: list[Rule] = [
    Rule("deictic", rx(r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
                       r"|yesterday|tomorrow)(?:\s+(?P<part>morning|afternoon|evening|night))?"
                       r"|(?P<w2>this|last)\s+(?P<part2>morning|afternoon|evening|night)"), _DISPATCHED_BELOW),  # set below
    Rule("ref", rx(r"right\s+now|now|currently|nowadays|presently|at\s+present|these\s+days|the\s+present(?!\s+\w)"
                   r"|recently|lately|the\s+(?:distant\s+)?past(?!\s+(?:\w+\s+)?(?:" + UNIT_RE + r")s?\b)"
                   r"|the\s+(?:near\s+|distant\s+)?future|current(?!\s+(?:week|month|year|quarter|decade|century|fiscal))|recent(?!\s+(?:days|weeks|months|years|decades))|recent\s+(?:days|weeks|months|years|decades)"
                   r"|(?:the\s+)?coming\s+(?:days|weeks|months|years|decades)"
                   r"|the\s+(?:days|weeks|months|years)\s+ahead"), _ref),
    Rule("unit_rel", rx(r"(?P<rel>" + _REL + r")\s+(?P<u>week|weekend|month|year|quarter|decade|century"
                        r"|fiscal\s+year|financial\s+year|calendar\s+year|period)"), _unit_rel),
    Rule("weekend", rx(r"(?:(?P<rel>this|last|next|the\s+coming|the\s+past|the)\s+)weekend"), _DISPATCHED_BELOW),
    Rule("ago", rx(r"(?:(?P<ap>" + APPROX_RE + r")\s+)?(?:(?P<n>" + NUM_RE + r")\s+)?(?P<u>" + UNIT_RE + r")(?P<pl>s)?"
                   r"(?:\s+or\s+so)?\s+" + _DIR + _NO_WORD_AFTER), _ago),
    Rule("relday", rx(r"(?:the|that)\s+(?:same\s+)?(?P<ru>day|morning|afternoon|evening|night|week|month|year)"
                      r"(?:\s+(?:before|after|earlier|later)" + _NO_WORD_AFTER + r")?"
                      r"|the\s+(?:next|following|previous|preceding|prior)\s+(?P<ru2>day|morning|evening|night)"), _DISPATCHED_BELOW),
    Rule("set", rx(r"(?P<adv>daily|nightly|weekly|monthly|yearly|annually|hourly|biweekly|bimonthly"
                   r"|semiannually|biannually)|(?:on\s+)?(?P<wds>" + WEEKDAY_RE[3:-1] + r")s"
                   r"|(?:every|each)\s+(?:(?P<swd>" + WEEKDAY_RE[3:-1] + r")|(?P<spart>morning|afternoon|evening|night)"
                   r"|(?P<other>other\s+)?(?:(?P<sn>" + NUM_RE + r")\s+)?(?P<su>" + UNIT_RE + r")s?)"
                   r"|(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+(?P<su2>" + UNIT_RE + r")"), _DISPATCHED_BELOW),
    Rule("duration", rx(  # 'over the past 20 years': there 'over' is a preposition, not 'more than'
        r"(?:(?!(?:over|under)\s+(?:the|these|those|past|last|next|several|many|recent|coming)\b)"
        r"(?P<ap>" + APPROX_RE + r")\s+)?(?:(?:the|these|those|another)\s+)?"
        r"(?:(?:past|last|next|coming|first|previous|following|final|latest|initial|remaining|preceding|prior"
        r"|additional|further|ensuing|intervening)\s+)?(?:(?P<ap2>" + APPROX_RE + r")\s+)?"
        r"(?:(?P<hf>half\s+(?:an?|the)?)\s*|(?P<n>" + NUM_RE + r")(?:\s+more|\s+(?:and\s+a\s+)?(?P<half>half))?\s*(?:-\s*|\s+))"
        r"(?P<u>" + UNIT_RE + r")s?(?P<ahalf>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?(?!-?\s*old)"), _duration),
    Rule("bare_plural", rx(r"(?:for|within|over|in|after|take|took|takes|taking|last|lasted)\s+"
                           r"(?P<x>years|months|weeks|days|hours|decades|minutes|centuries)"
                           r"(?!\s+(?:ago|of|later|before|after|earlier|old))"), _bare_plural),
]


def _the_unit(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'the quarter', 'the year', 'the fiscal year', 'the week' in running text."""
    u = m["tu"].lower()
    if m["ended"] is not None and u != "quarter":
        return Interp("DURATION", "P1Y")  # 'the year ended Sept. 30' is a fiscal twelve months
    if u == "quarter":  # 'the quarter ended Sept. 30' is a calendar quarter (TimeBank: DATE)
        return Interp("DATE", _quarter_now(ctx, 0))
    a = reference(ctx)
    gran = "week" if u == "week" else "year"
    if a is not None and cal.GRANS.index(a[0]) <= cal.GRANS.index(gran) and ctx.published is not None \
            and abs(a[1].year - ctx.published.year) <= 1:
        return Interp("DATE", cal.fmt(gran, a[1]))
    return Interp("DATE", cur(ctx, gran))


def _year_adj(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'year-earlier results', 'year-ago levels': one year before the reference."""
    return Interp("DATE", rel_prev(ctx, -1, "year"), anchors=False)


def _deictic_dispatch(m: re.Match[str], ctx: Ctx) -> Interp | None:
    if m["w2"]:
        w = m["w2"].lower()
        part = m["part2"].lower()
        pub = ctx.published
        if w == "last" and part != "night":
            return None
        day = cal.fmt("day", pub - dt.timedelta(days=1 if w == "last" else 0)) if pub else "XXXX-XX-XX"
        return Interp("TIME", f"{day}T{DAY_PARTS[part]}")
    return _deictic(m, ctx)


def _weekend(m: re.Match[str], ctx: Ctx) -> Interp | None:
    return _weekend_value(" ".join((m["rel"] or "the").lower().split()[-1:]), ctx)


def _relday_dispatch(m: re.Match[str], ctx: Ctx) -> Interp | None:
    if m["ru2"]:
        w = m[0].lower()
        k = -1 if any(x in w for x in ("previous", "preceding", "prior")) else 1
        part = m["ru2"].lower()
        v = rel_prev(ctx, k, "day", "day")
        return Interp("TIME", f"{v}T{DAY_PARTS[part]}") if part in DAY_PARTS else Interp("DATE", v)
    if not re.search(r"before|after|earlier|later|same|that", m[0], re.I):
        return None
    return _relday(m, ctx)


def _set_dispatch(m: re.Match[str], ctx: Ctx) -> Interp | None:
    if m["su2"]:
        unit = unit_of(m["su2"])
        return Interp("SET", _duration_value(1.0, unit) or "P1W") if unit else None
    return _set(m, ctx)


REL_RULES += [
    # 'ended Sept. 30' decides the value but stays outside the extent (group x)
    Rule("the_unit", rx(r"(?P<x>the\s+(?:(?:full|fiscal|financial|calendar|whole|entire)\s+)?(?P<tu>quarter|year|week))"
                        r"(?:(?=\s+(?:ended|ending|ends|through|to)\b)(?P<ended>)|(?!\s+(?:of|before|after|earlier|later)\b)(?!-))"),
         _the_unit),
    Rule("year_adj", rx(r"year[-\s](?:earlier|ago|before)(?!\s+(?:quarter|period))"), _year_adj),
]
_UNIT_TRIGGER = re.compile(r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur"
                           r"|millenni|yr|hr|min)", re.I)
_HANDLERS = {"deictic": _deictic_dispatch, "weekend": _weekend, "relday": _relday_dispatch, "set": _set_dispatch}
REL_RULES = [r._replace(handler=_HANDLERS[r.name]) if r.handler is _DISPATCHED_BELOW else r for r in REL_RULES]
REL_RULES = [r._replace(trigger=_UNIT_TRIGGER) if r.name in ("ago", "duration") else r for r in REL_RULES]

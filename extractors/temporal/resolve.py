"""String-level normalisation: one expression in, (type, value[, mod]) out.

``interpret`` is shared with the recogniser; ``normalise`` is the public,
never-raising wrapper.
"""
from __future__ import annotations

import datetime as dt
import re

from ..lexicon import word_table
from . import cal
from .anchor import Ctx, Interp, cur
from .lexicon import MONTH_RE
from .model import TIMEX3_VALUE_RE
from .rules_cal import CAL_RULES, Rule, rx
from .rules_rel import REL_RULES
from .rules_time import TIME_RULES

__all__ = ["PREFIX_RE", "PREFIX_TAIL_RE", "RULES", "interpret", "normalise", "prefix_mod"]


def _unit_edge(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'the end of the year', 'the rest of the month': the current unit with a mod."""
    return Interp("DATE", cur(ctx, m["u"].lower()), _PREFIX_MODS.get(m["pm"].lower().split()[0]))


def _year_end(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'by year-end', 'year's end': the end of the publication year."""
    return Interp("DATE", cur(ctx, "year"), "END")


def _week_of(m: re.Match[str], ctx: Ctx) -> Interp | None:
    """'the week of March 6': the calendar week containing the day named."""
    inner = interpret(m["day"], ctx)
    if inner is None or inner.type != "DATE":
        return None
    a = cal.parse_value(inner.value)
    if a is None or a[0] != "day":
        return Interp("DATE", "XXXX-WXX") if inner.value.startswith("XXXX-") else None
    return Interp("DATE", cal.fmt("week", a[1]))


RULES: list[Rule] = CAL_RULES + TIME_RULES + REL_RULES + [
    Rule("unit_edge", rx(r"(?:the\s+)?(?P<pm>end|beginning|start|middle|close|rest|remainder|turn)\s+of\s+the\s+"
                         r"(?P<u>week|month|year|quarter|decade|century)"), _unit_edge),
    Rule("year_end", rx(r"year[-\s]end|year['’]s\s+end"), _year_end),
    Rule("week_of", rx(r"the\s+week\s+of\s+(?P<day>" + MONTH_RE + r"\s*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
                       r"(?:,?\s*(?:1[0-9]|20)\d\d)?)"), _week_of),
]

# extractors/data/prefix_mods.tsv; '-' there is no mod ('the rest of the year' is the whole year)
_PREFIX_MODS: dict[str, str | None] = {w: None if mod == "-" else mod
                                       for w, (mod,) in word_table("prefix_mods").items()}
_PREFIX = (r"(?:the\s+)?(?:very\s+)?(?P<pm>early|earlier|late|later|mid|middle|end|beginning|start|close)"
           r"(?:\s+(?:of|in|on))?(?:\s+the)?")
PREFIX_RE = re.compile(r"(?P<all>" + _PREFIX + r")(?:\s+|\s*-\s*)(?=\S)", re.I)
# the same prefix, found immediately to the left of a timex (for extending extents)
PREFIX_TAIL_RE = re.compile(r"(?<![\w])(?P<all>" + _PREFIX + r")(?:\s+|\s*-\s*)$", re.I)


def prefix_mod(word: str) -> str | None:
    return _PREFIX_MODS.get(word.lower())


def interpret(text: str, ctx: Ctx) -> Interp | None:
    """Interp for a whole expression, or None if no rule accepts all of it."""
    t = text.strip()
    for rule in RULES:
        m = rule.regex.fullmatch(t)
        if m is None:
            continue
        try:
            got = rule.handler(m, ctx)
        except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
            got = None
        if got is not None and TIMEX3_VALUE_RE.fullmatch(got.value):
            return got
    pm = PREFIX_RE.match(t)
    if pm is not None and pm.end() < len(t):
        inner = interpret(t[pm.end():], ctx)
        if inner is not None and inner.type in ("DATE", "TIME"):
            return Interp(inner.type, inner.value, prefix_mod(pm["pm"]) or inner.mod)
    return None


def normalise(text: str, published: dt.date | None, *, tense: str | None = None,
              previous: str | None = None) -> tuple[str, str] | None:
    """(type, value) of one temporal expression, or None.  Never raises."""
    try:
        if not isinstance(text, str) or len(text) > 200:
            return None
        if published is not None and not isinstance(published, dt.date):
            return None
        if isinstance(published, dt.datetime):
            published = published.date()
        got = interpret(text, Ctx(published, tense, previous if isinstance(previous, str) else None))
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        return None
    return (got.type, got.value) if got is not None else None

"""Recognise temporal expressions in a parsed doc and resolve them in text order.

Candidates come from the rule regexes run over ``doc.text``; spaCy's DATE/TIME
entities and POS tags arbitrate ambiguous words (numbers that are not years,
'May' the modal, 'March' the verb).  Overlaps go to the longest candidate.
Values are then resolved left to right with the clause tense and a running
reference date ('a year earlier', 'the next day').
"""
from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from spacy.tokens import Doc, Token

from ..lexicon import word_list
from . import cal
from .anchor import Ctx, Interp
from .model import TIMEX3_VALUE_RE, Timex
from .resolve import PREFIX_TAIL_RE, RULES, prefix_mod
from .rules_cal import Rule
from .tense import clause_tense

__all__ = ["find_timexes"]


class _Cand(NamedTuple):
    start: int
    end: int
    rule: Rule
    match: re.Match[str]
    mod: str | None = None


_YEAR_CONTEXT = word_list("year_context")
_NUMERIC_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "PRODUCT", "LAW", "FAC"})
_SEASON_CONTEXT = word_list("season_context")
_MONTH_AMBIGUOUS = frozenset({"may", "march", "june", "august"})
# 'mid-1996', 'post-1959', 'pre-2000': a year after a hyphen only behind these prefixes
_YEAR_PREFIX_RE = re.compile(r"(?<![\w-])(?:mid|pre|post)-$", re.I)


def _token_at(doc: Doc, starts: dict[int, int], char: int) -> Token | None:
    i = starts.get(char)
    return doc[i] if i is not None else None


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([\w'-]+)\W*$", text[max(0, start - 25):start])
    return m.group(1).lower() if m else ""


def _accept(c: _Cand, doc: Doc, text: str, starts: dict[int, int], published: dt.date | None) -> bool:
    """Context checks that the regexes cannot make on their own."""
    name, m = c.rule.name, c.match
    tok = _token_at(doc, starts, c.start)
    if name == "month" and not m["rel"]:
        word = m["mon"]
        if not word[:1].isupper():
            return False
        if tok is not None and (tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX")):
            return False
        if word.lower() in _MONTH_AMBIGUOUS and tok is not None and tok.ent_type_ in ("PERSON", "ORG"):
            return False
    if name == "year" and m.group(0) == m["y"]:
        y = int(m["y"])
        if text[c.end:c.end + 1] in ("%",) or text[max(0, c.start - 1):c.start] in ("$", "#"):
            return False
        if text[max(0, c.start - 1):c.start] == "-":
            return _YEAR_PREFIX_RE.search(text, max(0, c.start - 6), c.start) is not None
        if tok is not None and tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i == tok.i + 1:
            return False  # "2019 points"
        if tok is not None and tok.ent_type_ == "DATE":
            return True
        if _prev_word(text, c.start) in _YEAR_CONTEXT:
            return True
        if tok is not None and tok.ent_type_ in _NUMERIC_ENTS:
            return False
        hi = (published.year + 5) if published else 2035
        return 1900 <= y <= hi
    if name == "season" and not m["y"]:
        rel = (m["rel"] or "").lower()
        nxt = text[c.end:c.end + 6].lower()
        if m["s"].lower() in ("fall", "spring") and rel in ("", "the") and re.match(r"\s+(of|in|from|to|by)\b", nxt):
            return False
        if not rel and not m["sm"] and _prev_word(text, c.start) not in _SEASON_CONTEXT:
            return False
        if rel == "the" and _prev_word(text, c.start) not in _SEASON_CONTEXT | {"over", "for"}:
            return False
    if name in ("clock", "clock_day") and m["named"] is None and not (m["ap"] or m["ap2"] or m["oc"]):
        # bare H:MM: only when spaCy agrees it is a time
        return tok is not None and tok.ent_type_ == "TIME"
    if name == "weekday" and tok is not None and tok.ent_type_ in ("ORG", "PERSON", "WORK_OF_ART"):
        return False
    if name == "ref" and m.group(0).lower() == "now" and tok is not None and tok.dep_ == "advmod" \
            and tok.head.lower_ in ("until", "till", "by", "from"):
        return True
    return True


_BACK, _AHEAD = 70, 30


def _matches(rule: Rule, text: str) -> list[re.Match[str]]:
    """All matches of a rule; rules with a trigger only run in windows around its hits."""
    if rule.trigger is None:
        return list(rule.regex.finditer(text))
    out: dict[tuple[int, int], re.Match[str]] = {}
    covered = -1
    for t in rule.trigger.finditer(text):
        lo, hi = max(0, t.start() - _BACK, covered), min(len(text), t.end() + _AHEAD)
        for m in rule.regex.finditer(text, max(0, t.start() - _BACK), hi):
            out.setdefault(m.span(), m)
        covered = lo
    return list(out.values())


def _candidates(doc: Doc, text: str, published: dt.date | None) -> list[_Cand]:
    starts = {t.idx: t.i for t in doc}
    probe = Ctx(published)
    found: list[_Cand] = []
    for rule in RULES:
        for m in _matches(rule, text):
            s, e = m.span("x") if "x" in rule.regex.groupindex and m.group("x") else m.span()
            c = _Cand(s, e, rule, m)
            try:
                ok = rule.handler(m, probe) is not None
            except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
                ok = False
            if ok and _accept(c, doc, text, starts, published):
                found.append(c)
    found.sort(key=lambda c: (c.start - c.end, c.start))
    taken: list[_Cand] = []
    used = bytearray(len(text) + 1)
    for c in found:
        if any(used[c.start:c.end]):
            continue
        used[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return [_extend_left(_drop_article(c, text), text, used) for c in taken]


# 'the 14-day strike', 'the third-quarter results': the article belongs to the noun phrase
_ADJECTIVAL_RE = re.compile(r"the\s+(?=[\w.]+-(?:quarter|day|week|month|year|hour|minute|decade)\b)", re.I)


def _drop_article(c: _Cand, text: str) -> _Cand:
    """Leave 'the' outside a hyphenated unit used as an adjective (TimeML extents)."""
    m = _ADJECTIVAL_RE.match(text, c.start, c.end)
    return c._replace(start=m.end()) if m is not None else c


def _extend_left(c: _Cand, text: str, used: bytearray) -> _Cand:
    """Pull 'early', 'later', 'the end of', 'mid-' into the extent of a date."""
    if c.rule.name in ("duration", "set", "bare_plural", "ago", "ref", "decade"):
        return c
    window = text[max(0, c.start - 40):c.start]
    m = PREFIX_TAIL_RE.search(window)
    if m is None:
        return c
    s = c.start - len(window) + m.start("all")
    if any(used[s:c.start]):
        return c
    return c._replace(start=s, mod=prefix_mod(m["pm"]))


def find_timexes(doc: Doc, published: dt.date | None) -> list[Timex]:
    """All temporal expressions in ``doc``, sorted, non-overlapping, values resolved."""
    if isinstance(published, dt.datetime):
        published = published.date()
    text = doc.text
    out: list[Timex] = []
    previous: str | None = None
    for c in _candidates(doc, text, published):
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        tense = clause_tense(span) if span is not None and len(span) else None
        ctx = Ctx(published, tense, previous)
        try:
            got: Interp | None = c.rule.handler(c.match, ctx)
        except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
            got = None
        if got is None or not TIMEX3_VALUE_RE.fullmatch(got.value):
            continue
        mod = c.mod or got.mod
        out.append(Timex(c.start, c.end, text[c.start:c.end], got.type, got.value, mod))
        if got.anchors and got.type in ("DATE", "TIME") and cal.parse_value(got.value) is not None:
            previous = got.value
    return out

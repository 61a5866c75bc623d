"""Word tables and regex fragments shared by the recogniser and the normaliser.

Everything here is compiled once at import; nothing is built per document.
"""
from __future__ import annotations

from ..lexicon import word_table

__all__ = [
    "APPROX_MODS",
    "APPROX_RE",
    "DAYPART_RE",
    "DAY_PARTS",
    "FUZZY_NUMBERS",
    "MONTHS",
    "MONTH_FULL_RE",
    "MONTH_RE",
    "NUMBERS",
    "NUM_RE",
    "ORDINALS",
    "ORD_RE",
    "SEASONS",
    "SEASON_RE",
    "UNITS",
    "UNIT_RE",
    "WEEKDAYS",
    "WEEKDAY_RE",
    "number",
    "unit_of",
]

# The tables are extractors/data/<name>.tsv (purpose, source and an example in each header).
MONTHS: dict[str, int] = {w: int(m) for w, (m,) in word_table("months").items()}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
# number_words.tsv: zero ... nineteen in order of value (_SMALL[i] is i), then the tens
_SMALL = [w for w, (v,) in word_table("number_words").items() if int(v) < 20]
_TENS = {w: int(v) for w, (v,) in word_table("number_words").items() if int(v) >= 20}
NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
NUMBERS.update(_TENS)
for _t, _v in _TENS.items():
    for _i in range(1, 10):
        NUMBERS[f"{_t}-{_SMALL[_i]}"] = _v + _i
        NUMBERS[f"{_t} {_SMALL[_i]}"] = _v + _i
NUMBERS.update({phrase: int(v) for phrase, (v,) in word_table("number_phrases").items()})
FUZZY_NUMBERS = tuple(word_table("fuzzy_numbers"))
ORDINALS: dict[str, int] = {w: int(n) for w, (n,) in word_table("ordinals").items()}
# unit word -> (granularity name used by cal, TIMEX3 duration letter, is time-of-day unit)
UNITS: dict[str, tuple[str, str, bool]] = {w: (g, letter, {"yes": True, "no": False}[t])
                                           for w, (g, letter, t) in word_table("units").items()}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
DAY_PARTS: dict[str, str] = {w: v for w, (v,) in word_table("day_parts").items()}
APPROX_MODS: dict[str, str] = {w: mod for w, (mod,) in word_table("approx_mods").items()}


def _alt(words: list[str]) -> str:
    """Regex alternation, longest first so that 'twenty-one' beats 'twenty'."""
    return "(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True)) + ")"


MONTH_FULL_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
MONTH_RE = (r"(?:" + MONTH_FULL_RE[3:-1] + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
            r"(?=\s*\d|\.|\s))")
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# compact on purpose: a flat alternation of every number word makes the rules several times slower
NUM_RE = (r"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?"
          r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six"
          r"|seven|eight|nine)(?!\w))?"
          r"|(?:a\s+|one\s+)?hundred|(?:a|two)\s+thousand|(?:a\s+)?dozen|(?:a\s+)?couple(?:\s+of)?"
          r"|" + _alt(_SMALL) + r"|an?|" + _alt(list(FUZZY_NUMBERS)) + ")")
ORD_RE = _alt(list(ORDINALS))
UNIT_RE = r"(?:" + _alt([u for u in UNITS if u not in ("centurie",)]) + r"|centuries)"
SEASON_RE = _alt(list(SEASONS))
DAYPART_RE = r"(?:morning|afternoon|evening|night|overnight)"
APPROX_RE = _alt([k for k in APPROX_MODS if k != "or so"])


def number(text: str) -> float | None:
    """Value of a number phrase; None means an unknown ('several') count, i.e. X."""
    t = " ".join(text.lower().replace(",", "").split())
    if t.endswith(" 1/2"):
        base = number(t[:-4])
        return None if base is None else base + 0.5
    if t in NUMBERS:
        return float(NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def unit_of(word: str) -> tuple[str, str, bool] | None:
    """Unit tuple for a unit word in any number ('years', 'centuries', 'hrs')."""
    w = word.lower().rstrip(".")
    if w == "centuries":
        w = "century"
    elif w.endswith("s") and w[:-1] in UNITS:
        w = w[:-1]
    return UNITS.get(w)

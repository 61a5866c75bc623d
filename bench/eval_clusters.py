"""Event clustering (extractors/clusters.py) vs ECB+ cross-document event coreference.

``make eval-clusters`` runs the pipeline on the 772 ECB+ articles of
``../shared/corpora/ecb-dev/articles/`` into a temp dir (no ``--reference-date``: 284 articles have
a ``published`` field, 21 more get a dateline date, and a made-up day for the other 467 would be a
false "same day" / publication-window signal for the clustering; ``--reference-date`` passes one),
then scores two settings, each on the dev topics (2, 5, 12, 18, 21, 23, 34, 35), the train topics
(the rest) and all, against the gold clusters of the ``selected: true`` gold mentions (the
annotated sentences). Without ``../shared`` it prints why and exits 0.

Systems, scored on the same mentions in the same run:

* ``dateline``: the clusters of ``extractors.clusters.cluster_events``. In the predicted setting
  they are ``events.cluster_id`` when the warehouse has that column filled for every event (the
  flow's own clustering, warehouse/clusters.py), else (or with ``--recluster``) ``cluster_events``
  over one ``EventSketch`` per warehouse event, all 27k events of the corpus together (topics are
  never used); the clusters are then restricted to the scored mentions. The sketches come from the
  flow's own query and row reader in warehouse/clusters.py (``--sketches flow``), so they hold
  what the flow compares; when that module has no such query (``--sketches own``, or ``auto``
  after it failed, which the output says), from this script's ``own_sketches``: trigger lemma,
  class, modality, polarity, the event's own date range and granularity (not one its cluster
  lent it, ``date_source = 'cluster'``), the article's ``published``, actor ids with role
  ``agent`` vs every other role, the agents' ``actors.country_code``,
  ``content_words(sentence_text)`` and ``article_signature(articles.text)``.
* ``same-lemma``: every mention with the same trigger lemma, corpus-wide, is one cluster.
* ``singletons``: every mention its own cluster.

Settings:

1. **Predicted mentions (end to end).** A system event matches a gold mention when its trigger
   span ``[trigger_start, trigger_end)`` overlaps one of the mention's spans (same document);
   matching is one-to-one (most matched pairs, then most overlapping characters; scipy's
   ``linear_sum_assignment`` per document). The key holds the selected gold mentions; the response
   holds the system events whose trigger lies in a selected sentence (and every twin), a matched
   event under its gold mention's id, an unmatched one as an extra mention (a singleton unless
   clustered with others). Unmatched gold mentions are missing from the response. The metrics are Pradhan et al.
   (2014)'s definitions for predicted mentions, which score twinless mentions as they are
   (missing ones cost recall, extra ones precision): the union of the two mention sets is scored,
   nothing is added to or dropped from either side.
2. **Gold mentions (clustering alone).** One ``EventSketch`` per selected gold mention: when a
   system event matches it (the matching above), that event's lemma, class, modality, polarity,
   date and actors; else the spaCy lemma (``extractors.nlp.load_pipeline()``) of the mention's
   head (the content token of its spans whose syntactic head lies outside them, parsing its
   sentence), the class extractors/data/event_classes.tsv gives that lemma, modality ``asserted``,
   polarity ``positive``, no actors, no date, its start offset as position. Always: content words
   of its gold sentence, its article's ``published`` and signature. Key and response hold exactly
   the gold mentions.

Metrics (implemented here; each split is one "meta-document", as usual for cross-document
coreference, so a wrong link across topics costs precision in ``all``; singletons included):

* MUC (Vilain et al. 1995): R = sum_k (|k| - |p(k)|) / sum_k (|k| - 1), where p(k) is the
  partition of key cluster k by the response (a mention absent from the response is a part of its
  own); P the same with key and response swapped; 0 when the denominator is 0 (no links), as in the
  CoNLL reference scorer.
* B³ (Bagga & Baldwin 1998): R = sum_k sum_r |k ∩ r|² / |k| / sum_k |k|; P swapped.
* CEAF-e (Luo 2005): phi4(k, r) = 2 |k ∩ r| / (|k| + |r|); the one-to-one alignment of key and
  response clusters maximising the sum of phi4 (Kuhn-Munkres, per connected component of the
  overlap graph); R = sum / |K|, P = sum / |R|.
* CoNLL F1: the mean of the three F1s.

``scorch`` (PyPI) computes the same numbers (tests/test_eval_clusters.py compares them when it is
installed), but its B³ and CEAF loop over every key x response pair in Python, seconds per score on
the corpus; it is not a dependency.

Usage: ``python bench/eval_clusters.py [--json OUT] [--warehouse DB] [--keep DIR] [--recluster]
[--sketches auto|flow|own] [--reference-date YYYY-MM-DD]``. ``--warehouse`` scores an existing
warehouse instead of running the pipeline.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ecb import CORPUS, SPLITS, EcbCorpus, GoldMention, check_offsets, load_corpus, split_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ("dateline", "same-lemma", "singletons")
SETTINGS = ("predicted", "gold")

PRF = tuple[float, float, float]
Partition = Mapping[Any, Any]   # mention -> cluster label (hashables)


# --------------------------------------------------------------------------------------------
# coreference metrics (pure)
# --------------------------------------------------------------------------------------------

def f1(r: float, p: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def clusters_of(partition: Partition) -> dict[Hashable, set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in partition.items():
        out[label].add(mention)
    return dict(out)


def _muc_side(a: Partition, b: Partition) -> float:
    """sum_k (|k| - |p(k, b)|) / sum_k (|k| - 1) over the clusters k of a."""
    num = den = 0
    for members in clusters_of(a).values():
        parts = {("in", b[m]) if m in b else ("out", m) for m in members}
        num += len(members) - len(parts)
        den += len(members) - 1
    return num / den if den else 0.0


def muc(key: Partition, response: Partition) -> PRF:
    r, p = _muc_side(key, response), _muc_side(response, key)
    return r, p, f1(r, p)


def b_cubed(key: Partition, response: Partition) -> PRF:
    overlap = Counter((key[m], response[m]) for m in key.keys() & response.keys())
    k_size = Counter(key.values())
    r_size = Counter(response.values())
    r = sum(n * n / k_size[k] for (k, _), n in overlap.items()) / len(key) if key else 0.0
    p = sum(n * n / r_size[s] for (_, s), n in overlap.items()) / len(response) if response else 0.0
    return r, p, f1(r, p)


def ceaf_e(key: Partition, response: Partition) -> PRF:
    """Entity CEAF: Kuhn-Munkres on phi4, solved per connected component of overlapping clusters
    (clusters that share no mention score 0 together, so components do not interact)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    overlap = Counter((key[m], response[m]) for m in key.keys() & response.keys())
    k_size = Counter(key.values())
    r_size = Counter(response.values())
    parent: dict[tuple[str, Hashable], tuple[str, Hashable]] = {}

    def find(x: tuple[str, Hashable]) -> tuple[str, Hashable]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, s in overlap:
        ra, rb = find(("k", k)), find(("r", s))
        if ra != rb:
            parent[ra] = rb
    components: dict[tuple[str, Hashable], list[tuple[Hashable, Hashable, int]]] = defaultdict(list)
    for (k, s), n in overlap.items():
        components[find(("k", k))].append((k, s, n))
    total = 0.0
    for edges in components.values():
        rows = {k: i for i, k in enumerate(dict.fromkeys(k for k, _, _ in edges))}
        cols = {s: j for j, s in enumerate(dict.fromkeys(s for _, s, _ in edges))}
        phi = np.zeros((len(rows), len(cols)))
        for k, s, n in edges:
            phi[rows[k], cols[s]] = 2 * n / (k_size[k] + r_size[s])
        ri, ci = linear_sum_assignment(phi, maximize=True)
        total += float(phi[ri, ci].sum())
    r = total / len(k_size) if k_size else 0.0
    p = total / len(r_size) if r_size else 0.0
    return r, p, f1(r, p)


@dataclass
class Score:
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll(self) -> float:
        return (self.muc[2] + self.b3[2] + self.ceafe[2]) / 3

    def as_dict(self) -> dict:
        out: dict[str, Any] = {}
        for name in ("muc", "b3", "ceafe"):
            r, p, f = getattr(self, name)
            out[name] = {"recall": round(r, 4), "precision": round(p, 4), "f1": round(f, 4)}
        out["conll_f1"] = round(self.conll, 4)
        return out


def score(key: Partition, response: Partition) -> Score:
    return Score(muc(key, response), b_cubed(key, response), ceaf_e(key, response))


# --------------------------------------------------------------------------------------------
# system events and the matching
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SysEvent:
    event_id: str
    doc_id: str
    start: int
    end: int
    lemma: str
    sentence: int | None          # gold sentence number holding trigger_start
    sketch: Any = None             # extractors.clusters.EventSketch


def match_mentions(gold: Iterable[GoldMention], events: Iterable[SysEvent]) -> dict[str, str]:
    """gold mention_id -> event_id, one-to-one per document: the most pairs whose spans overlap,
    then the most overlapping characters."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    by_doc_gold: dict[str, list[GoldMention]] = defaultdict(list)
    for m in gold:
        by_doc_gold[m.doc_id].append(m)
    by_doc_sys: dict[str, list[SysEvent]] = defaultdict(list)
    for e in events:
        by_doc_sys[e.doc_id].append(e)
    out: dict[str, str] = {}
    for doc, mentions in by_doc_gold.items():
        evs = by_doc_sys.get(doc, [])
        if not evs:
            continue
        weight = np.zeros((len(mentions), len(evs)))
        for i, m in enumerate(mentions):
            for j, e in enumerate(evs):
                chars = m.overlap(e.start, e.end)
                if chars:
                    weight[i, j] = 1_000_000 + chars
        ri, ci = linear_sum_assignment(weight, maximize=True)
        for i, j in zip(ri, ci):
            if weight[i, j] > 0:
                out[mentions[i].mention_id] = evs[j].event_id
    return out


# --------------------------------------------------------------------------------------------
# scoring a setting
# --------------------------------------------------------------------------------------------

@dataclass
class Row:
    setting: str
    split: str
    system: str
    n_gold: int          # key mentions
    n_sys: int           # response mentions
    n_matched: int       # key mentions with a system twin (gold setting: with system features)
    gold_clusters: int
    sys_clusters: int
    score: Score

    def as_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("setting", "split", "system", "n_gold", "n_sys", "n_matched",
                                           "gold_clusters", "sys_clusters")}
        d.update(self.score.as_dict())
        return d


def restrict(partition: Partition, keep: Iterable[Hashable]) -> dict[Hashable, Hashable]:
    return {m: partition[m] for m in keep if m in partition}


def score_setting(setting: str, key: Partition, responses: Mapping[str, Partition],
                  split_of_mention: Mapping[Any, str], matched: set[Any]) -> list[Row]:
    """One row per split x system; ``split_of_mention`` covers key and response mentions."""
    rows = []
    for split in SPLITS:
        members = [m for m, s in split_of_mention.items() if split in ("all", s)]
        k = restrict(key, members)
        for system, response in responses.items():
            r = restrict(response, members)
            rows.append(Row(setting, split, system, len(k), len(r), sum(1 for m in k if m in matched),
                            len(set(k.values())), len(set(r.values())), score(k, r)))
    return rows


def predicted_setting(corpus: EcbCorpus, events: list[SysEvent], clusters: Mapping[str, str],
                      matching: Mapping[str, str]) -> list[Row]:
    gold = corpus.selected_mentions()
    key = {m.mention_id: m.cluster for m in gold}
    twin = {e: g for g, e in matching.items()}
    scored = [e for e in events if e.event_id in twin or (
        e.sentence is not None and e.sentence in corpus.docs[e.doc_id].selected)]
    ids = {e.event_id: twin.get(e.event_id, f"sys:{e.event_id}") for e in scored}
    responses = {
        "dateline": {ids[e.event_id]: clusters[e.event_id] for e in scored},
        "same-lemma": {ids[e.event_id]: e.lemma for e in scored},
        "singletons": {ids[e.event_id]: ids[e.event_id] for e in scored},
    }
    splits = {m.mention_id: m.split for m in gold}
    splits.update({ids[e.event_id]: split_of(corpus.docs[e.doc_id].topic) for e in scored})
    return score_setting("predicted", key, responses, splits, set(matching))


def gold_setting(corpus: EcbCorpus, sketches: Mapping[str, Any], matching: Mapping[str, str],
                 cluster: Any = None) -> list[Row]:
    """``sketches``: gold mention_id -> EventSketch (event_id = mention_id)."""
    if cluster is None:
        from extractors.clusters import cluster_events as cluster
    gold = corpus.selected_mentions()
    key = {m.mention_id: m.cluster for m in gold}
    found = cluster(sketches.values())
    responses = {
        "dateline": {m.mention_id: found[m.mention_id] for m in gold},
        "same-lemma": {m.mention_id: sketches[m.mention_id].lemma for m in gold},
        "singletons": {m.mention_id: m.mention_id for m in gold},
    }
    return score_setting("gold", key, responses, {m.mention_id: m.split for m in gold}, set(matching))


# --------------------------------------------------------------------------------------------
# the warehouse -> system events and sketches
# --------------------------------------------------------------------------------------------

EVENTS_SQL = """
SELECT e.event_id, e.article_id, e.trigger_start, e.trigger_end, e.trigger_lemma
FROM events e ORDER BY e.event_id
"""
# the fallback builder's rows: an event's own date only (a date its cluster lent it is no evidence)
OWN_SKETCH_SQL = """
SELECT e.event_id, e.article_id, e.trigger_start, e.trigger_lemma, e.event_class, e.modality, e.polarity,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_start END,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_end END,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_granularity END,
       e.sentence_text
FROM events e ORDER BY e.event_id
"""
ACTORS_SQL = """
SELECT ea.event_id, ea.role, ea.actor_id, ac.country_code
FROM event_actors ea JOIN actors ac USING (actor_id)
"""


def doc_of_uri(uri: str) -> str:
    name = uri.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".txt") else name


@dataclass
class SystemData:
    events: list[SysEvent]
    clusters: dict[str, str]          # event_id -> cluster id
    cluster_source: str
    sketch_source: str
    article_of_doc: dict[str, str]
    published: dict[str, dt.date | None]      # doc -> articles.published
    signatures: dict[str, tuple[int, ...]]    # doc -> article_signature(articles.text)
    problems: list[str] = field(default_factory=list)


def flow_sketches(con: Any) -> list[Any]:
    """The flow's own sketches (warehouse/clusters.py's query and row reader), so that the gold
    setting and ``--recluster`` compare exactly what the flow's clustering compares. Raises when
    that module no longer has them (its internals are not an API); ``read_system`` then falls back."""
    from extractors.clusters import ANAPHORIC_DETERMINERS
    from warehouse import clusters as flow

    con.execute("CREATE OR REPLACE TEMP TABLE stage_determiners (word VARCHAR)")
    con.executemany("INSERT INTO stage_determiners VALUES (?)", [(w,) for w in sorted(ANAPHORIC_DETERMINERS)])
    signatures = flow._Signatures(con)
    query = flow._SKETCHES.format(where="TRUE", anaphoric=flow._ANAPHORIC)
    return [flow._sketch(row, signatures)[0] for row in con.execute(query).fetchall()]


def own_sketches(con: Any, published: Mapping[str, dt.date | None],
                 signatures: Mapping[str, tuple[int, ...]]) -> list[Any]:
    """Sketches from warehouse rows as this script defines them: actor ids with role ``agent`` vs
    the other roles (``patients``: the patient role), the agents' ``actors.country_code``, the
    event's own date, ``content_words(sentence_text)``, the article's published date and signature
    (keyed by article_id). Fields EventSketch does not have are left out."""
    from extractors.clusters import EventSketch
    from extractors.signatures import content_words

    fields = set(EventSketch.__dataclass_fields__)
    roles: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"agents": set(), "participants": set(), "patients": set(), "countries": set()})
    for event_id, role, actor_id, country in con.execute(ACTORS_SQL).fetchall():
        slot = roles[event_id]
        if role == "agent":
            slot["agents"].add(actor_id)
            if country:
                slot["countries"].add(country)
        else:
            slot["participants"].add(actor_id)
            if role == "patient":
                slot["patients"].add(actor_id)
    out = []
    for (event_id, article_id, start, lemma, klass, modality, polarity, d0, d1, gran,
         sentence_text) in con.execute(OWN_SKETCH_SQL).fetchall():
        slot = roles.get(event_id) or {"agents": set(), "participants": set(), "patients": set(), "countries": set()}
        extra: dict[str, Any] = {k: v for k, v in (("position", start), ("patients", frozenset(slot["patients"])))
                                 if k in fields}
        out.append(EventSketch(
            event_id=event_id, article_id=article_id, lemma=lemma, event_class=klass, modality=modality,
            polarity=polarity, date_start=d0, date_end=d1, granularity=gran, published=published.get(article_id),
            agents=frozenset(slot["agents"]), participants=frozenset(slot["participants"]),
            agent_countries=frozenset(slot["countries"]), words=content_words(sentence_text),
            signature=signatures.get(article_id, ()), **extra))
    return out


def read_system(warehouse: Path, corpus: EcbCorpus, recluster: bool = False, builder: str = "auto") -> SystemData:
    """System events, their sketches (``builder``: ``flow`` = warehouse/clusters.py's own, ``own`` =
    ``own_sketches``, ``auto`` = flow's when it works) and their clusters."""
    import duckdb

    from extractors.clusters import cluster_events
    from extractors.signatures import article_signature

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        problems: list[str] = []
        doc_of_article: dict[str, str] = {}
        published: dict[str, dt.date | None] = {}
        signatures: dict[str, tuple[int, ...]] = {}
        for article_id, uri, text, pub in con.execute(
                "SELECT article_id, source_uri, text, published FROM articles").fetchall():
            doc = doc_of_uri(uri)
            if doc not in corpus.docs:
                problems.append(f"article {article_id} ({uri}) is no ECB+ document")
                continue
            if text != corpus.docs[doc].body:
                problems.append(f"{doc}: articles.text differs from the file's body; spans may be off")
            doc_of_article[article_id] = doc
            published[doc] = pub
            signatures[doc] = article_signature(text)
        missing = sorted(set(corpus.docs) - set(published))
        problems.extend(f"{doc}: not in the warehouse" for doc in missing)
        by_article_pub = {a: published[d] for a, d in doc_of_article.items()}
        by_article_sig = {a: signatures[d] for a, d in doc_of_article.items()}

        sketches: list[Any] = []
        sketch_source = "bench/eval_clusters.py own_sketches"
        if builder in ("auto", "flow"):
            try:
                sketches = flow_sketches(con)
                sketch_source = "warehouse/clusters.py's sketch query"
            except Exception as exc:  # the flow's internals moved: say so, use ours
                if builder == "flow":
                    raise
                sketch_source += f" (the flow's sketch query failed: {type(exc).__name__}: {exc})"
        if not sketches:
            sketches = own_sketches(con, by_article_pub, by_article_sig)
        # an article the flow has not signed yet gets the signature clustering would compute
        sketch_of = {s.event_id: (s if s.signature else replace(s, signature=by_article_sig.get(s.article_id, ())))
                     for s in sketches}

        events: list[SysEvent] = []
        for event_id, article_id, start, end, lemma in con.execute(EVENTS_SQL).fetchall():
            event_doc = doc_of_article.get(article_id)
            if event_doc is None:
                continue
            events.append(SysEvent(event_id, event_doc, start, end, lemma,
                                   corpus.docs[event_doc].sentence_of(start), sketch_of[event_id]))

        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
        clusters: dict[str, str] = {}
        source = "extractors.clusters.cluster_events over the sketches"
        if "cluster_id" in columns and not recluster:
            n, filled = con.execute("SELECT count(*), count(cluster_id) FROM events").fetchone() or (0, 0)
            if n and n == filled:
                clusters = dict(con.execute("SELECT event_id, cluster_id FROM events").fetchall())
                source = "warehouse events.cluster_id (the flow's clustering)"
            else:
                source += f" (events.cluster_id filled for {filled} of {n} events)"
        if not clusters:
            clusters = cluster_events(e.sketch for e in events)
    finally:
        con.close()
    return SystemData(events, clusters, source, sketch_source, {d: a for a, d in doc_of_article.items()},
                      published, signatures, problems)


# --------------------------------------------------------------------------------------------
# gold-mention sketches
# --------------------------------------------------------------------------------------------

FUNCTION_POS = frozenset({"ADP", "DET", "PART", "PUNCT", "CCONJ", "SCONJ", "AUX", "PRON", "SPACE"})


def head_lemmas(corpus: EcbCorpus, mentions: list[GoldMention], nlp: Any = None) -> dict[str, str]:
    """mention_id -> casefolded spaCy lemma of the mention's head token, parsing its sentence: of
    the tokens its spans cover, leaving out function words (``on suspicion``, ``under control``)
    unless nothing else is left, the first whose syntactic head lies outside them."""
    if nlp is None:
        from extractors.nlp import load_pipeline

        nlp = load_pipeline()
    by_sentence: dict[tuple[str, int], list[GoldMention]] = defaultdict(list)
    for m in mentions:
        by_sentence[(m.doc_id, m.sentence)].append(m)
    keys = list(by_sentence)
    texts = [corpus.docs[d].sentence_text(s) for d, s in keys]
    out: dict[str, str] = {}
    for (doc_id, number), doc in zip(keys, nlp.pipe(texts)):
        offset = corpus.docs[doc_id].sentences[number][0]
        for m in by_sentence[(doc_id, number)]:
            tokens = [t for t in doc if not t.is_space and any(
                s - offset < t.idx + len(t) and t.idx < e - offset for s, e in m.spans)]
            if not tokens:
                out[m.mention_id] = m.text.split()[0].casefold()
                continue
            content = [t for t in tokens if t.pos_ not in FUNCTION_POS] or tokens
            inside = {t.i for t in content}
            head = next((t for t in content if t.head.i not in inside or t.head.i == t.i), content[0])
            out[m.mention_id] = head.lemma_.casefold()
    return out


def gold_sketches(corpus: EcbCorpus, system: SystemData, matching: Mapping[str, str],
                  lemmas: Mapping[str, str]) -> dict[str, Any]:
    """gold mention_id -> EventSketch: the matched system event's features, else the defaults."""
    from extractors.clusters import EventSketch
    from extractors.signatures import content_words
    from extractors.lexicon import class_of

    fields = set(EventSketch.__dataclass_fields__)
    by_id = {e.event_id: e for e in system.events}
    out: dict[str, Any] = {}
    for m in corpus.selected_mentions():
        words = content_words(corpus.docs[m.doc_id].sentence_text(m.sentence))
        common: dict[str, Any] = {"event_id": m.mention_id, "article_id": m.doc_id, "words": words,
                                  "published": system.published.get(m.doc_id),
                                  "signature": system.signatures.get(m.doc_id, ())}
        event_id = matching.get(m.mention_id)
        if event_id is not None:
            out[m.mention_id] = replace(by_id[event_id].sketch, **common)
            continue
        lemma = lemmas[m.mention_id]
        entry = class_of(lemma)
        if "position" in fields:
            common["position"] = m.spans[0][0]
        out[m.mention_id] = EventSketch(
            lemma=lemma, event_class=entry.name if entry else None, modality="asserted", polarity="positive",
            date_start=None, date_end=None, granularity=None, agents=frozenset(), participants=frozenset(),
            agent_countries=frozenset(), **common)
    return out


# --------------------------------------------------------------------------------------------
# running it all
# --------------------------------------------------------------------------------------------

@dataclass
class Prepared:
    """Everything the two settings need, so a sweep can re-cluster without re-reading."""
    corpus: EcbCorpus
    system: SystemData
    matching: dict[str, str]
    sketches: dict[str, Any]


def prepare(warehouse: Path, corpus: EcbCorpus, recluster: bool = False, builder: str = "auto") -> Prepared:
    system = read_system(warehouse, corpus, recluster, builder)
    gold = corpus.selected_mentions()
    matching = match_mentions(gold, system.events)
    lemmas = head_lemmas(corpus, [m for m in gold if m.mention_id not in matching])
    return Prepared(corpus, system, matching, gold_sketches(corpus, system, matching, lemmas))


def evaluate(prep: Prepared) -> list[Row]:
    return (predicted_setting(prep.corpus, prep.system.events, prep.system.clusters, prep.matching)
            + gold_setting(prep.corpus, prep.sketches, prep.matching))


def format_table(rows: list[Row]) -> str:
    head = (f"{'setting':9} {'split':5} {'system':10} {'gold':>5} {'sys':>5} {'match':>5} {'gclus':>5} {'sclus':>5}"
            f" | {'MUC':>5} {'B3':>5} {'CEAFe':>5} {'CoNLL':>5}")
    lines = [head, "-" * len(head)]
    last = None
    for r in rows:
        if last is not None and (r.setting, r.split) != last:
            lines.append("")
        last = (r.setting, r.split)
        s = r.score
        lines.append(f"{r.setting:9} {r.split:5} {r.system:10} {r.n_gold:5d} {r.n_sys:5d} {r.n_matched:5d}"
                     f" {r.gold_clusters:5d} {r.sys_clusters:5d} | {100 * s.muc[2]:5.1f} {100 * s.b3[2]:5.1f}"
                     f" {100 * s.ceafe[2]:5.1f} {100 * s.conll:5.1f}")
    lines.append("F1 x 100. gold/sys = key/response mentions, match = gold mentions with a system event "
                 "(predicted: its twin; gold setting: its features), gclus/sclus = key/response clusters")
    return "\n".join(lines)


def run_pipeline(data_dir: Path, articles: Path, reference_date: str | None = None) -> Path:
    cmd = [sys.executable, "-m", "flows.cli", "run", str(articles), "--data-dir", str(data_dir)]
    if reference_date:
        cmd += ["--reference-date", reference_date]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return data_dir / "warehouse.duckdb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score dateline's event clusters against ECB+ gold coreference.")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the numbers as JSON")
    ap.add_argument("--warehouse", type=Path, help="score this warehouse.duckdb instead of running the pipeline")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="run the pipeline into DIR and keep it")
    ap.add_argument("--recluster", action="store_true",
                    help="recompute clusters with cluster_events even when events.cluster_id is filled")
    ap.add_argument("--sketches", choices=("auto", "flow", "own"), default="auto",
                    help="event features: the flow's own query (warehouse/clusters.py), this script's, "
                         "or the flow's when it works (default)")
    ap.add_argument("--reference-date", metavar="YYYY-MM-DD", help="passed to `dateline run` (default: none)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if not (args.corpus / "gold" / "event_mentions.jsonl").is_file():
        print(f"skip: the ECB+ corpus is not available at {args.corpus} (../shared is absent)")
        return 0
    t0 = time.monotonic()
    corpus = load_corpus(args.corpus)
    problems = check_offsets(corpus)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-eval-clusters-") as tmp:
        if args.warehouse:
            warehouse = args.warehouse
        else:
            data_dir = args.keep or Path(tmp)
            data_dir.mkdir(parents=True, exist_ok=True)
            t = time.monotonic()
            try:
                warehouse = run_pipeline(data_dir, args.corpus / "articles", args.reference_date)
            except subprocess.CalledProcessError as exc:
                print(f"error: the pipeline failed (exit {exc.returncode}): {' '.join(exc.cmd)}", file=sys.stderr)
                return 1
            timings["pipeline"] = time.monotonic() - t
        t = time.monotonic()
        prep = prepare(warehouse, corpus, args.recluster, args.sketches)
        timings["read_and_cluster"] = time.monotonic() - t
    t = time.monotonic()
    rows = evaluate(prep)
    timings["score"] = time.monotonic() - t
    timings["total"] = time.monotonic() - t0
    problems += prep.system.problems

    for p in problems[:20]:
        print(f"warning: {p}", file=sys.stderr)
    if len(problems) > 20:
        print(f"warning: ... {len(problems) - 20} more", file=sys.stderr)
    print(f"ECB+ {args.corpus}: {len(corpus.docs)} documents, {len(corpus.selected_mentions())} selected gold "
          f"mentions; {len(prep.system.events)} system events")
    print(f"clusters: {prep.system.cluster_source}; sketches: {prep.system.sketch_source}")
    print(format_table(rows))
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    if args.json:
        from extractors import clusters as rules

        out = {
            "date": dt.date.today().isoformat(),
            "corpus": str(args.corpus),
            "reference_date": args.reference_date,
            "cluster_source": prep.system.cluster_source,
            "sketch_source": prep.system.sketch_source,
            "constants": {name: getattr(rules, name) for name in (
                "ARTICLE_SIMILARITY", "SENTENCE_SIMILARITY", "PUBLISHED_WINDOW_DAYS", "NUM_PERM")},
            "system_events": len(prep.system.events),
            "rows": [r.as_dict() for r in rows],
            "timings_s": {k: round(v, 1) for k, v in timings.items()},
            "problems": problems,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

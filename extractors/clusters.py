"""Which event mentions report the same real-world event, and the date a group of them supports.

Pure functions over `EventSketch` (no DuckDB, no Prefect); warehouse/clusters.py fetches the
candidates and writes the result. The rules are what a reader uses:

- **Predicates** must be equal: the trigger lemma, or the group extractors/data/event_synonyms.tsv
  puts it in (visit / trip / head, agree / deal / accord, attack / strike / raid).
- **Polarity** must be equal, and a hypothetical mention joins only hypothetical ones: "if they
  attack" is not the attack, "did not sign" is not the signing.
- **Dates** must be compatible at the granularity each has: their day ranges overlap, and two
  different days are two events (2019-08-27 and 2019-W35 agree; 2019-08-27 and 2019-08-28 do not).
  An undated mention is compatible with any date.
- **Agents** must not conflict: when both mentions name agents, they share an actor or a country.
  (Patients do not part mentions: on ECB+ that rule cost recall it did not repay in precision.)
- **Evidence**: compatibility is not enough. In one article, two mentions of one predicate are one
  event unless the rules above part them (news rarely reports two different visits in one
  story); statements ("said", "announced") need a shared agent and a shared participant or close
  sentences there, because one article quotes many statements. Across articles a pair needs
  articles about the same story (MinHash Jaccard of their content words, `ARTICLE_SIMILARITY`) and
  one of: a shared participant, the same day, or similar sentences (`SENTENCE_SIMILARITY`), or
  own dates of a month or finer that overlap and a shared participant; statements need a shared
  agent and a shared other participant. Publication dates, where both are known, lie within
  `PUBLISHED_WINDOW_DAYS` unless both carry such dates. The thresholds were chosen on the ECB+
  train topics and checked on its dev topics (bench/README.md, make eval-clusters).

Clusters are the connected components of "same event" (transitive closure), so they do not
depend on the order events arrive in; a cluster's id is its smallest event id. Text similarity
is MinHash (datasketch's, computed in extractors/signatures.py; chosen over scikit-learn's TF-IDF
because a signature is fixed once computed — TF-IDF weights change as the corpus grows, so
clusters would depend on load order): a 64-value signature per article that the warehouse
stores, compared in numpy blocks. Only pairs that can join are compared (the same
article, similar articles, overlapping dates): every cross-article rule needs a similar story or
overlapping own dates. The warehouse fetches candidates by predicate and date window, so a run's
cost grows with its new events, not with the warehouse.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .lexicon import word_list, word_table
from .signatures import NUM_PERM, content_words, signature_similarity

ARTICLE_SIMILARITY = 0.10   # estimated Jaccard of content words: same story
SENTENCE_SIMILARITY = 0.10  # Jaccard of the two sentences' content words (ECB+ train: 0.05-0.12 best)
SAME_ARTICLE_SENTENCE_SIMILARITY = 0.5  # within one article, whose sentences share its topic words
PUBLISHED_WINDOW_DAYS = 10  # reports of one event come within days of each other
STATEMENT_CLASS = "statement"
SPECIFIC_GRANULARITIES = frozenset({"time", "day", "weekend", "week", "month"})
# the word before a noun trigger that makes it refer back ("the deal", "this release")
ANAPHORIC_DETERMINERS = word_list("anaphoric_determiners")


@cache
def _predicates() -> dict[str, str]:
    return {lemma: predicate for lemma, (predicate,) in word_table("event_synonyms").items()}


def predicate_key(lemma: str) -> str:
    """The predicate a trigger lemma names: its synonym group, else the lemma itself."""
    return _predicates().get(lemma, lemma)


@cache
def _lemmas_by_predicate() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for lemma, predicate in _predicates().items():
        out[predicate].add(lemma)
    return {p: frozenset(lemmas) for p, lemmas in out.items()}


@lru_cache(maxsize=50_000)
def lemmas_of(predicate: str) -> tuple[str, ...]:
    """Every lemma naming `predicate` (for the warehouse's candidate query)."""
    return tuple(sorted({predicate} | _lemmas_by_predicate().get(predicate, frozenset())))


@dataclass(frozen=True, slots=True)
class EventSketch:
    """What clustering knows of one event mention (its own date, never a cluster's)."""

    event_id: str
    article_id: str
    lemma: str
    event_class: str | None
    modality: str
    polarity: str
    date_start: dt.date | None
    date_end: dt.date | None
    granularity: str | None
    published: dt.date | None
    agents: frozenset[str]          # agents by name (lower case): one name typed two ways is one actor
    participants: frozenset[str]    # the other roles' actors by name, and the head word of an unnamed patient
    agent_countries: frozenset[str]
    words: frozenset[str]           # content words of its sentence
    signature: tuple[int, ...] = ()  # its article's MinHash signature
    position: int = 0               # trigger offset in the article: the order of mentions in it
    anaphoric: bool = False         # a definite noun ("the deal", "this release"): refers back
    patients: frozenset[str] = frozenset()  # the patient-role part of participants
    sentence: str = ""              # its sentence, when `words` is left to be computed on demand

    @property
    def predicate(self) -> str:
        return predicate_key(self.lemma)


def dates_compatible(a: EventSketch, b: EventSketch) -> bool:
    """Overlapping day ranges, and never two different days (or times on different days)."""
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return True
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _same_day(a: EventSketch, b: EventSketch) -> bool:
    return (a.date_start is not None and a.date_start == a.date_end == b.date_start == b.date_end)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _specific_overlap(a: EventSketch, b: EventSketch) -> bool:
    """Both carry their own date of a month or finer, and the two overlap: a dated past event,
    which later articles may recall long after ("unveiled the iPhone in January 2007")."""
    return (a.granularity in SPECIFIC_GRANULARITIES and b.granularity in SPECIFIC_GRANULARITIES
            and a.date_start is not None and b.date_start is not None and dates_compatible(a, b))


def compatible(a: EventSketch, b: EventSketch) -> bool:
    """Nothing a reader knows keeps the two apart (the necessary conditions)."""
    if a.polarity != b.polarity or (a.lemma != b.lemma and a.predicate != b.predicate):
        return False
    if (a.modality == "hypothetical") != (b.modality == "hypothetical"):
        return False
    if not dates_compatible(a, b):
        return False
    if a.agents and b.agents and not (a.agents & b.agents or a.agent_countries & b.agent_countries):
        return False
    if a.article_id != b.article_id and a.published and b.published and not _specific_overlap(a, b):
        return abs((a.published - b.published).days) <= PUBLISHED_WINDOW_DAYS
    return True


def same_event(a: EventSketch, b: EventSketch, story: bool | None = None) -> bool:
    """Whether two mentions report one event (see the module docstring for the rules). `story`:
    whether their articles are similar, when the caller has compared the signatures already."""
    if a.event_id == b.event_id:
        return True
    if not compatible(a, b):
        return False
    statement = a.event_class == STATEMENT_CLASS or b.event_class == STATEMENT_CLASS
    shared_agent = bool(a.agents & b.agents)
    shared = shared_agent or bool((a.agents | a.participants) & (b.agents | b.participants))

    def similarity() -> float:  # of the two sentences: computed only where a rule asks
        return _jaccard(a.words or content_words(a.sentence), b.words or content_words(b.sentence))

    if a.article_id == b.article_id:  # one story tells of one event per predicate
        if statement:
            return shared_agent and (bool(a.participants & b.participants)
                                     or similarity() >= SAME_ARTICLE_SENTENCE_SIMILARITY)
        return True
    dated = _specific_overlap(a, b)  # both dated, month or finer, overlapping
    if story is None:
        story = signature_similarity(a.signature, b.signature) >= ARTICLE_SIMILARITY
    if statement:
        return shared_agent and bool(a.participants & b.participants) and (dated or story)
    if shared:
        return dated or story
    return story and (similarity() >= SENTENCE_SIMILARITY or _same_day(a, b))


def _antecedent_links(events: Sequence[EventSketch]) -> list[tuple[str, str]]:
    """A definite mention ("the deal we made") and the nearest earlier mention of its predicate in
    its article that it is compatible with: the reader's antecedent. All of an article's events
    arrive in one run, so this per-article choice does not depend on batch order."""
    links = []
    by_article: dict[tuple[str, str], list[EventSketch]] = defaultdict(list)
    for event in events:
        by_article[(event.article_id, event.predicate)].append(event)
    for mentions in by_article.values():
        mentions.sort(key=lambda e: (e.position, e.event_id))
        for i, event in enumerate(mentions):
            if not event.anaphoric:
                continue
            earlier = next((m for m in reversed(mentions[:i]) if compatible(m, event)), None)
            if earlier is not None:
                links.append((earlier.event_id, event.event_id))
    return links


def similar_pairs(left: Mapping[str, Sequence[int]], right: Mapping[str, Sequence[int]]
                  ) -> set[tuple[str, str]]:
    """(left id, right id) of every two articles whose signatures share ARTICLE_SIMILARITY of their
    values; signatures of another length are ignored."""
    import numpy as np

    right_ids = sorted(k for k, v in right.items() if len(v) == NUM_PERM)
    matrix = np.array([right[i] for i in right_ids], dtype=np.uint32).reshape(len(right_ids), NUM_PERM)
    return similar_to_matrix(left, right_ids, matrix)


def similar_to_matrix(left: Mapping[str, Sequence[int]], right_ids: Sequence[str], right: Any
                      ) -> set[tuple[str, str]]:
    """`similar_pairs` against signatures already in a (len(right_ids), NUM_PERM) uint32 array (as
    the warehouse reads them, without a Python object per value), compared in numpy blocks."""
    import numpy as np

    left_ids = sorted(k for k, v in left.items() if len(v) == NUM_PERM)
    if not left_ids or not len(right_ids):
        return set()
    pairs: set[tuple[str, str]] = set()
    block = max(1, 4_000_000 // (len(right_ids) * NUM_PERM))
    for start in range(0, len(left_ids), block):
        rows = np.array([left[i] for i in left_ids[start:start + block]], dtype=np.uint32)
        share = (rows[:, None, :] == right[None, :, :]).mean(axis=2)
        pairs.update((left_ids[start + int(i)], right_ids[int(j)]) for i, j in zip(*np.nonzero(share >= ARTICLE_SIMILARITY)))
    return pairs


def similar_articles(events: Iterable[EventSketch]) -> set[tuple[str, str]]:
    """Pairs of the events' articles (ordered ids) that tell the same story (`similar_pairs`):
    the only article pairs whose events may join on sentences or participants alone."""
    signatures = {e.article_id: e.signature for e in events}
    return {(x, y) for x, y in similar_pairs(signatures, signatures) if x < y}


def _candidate_pairs(members: list[EventSketch], similar: set[tuple[str, str]],
                     neighbours: Mapping[str, Sequence[str]], known: Container[str] = ()
                     ) -> Iterator[tuple[EventSketch, EventSketch]]:
    """Every pair `same_event` can accept, once: the same article, similar articles, or dates of a
    month or finer that overlap (every cross-article rule needs one of the last two). Pairs of two
    `known` events (clustered already) are left out. `neighbours`: the `similar` pairs as article
    -> the similar articles with a larger id."""
    by_article: dict[str, list[EventSketch]] = defaultdict(list)
    for event in members:
        by_article[event.article_id].append(event)
    fresh = {a for a, mentions in by_article.items() if any(e.event_id not in known for e in mentions)}
    for article in sorted(fresh):
        mentions = by_article[article]
        for i, a in enumerate(mentions):
            yield from ((a, b) for b in mentions[i + 1:] if a.event_id not in known or b.event_id not in known)
    for x in sorted(by_article):
        for y in neighbours.get(x, ()):  # similar articles with a larger id
            if y in by_article and (x in fresh or y in fresh):
                yield from ((a, b) for a in by_article[x] for b in by_article[y]
                            if a.event_id not in known or b.event_id not in known)
    dated = sorted((e for e in members if e.granularity in SPECIFIC_GRANULARITIES
                    and e.date_start is not None and e.date_end is not None),
                   key=lambda e: (e.date_start, e.event_id))
    active: list[EventSketch] = []
    for event in dated:
        assert event.date_start is not None
        active = [a for a in active if a.date_end is not None and a.date_end >= event.date_start]
        for other in active:
            key = (min(other.article_id, event.article_id), max(other.article_id, event.article_id))
            if (other.article_id != event.article_id and key not in similar
                    and (event.event_id not in known or other.event_id not in known)):
                yield other, event
        active.append(event)


def cluster_events(events: Iterable[EventSketch], known: Mapping[str, str] | None = None) -> dict[str, str]:
    """event_id -> cluster_id: connected components of `same_event`, each named by its smallest
    event id. Only pairs `_candidate_pairs` yields are compared (of one predicate, and in one
    article, similar articles or overlapping dates), which is every pair that can join.

    `known` maps events already clustered (candidates from the warehouse) to their clusters: their
    clusters are components already, so only pairs with at least one new event are compared, and
    a component's id is the smallest over its new events and the known clusters it absorbs (whose
    ids are their smallest members). Any batch order thus ends in the same clusters."""
    known = known or {}
    by_id = {e.event_id: e for e in events}
    parent: dict[str, str] = {eid: eid for eid in by_id}
    parent.update({cid: cid for cid in known.values() if cid not in parent})

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for eid in by_id:
        if eid in known:
            union(eid, known[eid])
    groups: dict[str, list[EventSketch]] = defaultdict(list)
    for event in sorted(by_id.values(), key=lambda e: e.event_id):
        groups[event.predicate].append(event)
    for x, y in _antecedent_links([e for e in by_id.values() if e.event_id not in known]):
        union(x, y)
    similar = similar_articles(by_id.values())
    neighbours: dict[str, list[str]] = defaultdict(list)
    for x, y in sorted(similar):
        neighbours[x].append(y)
    for members in groups.values():
        for a, b in _candidate_pairs(members, similar, neighbours, known):
            if find(a.event_id) == find(b.event_id):
                continue
            pair = (a.article_id, b.article_id) if a.article_id < b.article_id else (b.article_id, a.article_id)
            if same_event(a, b, story=pair in similar):
                union(a.event_id, b.event_id)
    return {eid: find(eid) for eid in by_id}


@dataclass(frozen=True, slots=True)
class ClusterDate:
    value: str
    start: dt.date
    end: dt.date
    granularity: str | None


def cluster_date(dates: Iterable[ClusterDate]) -> ClusterDate | None:
    """The most specific date the members support without contradiction.

    Each member date is scored by how many members' dates contain it (a day inside a week inside
    a month supports all three); the best-supported wins, then the shortest span, then the earliest
    and the value text, so the choice is deterministic. 2019-08-27 and 2019-W35 give 2019-08-27;
    a lone contradicting member (another day) loses to the dates the others agree on."""
    known = [d for d in dates]
    if not known:
        return None
    counts = Counter(known)

    def support(d: ClusterDate) -> int:
        return sum(n for other, n in counts.items() if other.start <= d.start and d.end <= other.end)

    return min(counts, key=lambda d: (-support(d), (d.end - d.start).days, d.start, d.value))

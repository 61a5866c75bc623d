"""The clustering step: assign a run's new events to event clusters, incrementally, in one transaction.

After a run's load, the events without a `cluster_id` (the run's new ones, and any a crashed step
left) are the work. Clusters that lost members (a changed or deleted article) are dissolved
first and their remaining members clustered again, so no stale member or statistic survives.
Candidates for the new events come from blocking in DuckDB — the same predicate (lemma or
synonym) and a compatible publication date — so the cost grows with the new events, not with
the warehouse. The decisions are extractors/clusters.py's pure functions. Then the statistics,
actors and dates of every touched cluster are recomputed, and members without a date of their
own take the cluster's (`date_source = 'cluster'`; their own, empty, date is restored whenever
their cluster is recomputed) — unless it begins after their article was published and they are
neither planned nor hypothetical (chained clusters can span a year of reports).
"""
from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from extractors.clusters import (ANAPHORIC_DETERMINERS, PUBLISHED_WINDOW_DAYS, SPECIFIC_GRANULARITIES, ClusterDate,
                                 EventSketch, cluster_date, cluster_events, lemmas_of, predicate_key,
                                 similar_to_matrix)
from extractors.signatures import NUM_PERM, article_signature

from .loader import connect_writer
from .lock import pause_point
from .paths import DataDir
from .state import STALE_CLUSTERS as _STALE


@dataclass(frozen=True, slots=True)
class ClusterStats:
    n_new_events: int       # events that were clustered in this step
    n_candidates: int       # already clustered events they were compared with
    n_clusters_written: int  # clusters created or recomputed
    n_clusters_deleted: int  # clusters that disappeared (merged, emptied or dissolved)
    n_clusters: int          # clusters in the warehouse afterwards
    seconds: float


# Clusters whose stored size differs from their members now: an article was replaced or deleted.
# Dissolve them: members are clustered again; a date taken from the cluster is no date of their own.
_DISSOLVE = (
    "UPDATE events SET cluster_id = NULL, date_value = NULL, date_start = NULL, date_end = NULL, "
    "date_granularity = NULL, date_source = NULL WHERE cluster_id IN (SELECT cluster_id FROM stage_stale) "
    "AND date_source = 'cluster'",
    "UPDATE events SET cluster_id = NULL WHERE cluster_id IN (SELECT cluster_id FROM stage_stale)",
    "DELETE FROM cluster_actors WHERE cluster_id IN (SELECT cluster_id FROM stage_stale)",
    "DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM stage_stale)",
)
_SIGNATURES_MISSING = """
SELECT a.article_id, a.content_sha256, a.text FROM articles a
LEFT JOIN article_signatures s USING (article_id)
WHERE s.article_id IS NULL OR s.content_sha256 <> a.content_sha256
"""
_SIGNATURES_GONE = "DELETE FROM article_signatures WHERE article_id NOT IN (SELECT article_id FROM articles)"

# One row per event with what clustering compares; `{where}` selects the events, `{anaphoric}` says
# whether a noun trigger follows "the"/"this" (only new events look for antecedents: all of an
# article's events arrive in one run, so for candidates it is FALSE and their text is not read).
_SKETCHES = r"""
WITH chosen AS (
    SELECT e.*, a.published, {anaphoric} AS anaphoric
    FROM events e JOIN articles a USING (article_id)
    WHERE {where}
), roles AS (  -- the chosen events' actors by role, aggregated before the join
    SELECT ea.event_id,
           list(DISTINCT lower(ac.canonical_name)) FILTER (WHERE ea.role = 'agent') AS agents,
           list(DISTINCT lower(ac.canonical_name)) FILTER (WHERE ea.role <> 'agent') AS others,
           list(DISTINCT lower(ac.canonical_name)) FILTER (WHERE ea.role = 'patient') AS patients,
           list(DISTINCT ac.country_code) FILTER (WHERE ea.role = 'agent' AND ac.country_code IS NOT NULL) AS countries
    FROM event_actors ea JOIN actors ac USING (actor_id)
    WHERE ea.event_id IN (SELECT event_id FROM chosen)
    GROUP BY ea.event_id
)
SELECT e.event_id, e.article_id, e.trigger_lemma, e.event_class, e.modality, e.polarity,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_start END,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_end END,
       CASE WHEN e.date_source = 'cluster' THEN NULL ELSE e.date_granularity END,
       e.published, e.sentence_text, e.cluster_id,
       r.agents, r.others, r.patients, r.countries,
       e.trigger_start, lower(regexp_extract(coalesce(e.patient_text, ''), '(\w+)\W*$', 1)), e.anaphoric
FROM chosen e LEFT JOIN roles r USING (event_id)
"""
_ANAPHORIC = r"""e.trigger_pos = 'NOUN' AND lower(regexp_extract(
           substr(a.text, greatest(e.trigger_start - 20, 0) + 1, e.trigger_start - greatest(e.trigger_start - 20, 0)),
           '(\w+)\W*$', 1)) IN (SELECT word FROM stage_determiners)"""
_NEW = "e.cluster_id IS NULL"
# Already clustered events that could be the same event as a new one (a superset of what
# extractors.clusters.same_event admits across articles): the same predicate, and either an
# article similar to a new one (signatures compared in Python) with a publication date within the
# window of the new ones (or unknown on either side), or an own date of a month or finer that
# overlaps a new event's of the same predicate.
_CANDIDATES = """e.cluster_id IS NOT NULL AND e.trigger_lemma IN (SELECT lemma FROM stage_lemmas)
AND ((e.article_id IN (SELECT article_id FROM stage_similar) AND (a.published IS NULL OR ? OR a.published BETWEEN ? AND ?))
     OR (e.date_granularity IN (SELECT granularity FROM stage_specific) AND e.date_source <> 'cluster'
         AND EXISTS (SELECT 1 FROM stage_ranges r WHERE r.lemma = e.trigger_lemma
                     AND e.date_start <= r.date_end AND r.date_start <= e.date_end)))"""

_WRITE_MEMBERS = (
    "UPDATE events SET cluster_id = m.cluster_id FROM stage_members m WHERE events.event_id = m.event_id",
    # clusters absorbed into another: their members follow
    "UPDATE events SET cluster_id = r.cluster_id FROM stage_renamed r WHERE events.cluster_id = r.old_id",
    "DELETE FROM cluster_actors WHERE cluster_id IN (SELECT old_id FROM stage_renamed)",
    "DELETE FROM event_clusters WHERE cluster_id IN (SELECT old_id FROM stage_renamed)",
)
# The members' own dates (not ones taken from a cluster) in the touched clusters.
_MEMBER_DATES = """
SELECT e.cluster_id, e.date_value, e.date_start, e.date_end, e.date_granularity, e.date_source
FROM events e WHERE e.cluster_id IN (SELECT cluster_id FROM stage_touched)
AND e.date_value IS NOT NULL AND e.date_start IS NOT NULL AND e.date_end IS NOT NULL AND e.date_source <> 'cluster'
"""
_UNDATE_MEMBERS = ("UPDATE events SET date_value = NULL, date_start = NULL, date_end = NULL, date_granularity = NULL, "
                   "date_source = NULL WHERE date_source = 'cluster' AND cluster_id IN (SELECT cluster_id FROM stage_touched)")
# ... except a date that begins after the member's own article was published, unless the member
# is planned or hypothetical: a report cannot tell as done what had not yet begun.
_DATE_MEMBERS = """
UPDATE events SET date_value = d.date_value, date_start = d.date_start, date_end = d.date_end,
       date_granularity = d.date_granularity, date_source = 'cluster'
FROM stage_dates d, articles a
WHERE events.cluster_id = d.cluster_id AND events.date_value IS NULL AND d.date_value IS NOT NULL
  AND a.article_id = events.article_id
  AND (a.published IS NULL OR d.date_start <= a.published OR events.modality IN ('planned', 'hypothetical'))
"""
_WRITE_CLUSTERS = (
    "DELETE FROM cluster_actors WHERE cluster_id IN (SELECT cluster_id FROM stage_touched)",
    "DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM stage_touched)",
    """
    INSERT INTO event_clusters
    WITH members AS (
        SELECT e.*, a.published, coalesce(a.source, 'article:' || a.article_id) AS publisher,
               EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.event_id AND ea.role = 'agent') AS has_agent
        FROM events e JOIN articles a USING (article_id)
        WHERE e.cluster_id IN (SELECT cluster_id FROM stage_touched)
    )
    SELECT m.cluster_id,
           arg_min(m.trigger_lemma, (-n_lemma, m.trigger_lemma)) AS trigger_lemma,
           arg_min(m.event_class, (m.event_class IS NULL, -n_class, m.event_class)) AS event_class,
           any_value(d.date_value), any_value(d.date_start), any_value(d.date_end),
           any_value(d.date_granularity), any_value(d.date_source),
           count(*), count(DISTINCT m.article_id), count(DISTINCT m.publisher),
           min(m.published), max(m.published),
           arg_min(m.event_id, (NOT m.has_agent, m.date_source IS NULL OR m.date_source = 'cluster',
                                m.published IS NULL, m.published, m.event_id))
    FROM (SELECT *, count(*) OVER (PARTITION BY cluster_id, trigger_lemma) AS n_lemma,
                 count(*) OVER (PARTITION BY cluster_id, event_class) AS n_class FROM members) m
    LEFT JOIN stage_dates d USING (cluster_id)
    GROUP BY m.cluster_id
    """,
    """
    INSERT INTO cluster_actors
    SELECT e.cluster_id, ea.actor_id, ea.role, count(DISTINCT e.event_id)
    FROM events e JOIN event_actors ea USING (event_id)
    WHERE e.cluster_id IN (SELECT cluster_id FROM stage_touched)
    GROUP BY ALL
    """,
)


def _sketch(row: Sequence[object], signatures: _Signatures) -> tuple[EventSketch, str | None]:
    (event_id, article_id, lemma, event_class, modality, polarity, start, end, granularity,
     published, sentence, cluster_id, agents, others, patients, countries, position, patient_head,
     anaphoric) = row
    head = [patient_head] if isinstance(patient_head, str) and patient_head else []
    others, patients = _strs(others) + head, _strs(patients) + head
    sketch = EventSketch(
        str(event_id), str(article_id), str(lemma), event_class if isinstance(event_class, str) else None,
        str(modality), str(polarity), _date(start), _date(end), granularity if isinstance(granularity, str) else None,
        _date(published), frozenset(_strs(agents)), frozenset(others), frozenset(_strs(countries)),
        frozenset(), signatures.get(str(article_id)),
        position if isinstance(position, int) else 0, anaphoric is True, frozenset(patients), str(sentence))
    return sketch, cluster_id if isinstance(cluster_id, str) else None


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _strs(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _stage(con: duckdb.DuckDBPyConnection, name: str, columns: str, rows: Sequence[tuple[object, ...]]) -> None:
    """A temp table of `rows` (through Arrow: DuckDB's executemany costs ~10 µs a row)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    if rows:
        names = [c.split()[0] for c in columns.split(",")]
        table = pa.table({n: [row[i] for row in rows] for i, n in enumerate(names)})
        con.register(f"{name}_arrow", table)
        con.execute(f"INSERT INTO {name} SELECT * FROM {name}_arrow")
        con.unregister(f"{name}_arrow")


def _refresh_signatures(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_SIGNATURES_GONE)
    missing = con.execute(_SIGNATURES_MISSING).fetchall()
    if missing:
        rows = [(article_id, sha, list(article_signature(text))) for article_id, sha, text in missing]
        _stage(con, "stage_signatures", "article_id VARCHAR, content_sha256 VARCHAR, signature UINTEGER[]", rows)
        con.execute("INSERT OR REPLACE INTO article_signatures SELECT * FROM stage_signatures")


class _Signatures:
    """The warehouse's article signatures as one numpy array (read through Arrow: at 100k articles a
    Python object per value would cost seconds), and as tuples for the articles sketches need."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        table = con.sql("SELECT article_id, signature FROM article_signatures "
                        f"WHERE len(signature) = {NUM_PERM} ORDER BY article_id").to_arrow_table()
        self.ids: list[str] = table.column("article_id").to_pylist()
        values = pc.list_flatten(table.column("signature")).to_numpy(zero_copy_only=False)
        self.matrix = values.astype(np.uint32).reshape(len(self.ids), NUM_PERM)
        self._row = {a: i for i, a in enumerate(self.ids)}
        self._tuples: dict[str, tuple[int, ...]] = {}

    def get(self, article_id: str) -> tuple[int, ...]:
        if article_id not in self._tuples:
            row = self._row.get(article_id)
            self._tuples[article_id] = () if row is None else tuple(self.matrix[row].tolist())
        return self._tuples[article_id]


def _candidates(con: duckdb.DuckDBPyConnection, new: list[EventSketch], signatures: _Signatures
                ) -> list[tuple[EventSketch, str | None]]:
    lemmas = sorted({lemma for e in new for lemma in lemmas_of(predicate_key(e.lemma))})
    _stage(con, "stage_lemmas", "lemma VARCHAR", [(lemma,) for lemma in lemmas])
    ranges = sorted({(lemma, e.date_start, e.date_end) for e in new
                     if e.granularity in SPECIFIC_GRANULARITIES and e.date_start and e.date_end
                     for lemma in lemmas_of(predicate_key(e.lemma))})
    _stage(con, "stage_ranges", "lemma VARCHAR, date_start DATE, date_end DATE", list(ranges))
    published = [e.published for e in new if e.published is not None]
    any_unknown = len(published) < len(new)
    low = min(published) - dt.timedelta(days=PUBLISHED_WINDOW_DAYS) if published else dt.date.max
    high = max(published) + dt.timedelta(days=PUBLISHED_WINDOW_DAYS) if published else dt.date.min
    _stage(con, "stage_similar", "article_id VARCHAR", [(a,) for a in sorted({y for _, y in _similar_to(new, signatures)})])
    rows = con.execute(_SKETCHES.format(where=_CANDIDATES, anaphoric="FALSE"), [any_unknown, low, high]).fetchall()
    return [_sketch(r, signatures) for r in rows]


def _similar_to(new: list[EventSketch], signatures: _Signatures) -> set[tuple[str, str]]:
    """(new article, warehouse article) of every warehouse article that tells the same story as a
    new event's article."""
    mine = {e.article_id: e.signature for e in new}
    return {(x, y) for x, y in similar_to_matrix(mine, signatures.ids, signatures.matrix) if y not in mine}


def _cluster_dates(con: duckdb.DuckDBPyConnection, touched: Sequence[str]) -> list[tuple[object, ...]]:
    """Per touched cluster: (cluster_id, value, start, end, granularity, source) of its date."""
    own: dict[str, list[tuple[ClusterDate, str]]] = defaultdict(list)
    for cid, value, start, end, gran, source in con.execute(_MEMBER_DATES).fetchall():
        own[cid].append((ClusterDate(value, start, end, gran), source))
    rows: list[tuple[object, ...]] = []
    for cid in touched:
        dates = own.get(cid)
        chosen = None if not dates else dates[0][0] if len(dates) == 1 else cluster_date(d for d, _ in dates)
        if chosen is None or not dates:
            rows.append((cid, None, None, None, None, None))
        else:
            source = min(s for d, s in dates if d == chosen)
            rows.append((cid, chosen.value, chosen.start, chosen.end, chosen.granularity, source))
    return rows


def update_clusters(data: DataDir) -> ClusterStats:
    """Cluster the warehouse's unclustered events into event_clusters; one transaction."""
    t0 = time.perf_counter()
    con = connect_writer(data)
    try:
        con.execute("BEGIN TRANSACTION")
        stale = con.execute(_STALE).fetchall()
        unclustered = con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()
        if not stale and (unclustered is None or unclustered[0] == 0):
            con.execute("ROLLBACK")  # nothing new, nothing stale: the warehouse stays as it is
            n = con.execute("SELECT count(*) FROM event_clusters").fetchone()
            return ClusterStats(0, 0, 0, 0, int(n[0]) if n else 0, round(time.perf_counter() - t0, 3))
        _stage(con, "stage_determiners", "word VARCHAR", [(w,) for w in sorted(ANAPHORIC_DETERMINERS)])
        _stage(con, "stage_specific", "granularity VARCHAR", [(g,) for g in sorted(SPECIFIC_GRANULARITIES)])
        _stage(con, "stage_stale", "cluster_id VARCHAR", stale)
        n_dissolved = len(stale)
        for statement in _DISSOLVE:
            con.execute(statement)
        _refresh_signatures(con)
        signatures = _Signatures(con)
        rows = con.execute(_SKETCHES.format(where=_NEW, anaphoric=_ANAPHORIC)).fetchall()
        new = [_sketch(r, signatures)[0] for r in rows]
        candidates = _candidates(con, new, signatures) if new else []
        known = {s.event_id: cid for s, cid in candidates if cid is not None}
        assigned = cluster_events([*new, *(s for s, _ in candidates)], known)
        renamed = sorted({(old, assigned[eid]) for eid, old in known.items() if assigned[eid] != old})
        members = sorted((eid, cid) for eid, cid in assigned.items() if eid not in known)
        touched = sorted({cid for _, cid in members} | {new_id for _, new_id in renamed})
        _stage(con, "stage_members", "event_id VARCHAR, cluster_id VARCHAR", list(members))
        _stage(con, "stage_renamed", "old_id VARCHAR, cluster_id VARCHAR", list(renamed))
        _stage(con, "stage_touched", "cluster_id VARCHAR", [(c,) for c in touched])
        for statement in _WRITE_MEMBERS:
            con.execute(statement)
        dates = _cluster_dates(con, touched)
        _stage(con, "stage_dates", "cluster_id VARCHAR, date_value VARCHAR, date_start DATE, date_end DATE, "
                                   "date_granularity VARCHAR, date_source VARCHAR", dates)
        con.execute(_UNDATE_MEMBERS)
        con.execute(_DATE_MEMBERS)
        for statement in _WRITE_CLUSTERS:
            con.execute(statement)
        pause_point("clusters")  # test-only crash hook, inert unless $DATELINE_TEST_PAUSE_AT is set
        n_clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]  # type: ignore[index]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    merged = len({old for old, _ in renamed})
    return ClusterStats(len(new), len(candidates), len(touched), n_dissolved + merged, int(n_clusters),
                        round(time.perf_counter() - t0, 3))

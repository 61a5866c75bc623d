"""Integrity check of a warehouse: the invariants every completed run must leave true.

Each check is one read-only SQL query counting violating rows (with a few examples). `notes`
are facts that are not violations: Parquet parts of runs that never loaded (a killed or failed
run leaves them; the warehouse never reads them again) and leftover `.tmp` files.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
from dataclasses import dataclass, field

import duckdb

from extractors.model import ActorType, DateGranularity, DateSource, Modality, Polarity, Role, values

from .loader import ALIAS_ROWS
from .lock import DUCKDB_LOCK_ERROR, describe_holder, running_run
from .paths import DataDir
from .query import WarehouseUnreadable, connect_read_only
from .schema import DATA_TABLES, table_names

_SPAN = "{alias}.{start} < 0 OR {alias}.{end} < {alias}.{start} OR {alias}.{end} > length(a.text) " \
        "OR substr(a.text, {alias}.{start} + 1, {alias}.{end} - {alias}.{start}) <> {alias}.{text}"

# Columns with a closed vocabulary: the Literal types of extractors/model.py, listed in schema.sql.
CLOSED_VOCABULARIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("events", "event_id", "modality", values(Modality)),
    ("events", "event_id", "polarity", values(Polarity)),
    ("events", "event_id", "date_source", values(DateSource)),
    ("events", "event_id", "date_granularity", values(DateGranularity)),
    ("event_actors", "event_id", "role", values(Role)),
    ("actors", "actor_id", "actor_type", values(ActorType)),
)


def _in_vocabulary(table: str, key: str, column: str, allowed: tuple[str, ...]) -> tuple[str, str, str]:
    listed = ", ".join(f"'{v}'" for v in allowed)
    return (f"{table}.{column} values", f"{table}.{column} is one of {listed} (or NULL)",
            f"SELECT {key} || ': ' || {column} FROM {table} WHERE {column} NOT IN ({listed})")


# Event clusters (warehouse/clusters.py): what a completed clustering step leaves true.
_MEMBERS = "SELECT cluster_id, count(*) AS n, min(event_id) AS first FROM events WHERE cluster_id IS NOT NULL GROUP BY 1"
CLUSTER_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("events.cluster_id", "every events.cluster_id exists in event_clusters",
     "SELECT event_id FROM events WHERE cluster_id NOT IN (SELECT cluster_id FROM event_clusters)"),
    ("event_clusters members", "every cluster has members, as many as n_events, and is named by its smallest event id",
     f"SELECT c.cluster_id FROM event_clusters c LEFT JOIN ({_MEMBERS}) m USING (cluster_id) "
     "WHERE m.n IS NULL OR m.n <> c.n_events OR m.first <> c.cluster_id"),
    ("event_clusters.representative_event_id", "a cluster's representative is one of its members",
     "SELECT c.cluster_id FROM event_clusters c LEFT JOIN events e ON e.event_id = c.representative_event_id "
     "WHERE e.cluster_id IS DISTINCT FROM c.cluster_id"),
    ("cluster_actors", "cluster_actors are exactly the members' actors by role, with their counts",
     "SELECT cluster_id || ' ' || actor_id FROM ((SELECT cluster_id, actor_id, role, n_events FROM cluster_actors) "
     "EXCEPT (SELECT e.cluster_id, ea.actor_id, ea.role, count(DISTINCT e.event_id) FROM events e "
     "JOIN event_actors ea USING (event_id) WHERE e.cluster_id IS NOT NULL GROUP BY ALL)) UNION ALL "
     "SELECT cluster_id || ' ' || actor_id FROM ((SELECT e.cluster_id, ea.actor_id, ea.role, count(DISTINCT e.event_id) "
     "FROM events e JOIN event_actors ea USING (event_id) WHERE e.cluster_id IS NOT NULL GROUP BY ALL) "
     "EXCEPT (SELECT cluster_id, actor_id, role, n_events FROM cluster_actors))"),
    ("events cluster dates", "a member dated by its cluster (date_source 'cluster') has the cluster's date",
     "SELECT e.event_id FROM events e JOIN event_clusters c USING (cluster_id) WHERE e.date_source = 'cluster' "
     "AND (e.date_value IS DISTINCT FROM c.date_value OR e.date_start IS DISTINCT FROM c.date_start)"),
    ("article_signatures", "every article has a signature of its current text, and no other article",
     "SELECT a.article_id FROM articles a LEFT JOIN article_signatures s USING (article_id) "
     "WHERE s.content_sha256 IS DISTINCT FROM a.content_sha256 UNION ALL "
     "SELECT article_id FROM article_signatures WHERE article_id NOT IN (SELECT article_id FROM articles)"),
)

# (name, description, SQL returning the offending rows as one text column)
CHECKS: tuple[tuple[str, str, str], ...] = (
    ("event_actors.event_id", "every event_actors.event_id exists in events",
     "SELECT event_id FROM event_actors WHERE event_id NOT IN (SELECT event_id FROM events)"),
    ("event_actors.actor_id", "every event_actors.actor_id exists in actors",
     "SELECT actor_id FROM event_actors WHERE actor_id NOT IN (SELECT actor_id FROM actors)"),
    ("event_actors.mention_id", "every event_actors.mention_id exists in mentions",
     "SELECT mention_id FROM event_actors WHERE mention_id NOT IN (SELECT mention_id FROM mentions)"),
    ("mentions.article_id", "every mention's article_id exists in articles",
     "SELECT mention_id FROM mentions WHERE article_id NOT IN (SELECT article_id FROM articles)"),
    ("timexes.article_id", "every timex's article_id exists in articles",
     "SELECT timex_id FROM timexes WHERE article_id NOT IN (SELECT article_id FROM articles)"),
    ("events.article_id", "every event's article_id exists in articles",
     "SELECT event_id FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)"),
    ("events.timex_id", "every event's timex_id (when set) exists in timexes",
     "SELECT event_id FROM events WHERE timex_id IS NOT NULL AND timex_id NOT IN (SELECT timex_id FROM timexes)"),
    ("mentions.actor_id", "every mention's actor_id exists in actors",
     "SELECT mention_id FROM mentions WHERE actor_id NOT IN (SELECT actor_id FROM actors)"),
    *(
        (f"{table}.{key} unique", f"no duplicate {key} in {table}",
         f"SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1")
        for table, key in (("articles", "article_id"), ("actors", "actor_id"), ("mentions", "mention_id"),
                           ("timexes", "timex_id"), ("events", "event_id"), ("runs", "run_id"),
                           ("event_actors", "event_id, mention_id, role"), ("actor_aliases", "actor_id, alias"))
    ),
    *(_in_vocabulary(*spec) for spec in CLOSED_VOCABULARIES),
    ("mentions offsets", "mention offsets lie within the article text and slice to the stored text",
     "SELECT m.mention_id FROM mentions m JOIN articles a USING (article_id) WHERE "
     + _SPAN.format(alias="m", start="start_char", end="end_char", text="text")),
    ("timexes offsets", "timex offsets lie within the article text and slice to the stored text",
     "SELECT t.timex_id FROM timexes t JOIN articles a USING (article_id) WHERE "
     + _SPAN.format(alias="t", start="start_char", end="end_char", text="text")),
    ("events offsets", "event trigger offsets lie within the article text and slice to the trigger text",
     "SELECT e.event_id FROM events e JOIN articles a USING (article_id) WHERE "
     + _SPAN.format(alias="e", start="trigger_start", end="trigger_end", text="trigger_text")),
    ("articles content", "articles.content_sha256 and n_chars match the stored text",
     "SELECT article_id FROM articles WHERE content_sha256 <> sha256(text) OR n_chars <> length(text)"),
    ("actors stats", "actors.n_mentions and n_articles match the mentions",
     "SELECT ac.actor_id FROM actors ac LEFT JOIN (SELECT actor_id, count(*) AS n, count(DISTINCT article_id) "
     "AS k FROM mentions GROUP BY actor_id) s USING (actor_id) "
     "WHERE s.actor_id IS NULL OR ac.n_mentions <> s.n OR ac.n_articles <> s.k"),
    ("actor_aliases", "actor_aliases are exactly the mentions' surface forms (pronouns aside) with their counts",
     "SELECT actor_id || ' ' || alias FROM ((SELECT actor_id, alias, n_mentions FROM actor_aliases) "
     f"EXCEPT ALL ({ALIAS_ROWS})) UNION ALL SELECT actor_id || ' ' || alias FROM (({ALIAS_ROWS}) "
     "EXCEPT ALL (SELECT actor_id, alias, n_mentions FROM actor_aliases))"),
    ("articles.run_id", "every article was loaded by a recorded run",
     "SELECT article_id FROM articles WHERE run_id NOT IN (SELECT run_id FROM runs)"),
    ("ingest_errors.run_id", "every ingest error belongs to a recorded run",
     "SELECT source_uri FROM ingest_errors WHERE run_id NOT IN (SELECT run_id FROM runs)"),
    ("source_files.run_id", "every file in the manifest was read or verified by a recorded run",
     "SELECT path FROM source_files WHERE run_id NOT IN (SELECT run_id FROM runs)"),
    ("events dates", "an event's date range has both ends or neither, in order",
     "SELECT event_id FROM events WHERE date_start > date_end OR (date_start IS NULL) <> (date_end IS NULL)"),
)
# Clustering is pending while events lack a cluster or a cluster lost members (a run stopped
# between its load and its clustering step): the cluster checks wait for the next run.
_CLUSTERING_PENDING = ("SELECT (SELECT count(*) FROM events WHERE cluster_id IS NULL) + (SELECT count(*) FROM "
                       f"event_clusters c LEFT JOIN ({_MEMBERS}) m USING (cluster_id) WHERE m.n IS DISTINCT FROM c.n_events)")


@dataclass(frozen=True, slots=True)
class Violation:
    check: str
    description: str
    count: int
    examples: list[str]


@dataclass(slots=True)
class CheckReport:
    warehouse: str
    checks_run: int = 0
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def check_warehouse(data: DataDir, *, examples: int = 3) -> CheckReport:
    """Run every invariant check read-only; raises WarehouseMissing when there is no warehouse."""
    con = connect_read_only(data)
    report = CheckReport(str(data.warehouse))
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        pending = 0
        if {"events", "event_clusters"} <= present:
            row = con.execute(_CLUSTERING_PENDING).fetchone()
            pending = int(row[0]) if row else 0
        if pending:
            report.notes.append(f"clustering is pending for {pending} events or clusters (a run stopped before "
                                "its clustering step); the next `dateline run` completes it, and the cluster "
                                "checks run then")
        for name, description, sql in (*CHECKS, *(() if pending else CLUSTER_CHECKS)):
            tables = {t for t in table_names() if t in sql}
            if not tables <= present:
                continue
            count, sample = _violations(con, sql, examples)
            report.checks_run += 1
            if count:
                report.violations.append(Violation(name, description, count, sample))
        loaded = ({r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()}
                  if "runs" in present else set())
    except duckdb.Error as exc:  # a damaged block: the answer is "unreadable", not a traceback
        if DUCKDB_LOCK_ERROR in str(exc):
            raise
        raise WarehouseUnreadable.from_error(data, exc) from None
    finally:
        con.close()
    report.notes.extend(_parquet_notes(data, loaded))
    return report


def _violations(con: duckdb.DuckDBPyConnection, sql: str, examples: int) -> tuple[int, list[str]]:
    row = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    count = int(row[0]) if row else 0
    sample = [str(r[0]) for r in con.execute(f"SELECT * FROM ({sql}) LIMIT {int(examples)}").fetchall()] if count else []
    return count, sample


def _run_started(run_id: str) -> dt.datetime | None:
    try:  # run ids start with the run's UTC start time: 20190823T101500Z-1a2b3c4d
        return dt.datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _parquet_notes(data: DataDir, loaded: set[str]) -> list[str]:
    notes: list[str] = []
    unloaded: set[str] = set()
    for table in DATA_TABLES:
        for run_dir in glob.glob(os.path.join(glob.escape(str(data.table_dir(table))), "run_id=*")):
            run_id = os.path.basename(run_dir).removeprefix("run_id=")
            if run_id not in loaded:
                unloaded.add(run_id)
    running = running_run(data)
    current: set[str] = set()
    if running:  # the parts of the run in progress are not loaded *yet*
        try:
            since = dt.datetime.fromisoformat(str(running.get("started_at"))) - dt.timedelta(seconds=2)
        except ValueError:
            since = None
        current = {r for r in unloaded if since is None or ((s := _run_started(r)) is not None and s >= since)}
        notes.append(f"a run is in progress ({describe_holder(running)}); its Parquet parts "
                     f"({', '.join(sorted(current)) or 'none yet'}) load when it finishes")
    stale = unloaded - current
    if stale:
        notes.append(f"{len(stale)} run(s) left Parquet parts but never loaded (killed or failed runs): "
                     f"{', '.join(sorted(stale)[:5])}; the warehouse ignores them, delete "
                     f"{data.parquet}/<table>/run_id=<run> to reclaim space")
    tmps = glob.glob(os.path.join(glob.escape(str(data.parquet)), "**", "*.tmp"), recursive=True)
    if tmps:
        notes.append(f"{len(tmps)} unfinished Parquet write(s) (*.tmp) from interrupted runs; safe to delete"
                     + (" once the run in progress has finished" if running else ""))
    return notes

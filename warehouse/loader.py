"""Loading a run's Parquet parts into DuckDB: one transaction per run, all or nothing.

Re-extracted articles replace their old rows (delete then insert, keyed on article_id), actor
statistics and aliases are recomputed from the mentions, and the run and its ingest errors are
recorded in the same transaction, so the warehouse is always the state before or after a run.
The file manifest (`source_files`, see manifest.py) is updated in that transaction too, and so
are the deletions of incremental runs: articles a re-read file no longer holds, and with
`prune=True` articles whose file is gone from disk.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from extractors.articles import IngestError

from .manifest import KNOWN_SOURCE_PATHS, MANIFEST_COLUMNS, SOURCE_PATH_SQL, UPSERT_MANIFEST, ManifestRow
from .lock import pause_point
from .paths import DataDir
from .schema import DATA_TABLES, schema_sql


@dataclass(frozen=True, slots=True)
class RunRow:
    run_id: str
    flow_run_id: str | None
    started_at: dt.datetime
    finished_at: dt.datetime
    status: str
    n_files: int
    n_articles: int
    n_extracted: int
    n_unchanged: int
    n_errors: int


def connect_writer(data: DataDir) -> duckdb.DuckDBPyConnection:
    """The one writer connection; creates the data dir and schema on first use."""
    data.root.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.warehouse))
    con.execute(schema_sql())
    return con


def fingerprints(data: DataDir) -> dict[str, tuple[str, str]]:
    """article_id -> (content_sha256, pipeline_version) of what the warehouse holds now."""
    if not data.warehouse.exists():
        return {}
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()
        if not exists or not exists[0]:
            return {}
        rows = con.execute("SELECT article_id, content_sha256, pipeline_version FROM articles").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}
    finally:
        con.close()


_DELETE_REPLACED = (
    "DELETE FROM event_actors WHERE event_id IN (SELECT event_id FROM events "
    "WHERE article_id IN (SELECT article_id FROM stage_articles))",
    "DELETE FROM events WHERE article_id IN (SELECT article_id FROM stage_articles)",
    "DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM stage_articles)",
    "DELETE FROM timexes WHERE article_id IN (SELECT article_id FROM stage_articles)",
    "DELETE FROM article_signatures WHERE article_id IN (SELECT article_id FROM stage_articles)",
    "DELETE FROM articles WHERE article_id IN (SELECT article_id FROM stage_articles)",
)
_INSERT = {
    "articles": "INSERT INTO articles BY NAME SELECT *, ?::TIMESTAMPTZ AS ingested_at, ? AS run_id FROM stage_articles",
    "mentions": "INSERT INTO mentions BY NAME SELECT * FROM stage_mentions",
    "timexes": "INSERT INTO timexes BY NAME SELECT * FROM stage_timexes",
    "events": "INSERT INTO events BY NAME SELECT * FROM stage_events",
    "event_actors": "INSERT OR IGNORE INTO event_actors BY NAME SELECT * FROM stage_event_actors",
    "article_signatures": "INSERT OR REPLACE INTO article_signatures BY NAME SELECT * FROM stage_article_signatures",
    "actors": (
        "INSERT INTO actors (actor_id, canonical_name, actor_type, country_code, n_mentions, n_articles) "
        "SELECT actor_id, any_value(canonical_name), any_value(actor_type), max(country_code), 0, 0 "
        "FROM stage_actors GROUP BY actor_id "
        "ON CONFLICT (actor_id) DO UPDATE SET country_code = coalesce(actors.country_code, excluded.country_code)"
    ),
}
# An actor's aliases are the spellings of its mentions; resolved pronouns ("he") are mentions but no alias.
ALIAS_ROWS = ("SELECT actor_id, regexp_replace(trim(text), '\\s+', ' ', 'g') AS alias, count(*) AS n_mentions "
              "FROM mentions WHERE label <> 'PRON' GROUP BY ALL")
_REFRESH_ACTORS = (
    "DELETE FROM actors WHERE actor_id NOT IN (SELECT DISTINCT actor_id FROM mentions)",
    "UPDATE actors SET n_mentions = s.n_mentions, n_articles = s.n_articles FROM ("
    " SELECT actor_id, count(*) AS n_mentions, count(DISTINCT article_id) AS n_articles"
    " FROM mentions GROUP BY actor_id) AS s WHERE actors.actor_id = s.actor_id",
    "DELETE FROM actor_aliases",
    f"INSERT INTO actor_aliases {ALIAS_ROWS}",
)


def _delete_articles(selection: str) -> tuple[str, ...]:
    """Statements deleting the articles `selection` (a query of article_ids) and everything hanging off them."""
    return tuple(s.replace("SELECT article_id FROM stage_articles", selection) for s in _DELETE_REPLACED)


def load_run(data: DataDir, run: RunRow, errors: Iterable[IngestError], *,
             manifest: Sequence[ManifestRow] = (), reread: Sequence[tuple[str, str]] = (),
             prune: bool = False) -> dict[str, int]:
    """Load the run's Parquet parts, record the run and its errors; one transaction. Returns rows per
    table (`actors`: distinct actors the run's articles name, not rows).

    `manifest`: file rows to record (files fully read or verified without errors). `reread`:
    (file path, article_id) of every article a re-read file holds now; the file's other articles
    are deleted (a JSONL line removed). `prune`: delete articles whose file no longer exists.
    The result also counts deletions as `articles_dropped` (when any), and is empty for a run
    that changes nothing: such a run writes no `runs` row, so rerunning an unchanged corpus
    leaves every table as it was (Prefect's own run history still shows it).
    """
    errors = list(errors)
    if not manifest and not errors and not prune and not _has_parts(data, run.run_id):
        return {}  # a no-op run: nothing to write, so no writer lock and no `runs` row
    con = connect_writer(data)
    loaded: dict[str, int] = {}
    try:
        con.execute("BEGIN TRANSACTION")
        staged = _stage(con, data, run.run_id)
        if "articles" in staged:
            for statement in _DELETE_REPLACED:
                con.execute(statement)
        for table in DATA_TABLES:
            if table not in staged:
                continue
            params = [run.finished_at, run.run_id] if table == "articles" else []
            con.execute(_INSERT[table], params)
            loaded[table] = staged[table]
        dropped = _drop_stale(con, reread, prune)
        if not (staged or dropped or manifest or errors):
            con.execute("ROLLBACK")  # --prune found nothing gone either: a no-op run
            return {}
        if dropped:
            loaded["articles_dropped"] = dropped
        if manifest:
            _register(con, "stage_manifest", MANIFEST_COLUMNS, [
                (m.path, m.size_bytes, m.mtime_ns, m.content_sha256, m.pipeline_version, m.n_articles, run.run_id)
                for m in manifest])
            con.execute(UPSERT_MANIFEST)
        if staged or dropped:
            for statement in _REFRESH_ACTORS:
                con.execute(statement)
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run.run_id, run.flow_run_id, run.started_at, run.finished_at, run.status, run.n_files,
             run.n_articles, run.n_extracted, run.n_unchanged, run.n_errors],
        )
        if errors:
            _register(con, "stage_errors", _ERROR_COLUMNS,
                      [(run.run_id, e.source_uri, e.line, e.error_type, e.message) for e in errors])
            con.execute(_INSERT_ERRORS)
        loaded["runs"] = 1
        pause_point("in-transaction")  # test-only crash hook (warehouse/lock.py), inert in normal runs
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return loaded


_ERROR_COLUMNS = ("run_id", "source_uri", "line", "error_type", "message")
_INSERT_ERRORS = f"INSERT INTO ingest_errors BY NAME SELECT {', '.join(_ERROR_COLUMNS)} FROM stage_errors"
_ARROW_TYPES = {"size_bytes": pa.int64(), "mtime_ns": pa.int64(), "n_articles": pa.int32(), "line": pa.int32()}


def _register(con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """`rows` as an Arrow table DuckDB can select from: one statement instead of one per row.

    DuckDB refuses to register a table while the previous statement's result is still open, so
    that result (a row count) is read first.
    """
    con.fetchall()
    arrays = [pa.array([r[i] for r in rows], type=_ARROW_TYPES.get(c, pa.string())) for i, c in enumerate(columns)]
    con.register(name, pa.Table.from_arrays(arrays, names=list(columns)))


def _has_parts(data: DataDir, run_id: str) -> bool:
    return any(glob.glob(os.path.join(glob.escape(str(data.table_dir(t) / f"run_id={run_id}")), "*.parquet"))
               for t in DATA_TABLES)


def _stage(con: duckdb.DuckDBPyConnection, data: DataDir, run_id: str) -> dict[str, int]:
    """Temp tables of this run's parts, read with DuckDB's Parquet reader; rows per staged table
    (for `actors`, the distinct actors the run's articles name)."""
    staged: dict[str, int] = {}
    for table in DATA_TABLES:
        # The exact files, found with the data dir escaped: a data dir named "news [2019]" is not a pattern.
        run_dir = glob.escape(str(data.table_dir(table) / f"run_id={run_id}"))
        files = sorted(glob.glob(os.path.join(run_dir, "*.parquet")))
        if not files:
            continue
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage_{table} AS "
                    f"SELECT * FROM read_parquet(?, hive_partitioning = false)", [files])
        # Actors come once per article that names them: count each actor once.
        what = "count(DISTINCT actor_id)" if table == "actors" else "count(*)"
        count = con.execute(f"SELECT {what} FROM stage_{table}").fetchone()
        staged[table] = int(count[0]) if count else 0
    return staged


def _drop_stale(con: duckdb.DuckDBPyConnection, reread: Sequence[tuple[str, str]], prune: bool) -> int:
    """Delete articles a re-read file no longer holds, and (prune) those whose file is gone; returns how many."""
    if not reread and not prune:
        return 0  # nothing re-read, nothing to prune: no scan of the articles table
    con.execute("CREATE OR REPLACE TEMP TABLE stage_reread (path VARCHAR, article_id VARCHAR)")
    if reread:
        con.executemany("INSERT INTO stage_reread VALUES (?, ?)", list(reread))
    con.execute("CREATE OR REPLACE TEMP TABLE stage_gone (path VARCHAR)")
    if prune:
        gone = [(p,) for (p,) in con.execute(KNOWN_SOURCE_PATHS).fetchall() if p and not os.path.isfile(p)]
        if gone:
            con.executemany("INSERT INTO stage_gone VALUES (?)", gone)
        con.execute("DELETE FROM source_files WHERE path IN (SELECT path FROM stage_gone)")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_drop AS SELECT article_id FROM articles "
        f"WHERE ({SOURCE_PATH_SQL} IN (SELECT path FROM stage_reread) "
        " AND article_id NOT IN (SELECT article_id FROM stage_reread)) "
        f" OR {SOURCE_PATH_SQL} IN (SELECT path FROM stage_gone)")
    count = con.execute("SELECT count(*) FROM stage_drop").fetchone()
    n = int(count[0]) if count else 0
    if n:
        for statement in _delete_articles("SELECT article_id FROM stage_drop"):
            con.execute(statement)
    return n

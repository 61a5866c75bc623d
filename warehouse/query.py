"""Read-only access for analysts: SQL cannot write, nor read or write files, nor reach the network.

The connection is DuckDB's own read-only mode (no CREATE/INSERT/UPDATE/DELETE/DROP/ALTER on the
warehouse) with `enable_external_access=false` (no COPY TO/FROM, read_csv/read_parquet/glob of
files, ATTACH, INSTALL/LOAD, secrets) and `lock_configuration=true` (no SET undoing either).
Temporary tables, views and macros live in memory for the one query and are allowed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from extractors.errors import DatelineError

from .lock import DUCKDB_LOCK_ERROR as _LOCK_CONFLICT  # retried by lock.retry_busy
from .paths import DataDir
from .schema import table_names


class WarehouseMissing(DatelineError, FileNotFoundError):
    """No warehouse in the data dir yet."""

    code = "D204"


class WarehouseUnreadable(WarehouseMissing):
    """The warehouse file exists but DuckDB cannot read it (damaged, truncated, not a DuckDB file)."""

    code = "D205"

    @classmethod
    def from_error(cls, data: DataDir, exc: BaseException) -> WarehouseUnreadable:
        return cls(f"cannot read the warehouse {data.warehouse}: {str(exc).splitlines()[0].rstrip('!.')}. If the file is "
                   "damaged, restore it from a backup, or move it aside and run `dateline run` again to "
                   "rebuild it from the article files")




class QueryRefused(DatelineError, PermissionError):
    """The SQL tried to write, to touch files or extensions, or to change settings."""

    code = "D206"


_REFUSALS = (  # (DuckDB error text, what to tell the analyst), first match wins
    ("in-memory database in read-only mode", "dateline query cannot attach databases"),
    ("read-only mode", "dateline query is read-only: the warehouse cannot be changed with it "
                       "(only `dateline run` writes)"),
    ("file system operations are disabled", "dateline query cannot read or write files"),
    ("external extensions is disabled", "dateline query cannot load extensions"),
    ("configuration has been locked", "dateline query cannot change settings"),
)


def _refusal(exc: duckdb.Error) -> QueryRefused | None:
    text = str(exc)
    for needle, why in _REFUSALS:
        if needle in text:
            return QueryRefused(f"refused: {why}. DuckDB said: {text.splitlines()[0]}")
    return None


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def connect_read_only(data: DataDir) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access disabled and the configuration locked."""
    if not data.warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {data.warehouse}; run `dateline run` first "
                               "or pass --data-dir to point at one")
    try:
        return duckdb.connect(str(data.warehouse), read_only=True,
                              config={"enable_external_access": False, "lock_configuration": True})
    except duckdb.Error as exc:
        if _LOCK_CONFLICT in str(exc):
            raise
        raise WarehouseUnreadable.from_error(data, exc) from None


def run_query(data: DataDir, sql: str) -> QueryResult:
    con = connect_read_only(data)
    try:
        cursor = con.execute(sql)
        if cursor is None:  # DuckDB found no statement (empty, or only comments)
            raise ValueError('no SQL statement to run; e.g. dateline query "select count(*) from events"')
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return QueryResult(columns, cursor.fetchall() if columns else [])
    except duckdb.Error as exc:
        refused = _refusal(exc)
        if refused is not None:
            raise refused from None
        raise
    finally:
        con.close()


def table_counts(data: DataDir) -> list[tuple[str, int]]:
    """Row count of every table in the schema, in name order."""
    con = connect_read_only(data)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        counts: list[tuple[str, int]] = []
        for name in table_names():
            if name in present:
                row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
                counts.append((name, int(row[0]) if row else 0))
        return counts
    finally:
        con.close()

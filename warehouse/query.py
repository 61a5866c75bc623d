"""Read-only access for analysts: SQL cannot write, nor read or write files, nor reach the network."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from .paths import DataDir
from .schema import table_names


class WarehouseMissing(FileNotFoundError):
    """No warehouse in the data dir yet."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def connect_read_only(data: DataDir) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access disabled and the configuration locked."""
    if not data.warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {data.warehouse}; run `dateline run` first "
                               "or pass --data-dir to point at one")
    return duckdb.connect(str(data.warehouse), read_only=True,
                          config={"enable_external_access": False, "lock_configuration": True})


def run_query(data: DataDir, sql: str) -> QueryResult:
    con = connect_read_only(data)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return QueryResult(columns, cursor.fetchall() if columns else [])
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

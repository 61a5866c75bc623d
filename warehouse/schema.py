"""The warehouse schema, read from schema.sql: DDL for DuckDB and matching Arrow schemas for Parquet.

schema.sql is the single source of truth; the Arrow schemas are derived from it by creating the
tables in an in-memory DuckDB, so Parquet parts can never drift from the tables they load into.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    import pyarrow as pa

# Tables written as Parquet parts by the extraction, in load order.
DATA_TABLES: tuple[str, ...] = ("articles", "actors", "mentions", "timexes", "events", "event_actors",
                                "article_signatures")
# Columns the flow adds to extracted article rows when a run loads them.
RUN_COLUMNS: tuple[str, ...] = ("ingested_at", "run_id")


@lru_cache(maxsize=1)
def schema_sql() -> str:
    return resources.files("warehouse").joinpath("schema.sql").read_text("utf-8")


@lru_cache(maxsize=1)
def arrow_schemas() -> dict[str, pa.Schema]:
    """Arrow schema per table, derived from schema.sql; articles without the run columns."""
    import pyarrow as pa  # here, not at the top: `dateline run`'s no-op check reads the schema without Arrow

    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        schemas: dict[str, pa.Schema] = {}
        for table in DATA_TABLES:
            schema = con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            if table == "articles":
                schema = pa.schema([f for f in schema if f.name not in RUN_COLUMNS])
            elif table == "actors":
                schema = pa.schema([f for f in schema if f.name not in ("n_mentions", "n_articles")])
            elif table == "events":  # set by the clustering step after the load
                schema = pa.schema([f for f in schema if f.name != "cluster_id"])
            schemas[table] = schema
        return schemas
    finally:
        con.close()


@lru_cache(maxsize=1)
def table_names() -> tuple[str, ...]:
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                           "ORDER BY table_name").fetchall()
        return tuple(r[0] for r in rows)
    finally:
        con.close()

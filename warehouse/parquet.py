"""Parquet parts: one file per table per batch, written to a temporary name and renamed into place.

Layout: <data>/parquet/<table>/run_id=<run>/part-<batch>.parquet (hive-style, so DuckDB's
read_parquet(..., hive_partitioning=true) sees run_id). A crash mid-write leaves only a
`.tmp` file, which no loader glob matches.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.records import Extraction

from .lock import pause_point
from .paths import DataDir
from .schema import DATA_TABLES, arrow_schemas


def to_table(name: str, records: list[object]) -> pa.Table:
    """Records as a table of the warehouse's schema, built column by column (a row of dicts via
    `dataclasses.asdict` cost 16 µs a row: a fifth of a worker's non-parsing time)."""
    schema = arrow_schemas()[name]
    return pa.Table.from_pydict({f.name: [getattr(r, f.name) for r in records] for f in schema}, schema=schema)


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write then rename: readers see the whole part or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    pause_point("parquet-write")  # test-only crash hook (warehouse/lock.py): written, not yet renamed
    os.replace(tmp, path)


def write_parts(extraction: Extraction, data: DataDir, run_id: str, part: str) -> dict[str, int]:
    """Write every non-empty table of an extraction as one part; returns rows written per table."""
    written: dict[str, int] = {}
    for name in DATA_TABLES:
        records = getattr(extraction, name)
        if not records:
            continue
        path = data.table_dir(name) / f"run_id={run_id}" / f"part-{part}.parquet"
        write_atomic(to_table(name, records), path)
        written[name] = len(records)
    return written

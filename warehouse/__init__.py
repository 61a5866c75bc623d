"""The warehouse: schema (schema.sql), Parquet parts, the DuckDB load and every SQL statement."""
from .check import check_warehouse
from .clusters import ClusterStats, update_clusters
from .loader import RunRow, fingerprints, load_run
from .lock import LOAD_BUSY_TIMEOUT, DataDirUnusable, WarehouseBusy, WarehouseLocked, pause_point, retry_busy, run_lock
from .manifest import ManifestRow, read_manifest
from .parquet import write_parts
from .paths import DATA_DIR_ENV, DataDir
from .query import QueryResult, WarehouseMissing, WarehouseUnreadable, connect_read_only, run_query, table_counts
from .schema import DATA_TABLES, arrow_schemas, schema_sql

__all__ = [
    "DATA_DIR_ENV",
    "DATA_TABLES",
    "LOAD_BUSY_TIMEOUT",
    "ClusterStats",
    "DataDir",
    "DataDirUnusable",
    "ManifestRow",
    "QueryResult",
    "RunRow",
    "WarehouseBusy",
    "WarehouseLocked",
    "WarehouseMissing",
    "WarehouseUnreadable",
    "arrow_schemas",
    "check_warehouse",
    "connect_read_only",
    "fingerprints",
    "load_run",
    "pause_point",
    "read_manifest",
    "retry_busy",
    "run_lock",
    "run_query",
    "schema_sql",
    "table_counts",
    "update_clusters",
    "write_parts",
]

"""The warehouse: schema (schema.sql), Parquet parts, the DuckDB load and every SQL statement."""
from .loader import RunRow, fingerprints, load_run
from .parquet import write_parts
from .paths import DATA_DIR_ENV, DataDir
from .query import QueryResult, WarehouseMissing, run_query, table_counts
from .schema import DATA_TABLES, arrow_schemas, schema_sql

__all__ = [
    "DATA_DIR_ENV", "DATA_TABLES", "DataDir", "QueryResult", "RunRow", "WarehouseMissing",
    "arrow_schemas", "fingerprints", "load_run", "run_query", "schema_sql", "table_counts",
    "write_parts",
]

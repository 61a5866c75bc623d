"""Public names of `warehouse`, read by `__init__.py` (lazily loaded) and by type checkers.

Each name is imported `as` itself: an explicit re-export for type checkers."""
from .check import check_warehouse as check_warehouse
from .clusters import ClusterStats as ClusterStats, update_clusters as update_clusters
from .loader import RunRow as RunRow, fingerprints as fingerprints, load_run as load_run
from .lock import (LOAD_BUSY_TIMEOUT as LOAD_BUSY_TIMEOUT, DataDirUnusable as DataDirUnusable,
                   WarehouseBusy as WarehouseBusy, WarehouseLocked as WarehouseLocked, pause_point as pause_point,
                   retry_busy as retry_busy, run_lock as run_lock)
from .manifest import ManifestRow as ManifestRow, read_manifest as read_manifest
from .parquet import write_parts as write_parts
from .paths import DATA_DIR_ENV as DATA_DIR_ENV, DataDir as DataDir
from .query import (QueryResult as QueryResult, WarehouseMissing as WarehouseMissing,
                    WarehouseUnreadable as WarehouseUnreadable, connect_read_only as connect_read_only,
                    run_query as run_query, table_counts as table_counts)
from .schema import DATA_TABLES as DATA_TABLES, arrow_schemas as arrow_schemas, schema_sql as schema_sql
from .state import WarehouseState as WarehouseState, read_state as read_state

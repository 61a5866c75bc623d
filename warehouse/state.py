"""The warehouse as a rerun sees it, read-only and without Arrow: the file manifest, and whether
the clustering step has work left (events without a cluster, clusters whose members changed).

`dateline run` reads this before it imports Prefect or spaCy: when every file matches its
manifest row and no clustering is pending, the run would change nothing, and the command says
so in about a second instead of starting a flow.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .manifest import KNOWN_SOURCE_PATHS, ManifestRow, manifest_rows
from .paths import DataDir
from .query import connect_read_only

# Clusters whose stored size no longer matches their members (a member re-extracted or dropped):
# the clustering step dissolves and redoes them. Shared with warehouse/clusters.py.
STALE_CLUSTERS = """
SELECT c.cluster_id FROM event_clusters c
LEFT JOIN (SELECT cluster_id, count(*) AS n FROM events WHERE cluster_id IS NOT NULL GROUP BY 1) m USING (cluster_id)
WHERE m.n IS DISTINCT FROM c.n_events
"""
CLUSTERING_PENDING = (f"SELECT EXISTS (SELECT 1 FROM events WHERE cluster_id IS NULL) "
                      f"OR EXISTS ({STALE_CLUSTERS})")
_HAS_TABLES = ("SELECT count(*) FROM information_schema.tables "
               "WHERE table_name IN ('source_files', 'events', 'event_clusters')")


@dataclass(frozen=True, slots=True)
class WarehouseState:
    manifest: dict[str, ManifestRow]
    clustering_pending: bool
    source_paths: frozenset[str]  # files the articles and manifest rows came from (only when asked for)


def read_state(data: DataDir, *, with_source_paths: bool = False) -> WarehouseState | None:
    """The state, or None when there is no warehouse or it predates the tables a rerun needs."""
    if not data.warehouse.exists():
        return None
    con = connect_read_only(data)
    try:
        found = con.execute(_HAS_TABLES).fetchone()
        if not found or found[0] < 3:
            return None
        pending = con.execute(CLUSTERING_PENDING).fetchone()
        paths = frozenset(p for (p,) in con.execute(KNOWN_SOURCE_PATHS).fetchall() if p) \
            if with_source_paths else frozenset()
        return WarehouseState(manifest_rows(con), bool(pending and pending[0]), paths)
    except duckdb.CatalogException:  # a column missing from an old warehouse: let a full run migrate it
        return None
    finally:
        con.close()

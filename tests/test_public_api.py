"""The public names of each package are pinned: removing or renaming one is a breaking change."""
from __future__ import annotations

import extractors
import warehouse

EXTRACTORS_API = {
    "DEFAULT_MAX_BYTES", "DEFAULT_MODEL", "EXTRACTOR_VERSION", "ActorMention", "ActorRecord",
    "ActorType", "DateGranularity", "DateInfo", "DateSource", "Modality", "Polarity", "Role",
    "Article", "ArticleActors", "ArticleRecord", "Event", "EventActorRecord", "EventRecord",
    "Extraction", "IngestError", "MentionRecord", "Timex", "TimexRecord", "discover_files",
    "extract_article", "extract_batch", "find_actors", "find_events", "find_timexes",
    "load_pipeline", "normalise", "pipeline_version", "read_articles", "read_file", "value_range",
    "ArticleIds", "DatelineError", "PLAUSIBLE_YEARS", "file_uri", "model_name", "installed_pipeline_version",
}
WAREHOUSE_API = {
    "DATA_DIR_ENV", "DATA_TABLES", "DataDir", "QueryResult", "RunRow", "WarehouseMissing",
    "arrow_schemas", "fingerprints", "load_run", "run_query", "schema_sql", "table_counts",
    "write_parts", "LOAD_BUSY_TIMEOUT", "DataDirUnusable", "ManifestRow", "WarehouseBusy", "WarehouseLocked",
    "WarehouseUnreadable", "check_warehouse", "connect_read_only", "pause_point", "read_manifest",
    "retry_busy", "run_lock", "ClusterStats", "update_clusters", "WarehouseState", "read_state",
}


def test_extractors_public_names() -> None:
    assert set(extractors.__all__) == EXTRACTORS_API
    assert all(hasattr(extractors, name) for name in EXTRACTORS_API)


def test_warehouse_public_names() -> None:
    assert set(warehouse.__all__) == WAREHOUSE_API
    assert all(hasattr(warehouse, name) for name in WAREHOUSE_API)


def test_extractors_know_nothing_of_prefect_or_duckdb() -> None:
    from pathlib import Path

    root = Path(extractors.__file__).parent
    for path in root.rglob("*.py"):
        source = path.read_text("utf-8")
        assert "import prefect" not in source and "from prefect" not in source, path
        assert "import duckdb" not in source and "from duckdb" not in source, path


def test_arrow_schemas_follow_schema_sql() -> None:
    schemas = warehouse.arrow_schemas()
    assert schemas["events"].names[:3] == ["event_id", "article_id", "sentence_index"]
    assert "date_start" in schemas["events"].names and "ingested_at" not in schemas["articles"].names


def test_flows_use_only_the_declared_public_names() -> None:
    """flows/ imports `extractors` and `warehouse` names from the packages, never from their modules."""
    import ast
    from pathlib import Path

    public = {"extractors": set(extractors.__all__), "warehouse": set(warehouse.__all__)}
    wrong = []
    for path in (Path(extractors.__file__).parents[1] / "flows").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                package = node.module.split(".")[0]
                if package in public and (node.module != package
                                          or any(a.name not in public[package] for a in node.names)):
                    wrong.append(f"{path.name}: from {node.module} import {', '.join(a.name for a in node.names)}")
            elif isinstance(node, ast.Import):
                wrong += [f"{path.name}: import {a.name}" for a in node.names
                          if a.name.split(".")[0] in public and a.name not in public]
    assert not wrong, wrong

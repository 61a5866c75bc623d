"""The no-op check `dateline run` makes before importing Prefect or spaCy.

An unchanged rerun used to cost ~12 s of wall time for 0.3 s of flow: imports (Prefect, spaCy),
a temporary Prefect server, the flow, its shutdown. Everything the flow would look at to find
nothing to do is cheap to read directly: the files (stat only), the manifest and pending
clustering (a read-only DuckDB connection) and the pipeline version (the model's meta.json).
When all say "unchanged", the run would read no file, extract nothing, load nothing and cluster
nothing — and it writes no `runs` row either way — so the command reports that without a flow.
Anything else (a new, changed, touched or broken file, a discovery error, pending clustering,
`--prune` with a file gone, an unknown pipeline version) runs the flow as before.
`--always-flow` runs it anyway, for a flow run in Prefect's history; `serve` always does.
"""
from __future__ import annotations

import datetime as dt
import os
import time

from extractors import discover_files, file_uri, installed_pipeline_version
from warehouse import DataDir, read_state

from .incremental import unchanged_unread
from .summary import NOOP_WORKERS, RunSummary


def unchanged_run(paths: list[str], data: DataDir, model: str | None, prune: bool) -> RunSummary | None:
    """The summary of a run that would change nothing, or None when the flow has work to do."""
    started = time.perf_counter()
    version = installed_pipeline_version(model)
    if version is None:
        return None
    files, errors = discover_files(paths)
    if errors or not files:
        return None
    state = read_state(data, with_source_paths=prune)
    if state is None or state.clustering_pending or not unchanged_unread(files, state.manifest, version):
        return None
    if prune and any(not os.path.isfile(p) for p in state.source_paths):
        return None
    n_articles = sum(state.manifest[file_uri(f)].n_articles for f in files)
    return RunSummary(run_id=f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-noop", status="unchanged",
                      data_dir=str(data.root), n_files=len(files), n_articles=n_articles, n_extracted=0,
                      n_unchanged=n_articles, n_errors=0, rows={}, errors=[],
                      seconds=round(time.perf_counter() - started, 2), workers=NOOP_WORKERS, recorded=False)


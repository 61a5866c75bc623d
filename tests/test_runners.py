"""The same flow on a local process pool and on a Dask cluster gives the in-process warehouse.

Each runner's task runs must be recorded in the flow's own Prefect API (workers that do not get
its URL start their own temporary server and record there), and every batch is one task.
"""
from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.ingest import ingest
from flows.progress import wants_progress_bar

from .conftest import SEEDS

WIKINEWS = sorted((SEEDS / "wikinews").glob("*.txt"))
CONTENT = ("select 'articles', count(*), string_agg(article_id, ',' order by article_id) from articles "
           "union all select 'events', count(*), string_agg(event_id, ',' order by event_id) from events "
           "union all select 'mentions', count(*), string_agg(mention_id, ',' order by mention_id) from mentions "
           "union all select 'event_actors', count(*), null from event_actors "
           "union all select 'actors', count(*), string_agg(actor_id, ',' order by actor_id) from actors")


def _content(data: Path) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(CONTENT).fetchall()
    finally:
        con.close()


def _task_run_names(data: Path) -> list[str]:
    """Names of the task runs the Prefect API holds for the data dir's (only) flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        (flow_run_id,) = con.execute("select flow_run_id from runs").fetchone()  # type: ignore[misc]
    finally:
        con.close()
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[uuid.UUID(flow_run_id)])))
    return sorted(r.name for r in runs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runner-corpus")
    for path in WIKINEWS[:12]:
        shutil.copy(path, root / path.name)
    return root


@pytest.fixture(scope="module")
def in_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> list[tuple]:  # type: ignore[type-arg]
    data = tmp_path_factory.mktemp("in-process")
    summary = ingest(paths=[str(corpus)], data_dir=str(data), processes=1)
    assert summary.workers == "in-process" and summary.n_extracted == 12
    return _content(data)


def test_process_pool_gives_the_same_warehouse(corpus: Path, in_process: list[tuple], tmp_path: Path,  # type: ignore[type-arg]
                                               prefect_server: None) -> None:
    result = CliRunner().invoke(main, ["run", str(corpus), "--data-dir", str(tmp_path), "--processes", "2",
                                       "--batch-size", "4"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "files" in line and "articles/s" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == [
        "files", "read", "articles", "extracted", "unchanged", "events", "actors", "errors", "seconds", "articles/s"]
    assert "extraction: 2 processes" in result.output
    assert _content(tmp_path) == in_process
    names = _task_run_names(tmp_path)
    assert [n for n in names if n.startswith("extract-batch-")] == [f"extract-batch-{i:05d}" for i in range(3)]
    assert "read-files-00000" in names and any(n.startswith("load-warehouse") for n in names)


def test_dask_cluster_gives_the_same_warehouse(corpus: Path, in_process: list[tuple], tmp_path: Path,  # type: ignore[type-arg]
                                               prefect_server: None) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        summary = ingest(paths=[str(corpus)], data_dir=str(tmp_path), batch_size=4, runner="dask",
                         dask_address=address)
    assert summary.workers == f"2 dask workers at {address}"
    assert summary.n_extracted == 12 and summary.n_errors == 0
    assert _content(tmp_path) == in_process
    parts = sorted(p.name for p in (tmp_path / "parquet" / "articles").glob("run_id=*/part-*.parquet"))
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [n for n in _task_run_names(tmp_path) if n.startswith("extract-batch-")] == [
        f"extract-batch-{i:05d}" for i in range(3)]


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_only_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DATELINE_NO_PROGRESS", raising=False)
    assert wants_progress_bar(_Stream(True)) and not wants_progress_bar(_Stream(False))
    monkeypatch.setenv("CI", "true")
    assert not wants_progress_bar(_Stream(True))


def test_the_last_articles_are_shared_among_the_workers() -> None:
    from flows.ingest import MIN_TAIL_BATCH, _tail_size

    assert _tail_size(80, 64, 2) == 40  # 40 + 40, not 64 + 16 with one worker idle
    assert _tail_size(200, 64, 2) == 50  # four even batches, none over the batch size
    assert _tail_size(2, 4, 2) == 2  # too few to be worth a second task
    for n_left in range(1, 300):
        for workers in (0, 1, 2, 4):
            size = _tail_size(n_left, 64, workers)
            assert 1 <= size <= 64
            if workers and n_left >= workers * MIN_TAIL_BATCH:
                assert -(-n_left // size) >= workers  # every worker gets a batch of the tail

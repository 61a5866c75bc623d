"""The ingest flow: files → (changed only) articles → extraction in batches → Parquet → DuckDB.

Orchestration only: reading and NLP live in `extractors`, Parquet and SQL in `warehouse`, file
planning in `flows.incremental`, task runners in `flows.runners`.

- Incremental: unchanged files (manifest: size + mtime, hash when those moved) are not read,
  unchanged articles (content sha + pipeline version) are not extracted.
- Batched and streamed: files are read `batch_size` at a time and extraction batches are
  submitted with at most two per worker in flight, so the flow never holds all articles or all
  extraction results; only per-file metadata grows with the corpus.
- Parallel: extraction batches run in a process pool (one per core, model loaded once per
  worker) or on a Dask cluster; a small run (one batch, or by default under 96 files) stays in
  the flow's process, where a pool would cost more to start than it saves. Workers write Parquet parts; the flow loads once.
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import deque
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors import (Article, ArticleIds, Extraction, IngestError, discover_files, extract_batch,
                        load_pipeline)
from warehouse import (LOAD_BUSY_TIMEOUT, ClusterStats, DataDir, ManifestRow, RunRow, fingerprints, load_run, pause_point,
                       read_manifest, retry_busy, run_lock, update_clusters, write_parts)

from . import progress
from .defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_PATHS
from .incremental import FileRead, FileState, ReadBatch, plan_files, read_batch, source_path, version_of
from .runners import default_processes, make_task_runner, shared_api, worker_count
from .summary import RunSummary

MIN_TAIL_BATCH = 8  # the last articles are split among the workers only down to batches of this size
AUTO_POOL_MIN_FILES = 96  # below this, a default run stays in-process: a pool would not pay for its start-up


@dataclass(slots=True)
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[IngestError] = field(default_factory=list)
    n_articles: int = 0


@task(name="discover-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_task(paths: list[str]) -> tuple[list[Path], list[IngestError]]:
    return discover_files(paths)


@task(name="warehouse-state", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def state_task(data_dir: str) -> tuple[dict[str, ManifestRow], dict[str, tuple[str, str]]]:
    """The file manifest and the article fingerprints of the warehouse as it is now."""
    data = DataDir.resolve(data_dir)
    return read_manifest(data), fingerprints(data)


@task(name="read-files", task_run_name="read-files-{part}", retries=2, retry_delay_seconds=1,
      cache_policy=NO_CACHE)
def read_task(files: list[FileState], reference_date: dt.date | None, max_bytes: int, part: str) -> ReadBatch:
    """Read one batch of files (retried: network filesystems have transient failures)."""
    return read_batch(files, reference_date, max_bytes)


@task(name="extract-batch", task_run_name="extract-batch-{part}", retries=1, retry_delay_seconds=2,
      cache_policy=NO_CACHE)
def extract_task(articles: list[Article], data_dir: str, run_id: str, part: str, model: str | None) -> BatchResult:
    """NLP for one batch, written as Parquet parts; an article that fails is reported, not fatal.

    Retrying is safe: a batch rewrites the same part files, each atomically.
    """
    nlp = load_pipeline(model)  # once per process (cached)
    result = BatchResult(n_articles=len(articles))
    combined = Extraction()
    for item in extract_batch(articles, nlp, batch_size=32):
        if isinstance(item, IngestError):
            result.errors.append(item)
        else:
            combined.extend(item)
    pause_point("extract")  # test-only crash hook, inert unless $DATELINE_TEST_PAUSE_AT is set
    result.rows = write_parts(combined, DataDir.resolve(data_dir), run_id, part)
    pause_point("parquet")
    get_run_logger().info("batch %s: %d articles, rows %s", part, len(articles), result.rows)
    return result


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_task(data_dir: str, run: RunRow, errors: list[IngestError], manifest: list[ManifestRow],
              reread: list[tuple[str, str]], prune: bool) -> dict[str, int]:
    """One DuckDB transaction (all or nothing, so a retry is safe)."""
    data = DataDir.resolve(data_dir)  # readers (dateline query) block DuckDB's writer: wait for them
    return retry_busy(lambda: load_run(data, run, errors, manifest=manifest, reread=reread, prune=prune),
                      data, timeout=LOAD_BUSY_TIMEOUT, what="load")


@task(name="cluster-events", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def cluster_task(data_dir: str) -> ClusterStats:
    """Assign the unclustered events to event clusters: its own transaction, after the load, so a
    crash between the two leaves events without a cluster_id that the next run picks up."""
    data = DataDir.resolve(data_dir)
    return retry_busy(lambda: update_clusters(data), data, timeout=LOAD_BUSY_TIMEOUT, what="clustering")


@flow(name="dateline-ingest", log_prints=False)
def ingest(
    paths: list[str] | None = None,
    data_dir: str | None = None,
    reference_date: dt.date | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    wait: float = 0.0,
    processes: int | None = None,
    runner: str = "local",
    dask_address: str | None = None,
    prune: bool = False,
) -> RunSummary:
    """Ingest article files into the warehouse; reruns skip unchanged files and articles.

    One run per data dir at a time: waits up to `wait` seconds for its lock, else WarehouseLocked.
    `processes` (default: all cores) worker processes extract batches; `runner="dask"` uses a
    Dask cluster instead (`dask_address`, else a temporary local one). `prune` deletes articles
    whose file no longer exists.
    """
    with run_lock(DataDir.resolve(data_dir), wait):
        return _Run(paths, data_dir, reference_date, model, batch_size, max_bytes,
                    processes, runner, dask_address, prune).execute()


def _tail_size(n_left: int, batch_size: int, workers: int) -> int:
    """Batch size for the last articles: cut so that every worker gets a share, instead of one
    worker parsing a full batch while the others wait for it (80 left, 2 workers: 40 + 40)."""
    pieces = max(-(-n_left // batch_size), min(workers, n_left // MIN_TAIL_BATCH), 1)
    return max(1, -(-n_left // pieces))


class _Run:
    """One flow run's state: counters and per-file metadata only, never the whole corpus."""

    def __init__(self, paths: list[str] | None, data_dir: str | None, reference_date: dt.date | None,
                 model: str | None, batch_size: int, max_bytes: int, processes: int | None, runner: str,
                 dask_address: str | None, prune: bool) -> None:
        self.paths = list(paths or DEFAULT_PATHS)
        self.data = DataDir.resolve(data_dir)
        self.reference_date, self.model, self.batch_size, self.max_bytes = reference_date, model, batch_size, max_bytes
        self.processes = processes or default_processes()
        self.auto_processes = processes is None
        self.runner, self.dask_address, self.prune = runner, dask_address, prune
        self.started = time.perf_counter()
        self.started_at = dt.datetime.now(dt.UTC)
        self.run_id = f"{self.started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.logger = get_run_logger()
        self.errors: list[IngestError] = []
        self.rows: dict[str, int] = {}
        self.n_articles = self.n_extracted = self.n_done = 0
        self.ids = ArticleIds()  # the duplicate-id rule, within this run
        self.failed_files: set[str] = set()
        self.n_batches = 0

    def execute(self) -> RunSummary:
        files, self.errors = discover_task(self.paths)
        manifest, self.known = state_task(str(self.data.root))
        self.version = version_of(self.model)
        plan = plan_files(files, manifest, self.version)
        self.logger.info("%d files: %d unchanged (%d articles, not read), %d to read; %d errors finding files",
                         len(files), plan.n_unchanged_files, plan.n_unchanged_articles, len(plan.to_read),
                         len(self.errors))
        progress.report("total", len(plan.to_read))
        self.n_articles = plan.n_unchanged_articles
        workers = "in-process"
        records: list[ManifestRow] = list(plan.verified)
        reread: list[tuple[str, str]] = []
        with ExitStack() as stack:
            submit: Callable[[dict[str, Any]], Any] | None = None
            n = 1
            pool = self.runner == "dask" or self._pool_pays_off(len(plan.to_read))
            if pool and plan.to_read:
                n = self.processes if self.runner == "dask" else min(
                    self.processes, -(-len(plan.to_read) // self.batch_size))
                stack.enter_context(shared_api())
                task_runner = stack.enter_context(make_task_runner(self.runner, n, self.model, self.dask_address))
                submit = lambda params: task_runner.submit(extract_task, params)  # noqa: E731
                n = worker_count(task_runner, n)
                workers = f"{n} dask workers" + (f" at {self.dask_address}" if self.dask_address else "") \
                    if self.runner == "dask" else f"{n} processes"
            clean_reads = self._read_and_extract(plan.to_read, submit, 2 * n if submit else 1)
        for read in clean_reads:
            if read.state.path in self.failed_files or read.sha256 is None:
                continue
            records.append(ManifestRow(read.state.path, read.state.size_bytes, read.state.mtime_ns, read.sha256,
                                       self.version, len(read.article_ids)))
            reread.extend((read.state.path, aid) for aid in read.article_ids)
        n_unchanged = self.n_articles - self.n_extracted
        run = RunRow(
            run_id=self.run_id, flow_run_id=str(flow_run.id) if flow_run.id else None, started_at=self.started_at,
            finished_at=dt.datetime.now(dt.UTC),
            status="completed_with_errors" if self.errors else "completed", n_files=len(files),
            n_articles=self.n_articles, n_extracted=self.n_extracted, n_unchanged=n_unchanged,
            n_errors=len(self.errors),
        )
        pause_point("load")
        loaded = load_task(str(self.data.root), run, self.errors, records, reread, self.prune)
        pause_point("loaded")
        clusters = cluster_task(str(self.data.root))
        seconds = round(time.perf_counter() - self.started, 2)
        self.logger.info("run %s: %d articles (%d extracted, %d unchanged), %d errors, %.1f s",
                         self.run_id, self.n_articles, self.n_extracted, n_unchanged, len(self.errors), seconds)
        return RunSummary(self.run_id, run.status, str(self.data.root), len(files), self.n_articles,
                          self.n_extracted, n_unchanged, len(self.errors), self.rows, self.errors, seconds,
                          n_files_read=len(plan.to_read), n_dropped=loaded.get("articles_dropped", 0),
                          workers=workers, recorded=bool(loaded.get("runs")),
                          n_actors=loaded.get("actors", 0), clusters=clusters)

    def _pool_pays_off(self, n_files: int) -> bool:
        """A pool needs two batches at least; by default also enough files to repay its start-up
        (each worker imports Prefect and loads the model: seconds). An explicit count is obeyed."""
        if self.processes < 2 or n_files <= self.batch_size:
            return False
        return not self.auto_processes or n_files >= AUTO_POOL_MIN_FILES

    def _read_and_extract(self, to_read: list[FileState], submit: Callable[[dict[str, Any]], Any] | None,
                          max_in_flight: int) -> list[Any]:
        """Read files batch by batch, extract new/changed articles; returns per-file read records."""
        in_flight: deque[Any] = deque()
        pending: list[Article] = []
        clean_reads: list[FileRead] = []
        for i in range(0, len(to_read), self.batch_size):
            batch = read_task(to_read[i:i + self.batch_size], self.reference_date, self.max_bytes,
                              f"{i // self.batch_size:05d}")
            self.errors.extend(batch.errors)
            clean_reads.extend(f for f in batch.files if f.clean)
            for f in batch.files:
                if not f.clean:
                    self.failed_files.add(f.state.path)
            todo = self._new_or_changed(batch.articles)
            self.n_articles += len(batch.articles) - self._skipped  # duplicates are not articles
            progress.report("total", len(batch.articles) - len(batch.files))
            progress.report("done", len(batch.articles) - len(todo))
            pending.extend(todo)
            last = i + self.batch_size >= len(to_read)
            if not last and i + 2 * self.batch_size >= len(to_read):
                continue  # the next read is the last: keep these to split the tail evenly with it
            size = _tail_size(len(pending), self.batch_size, max_in_flight // 2) if last else self.batch_size
            while len(pending) >= size or (pending and last):
                chunk, pending = pending[:size], pending[size:]
                in_flight.append(self._submit(chunk, submit))
                while len(in_flight) >= max_in_flight:
                    self._collect(in_flight.popleft())
        while in_flight:
            self._collect(in_flight.popleft())
        return clean_reads

    def _new_or_changed(self, articles: list[Article]) -> list[Article]:
        """Drop duplicate ids (reported) and articles the warehouse holds unchanged."""
        todo: list[Article] = []
        self._skipped = 0
        for article in articles:
            first, error = self.ids.admit(article)
            if not first:
                self._skipped += 1
                if error is not None:
                    self.errors.append(error)
                    self.failed_files.add(source_path(article.source_uri))
                continue
            if self.known.get(article.article_id) != (article.content_sha256, self.version):
                todo.append(article)
        return todo

    def _submit(self, chunk: list[Article], submit: Callable[[dict[str, Any]], Any] | None) -> Any:
        part = f"{self.n_batches:05d}"
        self.n_batches += 1
        params = {"articles": chunk, "data_dir": str(self.data.root), "run_id": self.run_id, "part": part,
                  "model": self.model}
        if submit is not None:
            return submit(params)
        return extract_task(chunk, str(self.data.root), self.run_id, part, self.model)

    def _collect(self, item: Any) -> None:
        result: BatchResult = item if isinstance(item, BatchResult) else item.result()
        self.n_extracted += result.n_articles
        self.errors.extend(result.errors)
        for error in result.errors:
            self.failed_files.add(source_path(error.source_uri))
        for table, count in result.rows.items():
            self.rows[table] = self.rows.get(table, 0) + count
        self.n_done += result.n_articles
        progress.report("done", result.n_articles)
        self.logger.info("extracted %d articles so far (%d events); last batch %d articles, %d events",
                         self.n_done, self.rows.get("events", 0), result.n_articles, result.rows.get("events", 0))

"""The ingest flow: files → articles → (new or changed only) extraction in batches → Parquet → DuckDB.

Orchestration only: reading and NLP live in `extractors`, Parquet and SQL in `warehouse`.
Work is batched (one task per `batch_size` articles) because a Prefect task costs milliseconds
of bookkeeping, and unchanged articles (same text, same pipeline version) are skipped.
"""
from __future__ import annotations

import datetime as dt
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors.articles import DEFAULT_MAX_BYTES, Article, IngestError, discover_files, read_articles
from extractors.nlp import load_pipeline
from extractors.pipeline import extract_article, pipeline_version
from extractors.records import Extraction
from warehouse import DataDir, RunRow, fingerprints, load_run, write_parts
from warehouse.lock import LOAD_BUSY_TIMEOUT, pause_point, retry_busy, run_lock

DEFAULT_BATCH_SIZE = 64


@dataclass(slots=True)
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[IngestError] = field(default_factory=list)


@dataclass(slots=True)
class RunSummary:
    """What a run did; printed by the CLI and returned by the flow."""

    run_id: str
    status: str
    data_dir: str
    n_files: int
    n_articles: int
    n_extracted: int
    n_unchanged: int
    n_errors: int
    rows: dict[str, int]
    errors: list[IngestError]
    seconds: float


@task(name="discover-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover_task(paths: list[str]) -> tuple[list[Path], list[IngestError]]:
    return discover_files(paths)


@task(name="read-articles", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def read_task(files: list[Path], reference_date: dt.date | None, max_bytes: int) -> tuple[list[Article], list[IngestError]]:
    return read_articles(files, reference_date=reference_date, max_bytes=max_bytes)


@task(name="warehouse-fingerprints", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def fingerprints_task(data_dir: str) -> dict[str, tuple[str, str]]:
    return fingerprints(DataDir.resolve(data_dir))


@task(name="extract-batch", task_run_name="extract-batch-{part}", cache_policy=NO_CACHE)
def extract_task(articles: list[Article], data_dir: str, run_id: str, part: str, model: str | None) -> BatchResult:
    """NLP for one batch, written as Parquet parts; an article that fails is reported, not fatal."""
    nlp = load_pipeline(model)
    version = pipeline_version(nlp)
    result = BatchResult()
    combined = Extraction()
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=32)):
        try:
            combined.extend(extract_article(article, doc, version))
        except Exception as exc:  # a bug on one article must not sink the batch
            where = traceback.extract_tb(exc.__traceback__)[-1]
            result.errors.append(IngestError(
                article.source_uri, None, "extraction",
                f"extraction failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
                "please report this article",
            ))
    pause_point("extract")  # test-only crash hook, inert unless $DATELINE_TEST_PAUSE_AT is set
    result.rows = write_parts(combined, DataDir.resolve(data_dir), run_id, part)
    pause_point("parquet")
    get_run_logger().info("batch %s: %d articles, rows %s", part, len(articles), result.rows)
    return result


@task(name="load-warehouse", cache_policy=NO_CACHE)
def load_task(data_dir: str, run: RunRow, errors: list[IngestError]) -> dict[str, int]:
    data = DataDir.resolve(data_dir)  # readers (dateline query) block DuckDB's writer: wait for them
    return retry_busy(lambda: load_run(data, run, errors), data, timeout=LOAD_BUSY_TIMEOUT, what="load")


def _needs_extraction(article: Article, known: dict[str, tuple[str, str]], version: str) -> bool:
    return known.get(article.article_id) != (article.content_sha256, version)


@flow(name="dateline-ingest", log_prints=False)
def ingest(
    paths: list[str] | None = None,
    data_dir: str | None = None,
    reference_date: dt.date | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    wait: float = 0.0,
) -> RunSummary:
    """Ingest article files into the warehouse; reruns only extract new or changed articles.

    One run per data dir at a time: waits up to `wait` seconds for its lock, else WarehouseLocked.
    """
    with run_lock(DataDir.resolve(data_dir), wait):
        return _ingest(paths, data_dir, reference_date, model, batch_size, max_bytes)


def _ingest(paths: list[str] | None, data_dir: str | None, reference_date: dt.date | None,
            model: str | None, batch_size: int, max_bytes: int) -> RunSummary:
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.timezone.utc)
    logger = get_run_logger()
    data = DataDir.resolve(data_dir)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    files, errors = discover_task(list(paths or ["seeds"]))
    articles, read_errors = read_task(files, reference_date, max_bytes)
    errors = errors + read_errors
    known = fingerprints_task(str(data.root))
    version = pipeline_version(load_pipeline(model))
    todo = [a for a in articles if _needs_extraction(a, known, version)]
    logger.info("%d files, %d articles, %d to extract, %d errors while reading",
                len(files), len(articles), len(todo), len(errors))
    rows: dict[str, int] = {}
    # Batches run one after another: spaCy on Prefect's thread pool is slower and far hungrier.
    for i in range(0, len(todo), batch_size):
        batch = extract_task(todo[i:i + batch_size], str(data.root), run_id, f"{i // batch_size:05d}", model)
        errors.extend(batch.errors)
        for table, count in batch.rows.items():
            rows[table] = rows.get(table, 0) + count
    run = RunRow(
        run_id=run_id, flow_run_id=str(flow_run.id) if flow_run.id else None, started_at=started_at,
        finished_at=dt.datetime.now(dt.timezone.utc),
        status="completed_with_errors" if errors else "completed", n_files=len(files),
        n_articles=len(articles), n_extracted=len(todo), n_unchanged=len(articles) - len(todo),
        n_errors=len(errors),
    )
    pause_point("load")
    load_task(str(data.root), run, errors)
    pause_point("loaded")
    return RunSummary(run_id, run.status, str(data.root), len(files), len(articles), len(todo),
                      len(articles) - len(todo), len(errors), rows, errors,
                      round(time.perf_counter() - started, 2))

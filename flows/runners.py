"""Where extraction batches run: in the flow's process, a local process pool, or a Dask cluster.

Why processes: spaCy holds the GIL, so Prefect's default thread pool gives no speed-up (and
is memory hungry); a `ProcessPoolTaskRunner` with one worker per core loads the model once per
worker (initializer) and keeps it for every batch. A Dask cluster (`prefect-dask`) does the same
across machines; its workers write Parquet parts into the shared data dir, and the DuckDB load
still runs once, in the flow.

Why the API URL is passed on: a worker process that does not know the flow's Prefect API starts
its own temporary server (+430 MB each) and records its task runs there. `shared_api()` takes
the URL the flow is talking to (also the temporary server `dateline run` starts without
PREFECT_API_URL) and puts it into the settings and the environment workers inherit.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

RUNNERS = ("local", "dask")


def default_processes() -> int:
    """Every core this process may use (cgroup/affinity aware where the OS says so)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return max(1, os.cpu_count() or 1)


def warm_worker(model: str | None) -> None:
    """Process-pool initializer: load the spaCy pipeline once, before the first batch arrives."""
    from extractors import load_pipeline

    load_pipeline(model)


@contextmanager
def shared_api() -> Iterator[str | None]:
    """Make the flow's Prefect API URL visible to worker processes (settings + environment)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with get_client(sync_client=True) as client:
        url = str(client.api_url).rstrip("/")
    if not url.startswith("http"):
        yield None
        return
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url  # inherited by processes started from here on
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


def make_task_runner(runner: str, processes: int, model: str | None, dask_address: str | None = None) -> Any:
    """A started-on-enter Prefect task runner for extraction batches.

    local: `ProcessPoolTaskRunner(processes)` with the model pre-loaded per worker.
    dask: `DaskTaskRunner` on `dask_address`, or on a temporary local cluster of `processes`
    single-threaded worker processes.
    """
    if runner == "local":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=processes, initializer=warm_worker, initargs=(model,))
    if runner == "dask":
        try:
            from prefect_dask.task_runners import DaskTaskRunner
        except ImportError as exc:  # pragma: no cover - prefect-dask is a dependency
            raise RuntimeError("--runner dask needs prefect-dask: pip install prefect-dask 'dask[distributed]'") from exc
        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": processes, "processes": True,
                                              "threads_per_worker": 1, "dashboard_address": ":0"})
    raise ValueError(f"unknown runner {runner!r}; use one of {', '.join(RUNNERS)}")


def worker_count(task_runner: Any, default: int) -> int:
    """Workers behind a started task runner: a Dask cluster's own count, else `default`.

    The flow keeps two batches per worker in flight, so a big cluster must not be fed as if it
    were this machine.
    """
    client = getattr(task_runner, "client", None) if type(task_runner).__name__ == "DaskTaskRunner" else None
    if client is None:
        return default
    try:
        return max(1, len(client.scheduler_info().get("workers", {})) or default)
    except Exception:  # scheduler unreachable right now: the submit will say so
        return default

"""Scheduled ingestion: the ingest flow as a Prefect deployment with a cron or interval schedule.

`dateline serve` builds the deployment here and serves it in the foreground (Prefect 3
`serve`): the process polls the Prefect API for due runs of *this* deployment and executes them,
no work pool or worker needed. `prefect.yaml` describes the same flow for `prefect deploy` onto
a work pool instead. The entrypoint is the module path `flows.ingest.ingest`, so runs work from
any working directory where dateline is installed; paths and the data dir are made absolute for
the same reason.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

from .defaults import DEFAULT_PATHS

DEFAULT_DEPLOYMENT = "scheduled"


def configured_api_url() -> str | None:
    """The Prefect API this process talks to (env or profile); None means a temporary server,
    which does not run Prefect's scheduler service, so a served schedule would never fire."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def deployment_parameters(paths: list[str], data_dir: str, *, reference_date: dt.date | None = None,
                          model: str | None = None, batch_size: int | None = None,
                          processes: int | None = None, runner: str = "local",
                          dask_address: str | None = None, prune: bool = False,
                          wait: float = 600.0) -> dict[str, Any]:
    """The flow parameters a scheduled run gets: JSON values, absolute paths.

    `wait` defaults to 10 minutes: a scheduled run that finds the previous one still loading
    queues behind it instead of failing.
    """
    params: dict[str, Any] = {
        "paths": [os.path.abspath(p) for p in (paths or DEFAULT_PATHS)],
        "data_dir": os.path.abspath(data_dir), "runner": runner, "prune": prune, "wait": wait,
    }
    optional = {"reference_date": reference_date.isoformat() if reference_date else None, "model": model,
                "batch_size": batch_size, "processes": processes, "dask_address": dask_address}
    params.update({k: v for k, v in optional.items() if v is not None})
    return params


def build_deployment(name: str, parameters: dict[str, Any], *, cron: str | None = None,
                     interval: float | None = None, paused: bool = False) -> Any:
    """A RunnerDeployment of the ingest flow with one schedule (cron or interval seconds)."""
    from prefect.types.entrypoint import EntrypointType

    from .ingest import ingest

    if (cron is None) == (interval is None):
        raise ValueError("give exactly one of cron or interval")
    return ingest.to_deployment(
        name=name, cron=cron, interval=dt.timedelta(seconds=interval) if interval is not None else None,
        parameters=parameters, paused=paused, tags=["dateline"],
        description="dateline: ingest article files into the DuckDB warehouse on a schedule",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve_deployment(deployment: Any, *, limit: int | None = 1) -> None:
    """Serve until interrupted (Ctrl-C). `limit` caps concurrent runs; one at a time by default,
    since runs of one data dir queue on its lock anyway."""
    from prefect import serve

    serve(deployment, limit=limit)

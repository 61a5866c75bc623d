"""Scheduling: the ingest flow as a Prefect deployment with a schedule, and a run of it that loads.

The deployment is created against the session's test server exactly as `dateline serve`
creates it (`flows.serve.build_deployment` → `to_deployment`), then `apply()`d. A run is
started with `run_deployment` (it is only scheduled: no worker polls the test server) and
executed in this process the way a worker or `serve` executes it: the flow is imported from the
deployment's entrypoint and `prefect.flow_engine.run_flow` runs the scheduled flow run with the
deployment's parameters. The warehouse is then read to check the run loaded it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.serve import build_deployment, deployment_parameters

from .conftest import SEED_ARTICLE


def test_serve_needs_exactly_one_schedule(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2 and "--cron" in result.output and "--interval" in result.output
    both = CliRunner().invoke(main, ["serve", str(tmp_path), "--cron", "* * * * *", "--interval", "60"])
    assert both.exit_code == 2


def test_serve_without_a_prefect_server_says_how_to_start_one(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = CliRunner().invoke(main, ["serve", str(tmp_path), "--interval", "60"])
    assert result.exit_code == 1
    assert "prefect server start" in result.output and "PREFECT_API_URL" in result.output


def test_scheduled_deployment_runs_and_loads_the_warehouse(tmp_path: Path, prefect_server: None) -> None:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.flow_engine import run_flow
    from prefect.utilities.importtools import import_object

    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles / "seed.txt")
    data = tmp_path / "data"
    params = deployment_parameters([str(articles)], str(data), processes=1)
    deployment = build_deployment("test-cron", params, cron="*/30 * * * *")
    deployment_id = deployment.apply()

    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
    assert stored.name == "test-cron" and stored.entrypoint == "flows.ingest.ingest"
    assert [s.schedule.cron for s in stored.schedules] == ["*/30 * * * *"]  # type: ignore[union-attr]
    assert stored.parameters["data_dir"] == str(data) and stored.parameters["paths"] == [str(articles)]

    flow_run = run_deployment(f"dateline-ingest/{stored.name}", timeout=0, as_subflow=False)
    assert flow_run.state is not None and flow_run.state.is_scheduled()
    flow = import_object(stored.entrypoint)  # what a worker does with the entrypoint
    summary = run_flow(flow, flow_run=flow_run, parameters=flow_run.parameters)
    assert summary.n_extracted == 1  # type: ignore[union-attr]

    with get_client(sync_client=True) as client:
        finished = client.read_flow_run(flow_run.id)
    assert finished.state is not None and finished.state.is_completed()
    assert finished.deployment_id == deployment_id
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        runs = con.execute("select flow_run_id, n_extracted from runs").fetchall()
        events = con.execute("select count(*) from event_timeline where trigger_lemma = 'visit'").fetchone()
    finally:
        con.close()
    assert runs == [(str(flow_run.id), 1)]
    assert events is not None and events[0] >= 1


def test_interval_deployment(tmp_path: Path, prefect_server: None) -> None:
    from prefect.client.orchestration import get_client

    params = deployment_parameters([str(tmp_path)], str(tmp_path / "data"))
    deployment_id = build_deployment("test-interval", params, interval=600).apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
    assert [s.schedule.interval.total_seconds() for s in stored.schedules] == [600.0]  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        build_deployment("neither", params)


def test_prefect_yaml_deploys_the_ingest_flow_with_valid_parameters() -> None:
    import yaml
    from prefect.flows import load_flow_from_entrypoint

    from .conftest import REPO

    config = yaml.safe_load((REPO / "prefect.yaml").read_text("utf-8"))
    (deployment,) = config["deployments"]
    flow = load_flow_from_entrypoint(str(REPO / deployment["entrypoint"]))
    assert flow.name == "dateline-ingest"
    flow.validate_parameters(deployment["parameters"])  # raises on a parameter the flow does not take
    assert deployment["schedules"][0]["cron"] == "*/30 * * * *" and deployment["work_pool"]["name"]

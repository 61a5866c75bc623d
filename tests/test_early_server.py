"""The temporary Prefect server `dateline run` boots while it imports: it answers, the flow uses it
instead of Prefect starting its own, and it is gone when the command ends (real processes)."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil

from flows.early_server import SERVER_MARK, EarlyServer

from .conftest import REPO, SEEDS


def _marked_servers() -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if SERVER_MARK in proc.environ():
                found.append(proc)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def test_the_server_answers_and_stops() -> None:
    server = EarlyServer()
    try:
        url = server.wait()
        assert url is not None and url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/health", timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()
    assert server.process.poll() is not None


def test_a_run_without_a_configured_server_uses_it_and_leaves_nothing_running(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((SEEDS / "wikinews").glob("*.txt"))[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PYTHONPATH=str(REPO), DATELINE_NO_PROGRESS="1", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(corpus), "--data-dir", str(tmp_path / "data")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    assert "extraction: in-process" in out
    assert "Starting temporary server" not in out + err  # Prefect found a server: the one booted early
    assert "did not start early" not in err
    left = [p for p in _marked_servers() if p.environ().get(SERVER_MARK) == str(proc.pid)
            and p.status() != psutil.STATUS_ZOMBIE]
    assert not left, f"the command left its server running: {left}"

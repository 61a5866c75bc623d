"""Real `dateline` processes for the crash, concurrency and hostile-input tests.

Each process runs the installed console script against the session's Prefect test server (no
temporary server per process), in its own session so a SIGKILL reaches everything it started.
Pause points (warehouse/lock.py) stop a run at a named place; the test waits for the marker file.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.lock import PAUSE_ENV, PAUSE_MARKER_ENV, PAUSE_RELEASE_ENV, PAUSE_SECONDS_ENV

# How long a test waits for a process to reach a pause point or finish before giving up: a
# safety net against hanging the suite, never an assertion about speed.
PATIENCE = 300.0


def dateline_command() -> list[str]:
    script = Path(sys.executable).with_name("dateline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


def process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child `dateline`: the test Prefect server, no stray pause settings."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_TEST_")}
    api = PREFECT_API_URL.value()
    if api:
        env["PREFECT_API_URL"] = str(api)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    env.update(extra or {})
    return env


@dataclass
class Proc:
    popen: subprocess.Popen[bytes]
    out: Path
    err: Path
    marker: Path | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.out.read_text("utf-8", "replace") + self.err.read_text("utf-8", "replace")

    def wait(self) -> int:
        try:
            return self.popen.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"dateline pid {self.pid} did not finish:\n{self.output()}") from None

    def wait_paused(self) -> None:
        """Block until the run reached its pause point (the marker file exists)."""
        assert self.marker is not None
        deadline = time.monotonic() + PATIENCE
        while not self.marker.exists():
            if self.popen.poll() is not None:
                raise AssertionError(f"dateline exited {self.popen.returncode} before its pause point:\n"
                                     f"{self.output()}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"dateline never reached its pause point:\n{self.output()}")
            time.sleep(0.05)

    def wait_for_output(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while text not in self.output():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"dateline never printed {text!r}:\n{self.output()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL the process and everything in its session (it was started as the session leader)."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.popen.wait()


def start(args: Sequence[str], workdir: Path, *, pause_at: str | None = None, release: Path | None = None,
          prefix: Sequence[str] = (), env: Mapping[str, str] | None = None) -> Proc:
    """Start `dateline ARGS...`; with `pause_at`, it stops there (and writes a marker) until killed or released."""
    workdir.mkdir(parents=True, exist_ok=True)
    n = len(list(workdir.glob("proc-*.out")))
    out, err = workdir / f"proc-{n}.out", workdir / f"proc-{n}.err"
    extra = dict(env or {})
    marker = None
    if pause_at:
        marker = workdir / f"proc-{n}.paused"
        extra.update({PAUSE_ENV: pause_at, PAUSE_MARKER_ENV: str(marker), PAUSE_SECONDS_ENV: str(PATIENCE)})
        if release is not None:
            extra[PAUSE_RELEASE_ENV] = str(release)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        popen = subprocess.Popen([*prefix, *dateline_command(), *args], stdout=stdout, stderr=stderr,
                                 stdin=subprocess.DEVNULL, env=process_env(extra), start_new_session=True)
    return Proc(popen, out, err, marker)


def run(args: Sequence[str], workdir: Path, **kwargs: Any) -> tuple[int, str]:
    proc = start(args, workdir, **kwargs)
    return proc.wait(), proc.output()


# Columns that differ between two runs doing the same work (ids and clocks of the run itself).
RUN_COLUMNS = frozenset({"run_id", "flow_run_id", "started_at", "finished_at", "ingested_at"})


def snapshot(data: Path, *, drop: frozenset[str] = frozenset(), skip: frozenset[str] = frozenset()
             ) -> dict[str, list[tuple[Any, ...]]]:
    """Every base table's rows (sorted), read-only, without the `drop` columns and `skip` tables."""
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall() if r[0] not in skip]
        result: dict[str, list[tuple[Any, ...]]] = {}
        for table in tables:
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if r[0] not in drop]
            select = ", ".join(f'"{c}"' for c in columns)
            result[table] = sorted(con.execute(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return result
    finally:
        con.close()


def copy_data(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("dateline.lock"))
    return dst

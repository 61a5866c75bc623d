"""Concurrent commands on one data dir, with real processes: a second run fails at once (exit 4,
naming the running one) or waits with --wait; queries answer from the last committed state or
say clearly that the warehouse is busy and when to retry; nothing is ever corrupted.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.ingest import ingest

from .procs import copy_data, run, start

FIRST = {
    "a.txt": "---\nid: a\npublished: 2019-08-23\n---\nRecep Tayyip Erdogan will visit Moscow on Tuesday.\n",
}
SECOND = {
    "b.txt": "---\nid: b\npublished: 2019-08-24\n---\nIran seized a British tanker on Friday.\n",
}
THIRD = {
    "c.txt": "---\nid: c\npublished: 2019-08-25\n---\nSyrian troops encircled the town this week.\n",
}
COUNT_SQL = "select count(*) as n from articles"


def _folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, "utf-8")
    return folder


def _rows(data: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> tuple[Path, Path]:
    """A warehouse holding FIRST, and the folder of article sets."""
    root = tmp_path_factory.mktemp("concurrency")
    first = _folder(root, "first", FIRST)
    _folder(root, "second", SECOND)
    _folder(root, "third", THIRD)
    data = root / "data"
    ingest(paths=[str(first)], data_dir=str(data))
    return root, data


def test_second_run_fails_at_once_or_waits_and_queries_see_the_last_commit(
        base: tuple[Path, Path], tmp_path: Path) -> None:
    root, base_data = base
    data = copy_data(base_data, tmp_path / "data")
    release = tmp_path / "release"
    holder = start(["run", str(root / "second"), "--data-dir", str(data)], tmp_path / "p",
                   pause_at="parquet", release=release)
    holder.wait_paused()

    # A query while the run works (its Parquet parts written): the last committed state, no error.
    code, output = run(["query", COUNT_SQL, "--data-dir", str(data), "--format", "csv"], tmp_path / "p")
    assert code == 0, output
    assert output.splitlines()[:2] == ["n", "1"]
    # check too; the running run's parts are "in progress", not mistaken for a killed run's.
    result = CliRunner().invoke(main, ["check", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "a run is in progress" in result.output and f"pid {holder.pid}" in result.output
    assert "never loaded" not in result.output

    # A second run without --wait: refused at once, exit 4, naming the running one.
    code, output = run(["run", str(root / "third"), "--data-dir", str(data)], tmp_path / "p")
    assert code == 4, output
    assert f"pid {holder.pid}" in output and "--wait" in output and "Traceback" not in output

    # A second run with --wait: says whom it waits for, then runs once the first has finished.
    waiter = start(["run", str(root / "third"), "--data-dir", str(data), "--wait", "600"], tmp_path / "p")
    waiter.wait_for_output("waiting up to 600 s")
    assert f"pid {holder.pid}" in waiter.output()
    release.touch()
    assert holder.wait() == 0, holder.output()
    assert waiter.wait() == 0, waiter.output()

    runs = _rows(data, "select run_id, started_at, finished_at from runs order by started_at")
    assert len(runs) == 3  # the base run, the holder, the waiter; the refused run left nothing
    (_, _, holder_finished), (_, waiter_started, _) = runs[1], runs[2]
    assert waiter_started >= holder_finished  # the waiter's run began only after the holder's ended
    assert {r[0] for r in _rows(data, "select title from articles")} == {
        "Recep Tayyip Erdogan will visit Moscow on Tuesday.", "Iran seized a British tanker on Friday.",
        "Syrian troops encircled the town this week."}
    result = CliRunner().invoke(main, ["check", "--data-dir", str(data)])
    assert result.exit_code == 0 and "ok: all" in result.output, result.output


def test_query_during_the_load_transaction_says_busy_then_sees_the_commit(
        base: tuple[Path, Path], tmp_path: Path) -> None:
    root, base_data = base
    data = copy_data(base_data, tmp_path / "data")
    release = tmp_path / "release"
    loader = start(["run", str(root / "second"), "--data-dir", str(data)], tmp_path / "p",
                   pause_at="in-transaction", release=release)
    loader.wait_paused()

    # The loader holds DuckDB's write lock: readers cannot open the file. A clear answer, no traceback.
    code, output = run(["query", COUNT_SQL, "--data-dir", str(data)], tmp_path / "p")
    assert code == 1, output
    assert "busy" in output and "Retry in a few seconds" in output and f"pid {loader.pid}" in output
    assert "Traceback" not in output

    release.touch()
    assert loader.wait() == 0, loader.output()
    result = CliRunner().invoke(main, ["query", COUNT_SQL, "--data-dir", str(data), "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines() == ["n", "2"], result.output
    result = CliRunner().invoke(main, ["check", "--data-dir", str(data)])
    assert result.exit_code == 0 and "ok: all" in result.output, result.output

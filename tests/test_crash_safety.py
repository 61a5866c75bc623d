"""Crash safety: a run killed with SIGKILL at any point leaves the warehouse as it was before the
run or as it is after it — never in between — and the next run completes with nothing
duplicated or orphaned (`dateline check` exits 0). Also: `dateline check` catches a broken warehouse.

Real `dateline run` processes are paused at the pause points of warehouse/lock.py and killed -9.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.ingest import ingest

from .procs import RUN_COLUMNS, copy_data, snapshot, start

V1 = {
    "turkey.txt": "---\nid: turkey\npublished: 2019-08-23\n---\n"
                  "Turkish President Recep Tayyip Erdogan will visit Moscow on Tuesday. "
                  "Russia and Turkey agreed on a deal in September 2018.\n",
    "deal.txt": "---\nid: deal\npublished: 2019-08-20\n---\n"
                "Syrian troops encircled the town this week, officials in Damascus said on Monday.\n",
}
V2 = {
    # changed: its old rows must be replaced, never doubled
    "turkey.txt": "---\nid: turkey\npublished: 2019-08-23\n---\n"
                  "Turkish President Recep Tayyip Erdogan will visit Moscow on Wednesday. "
                  "Vladimir Putin met Erdogan in Sochi in September 2018.\n",
    "deal.txt": V1["deal.txt"],  # unchanged
    "iran.txt": "---\nid: iran\npublished: 2019-08-24\n---\n"  # new
                "Iran seized a British tanker in the Strait of Hormuz on Friday, Tehran said.\n",
    "broken.md": "---\ntitle: [never closed\n---\nBody.\n",  # an ingest error of the run
}
POINTS = ("extract", "parquet-write", "parquet", "load", "in-transaction", "loaded", "clusters")
# What the clustering step writes after the load commits: absent or stale after a kill at
# "loaded" or "clusters" (inside its transaction), completed by the next run. (Article signatures
# come with the load.)
CLUSTER_STATE = frozenset({"event_clusters", "cluster_actors"})
CLUSTERED = frozenset({"cluster_id", "date_value", "date_start", "date_end", "date_granularity", "date_source"})


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        if path.exists() and path.read_text("utf-8") == text:
            continue
        path.write_text(text, "utf-8")
        stat = path.stat()  # a changed file must not look unchanged to a size+mtime check
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def _check(data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--data-dir", str(data)])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> dict[str, object]:
    """The warehouse before a run (V1 loaded) and a reference of it after an uninterrupted run of V2."""
    articles = tmp_path_factory.mktemp("crash-articles")
    _write(articles, V1)
    before = tmp_path_factory.mktemp("crash-before") / "data"
    ingest(paths=[str(articles)], data_dir=str(before))
    _write(articles, V2)
    after = copy_data(before, tmp_path_factory.mktemp("crash-after") / "data")
    ingest(paths=[str(articles)], data_dir=str(after))
    reference = snapshot(after, drop=RUN_COLUMNS, skip=frozenset({"runs", "ingest_errors"}))
    assert len(reference["articles"]) == 3 and reference["events"]
    return {"articles": articles, "before": before, "after": after, "before_state": snapshot(before),
            "after_state": reference}


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_leaves_before_or_after_and_the_next_run_recovers(
        point: str, states: dict[str, object], tmp_path: Path) -> None:
    articles, before = states["articles"], states["before"]
    assert isinstance(articles, Path) and isinstance(before, Path)
    data = copy_data(before, tmp_path / "data")
    proc = start(["run", str(articles), "--data-dir", str(data)], tmp_path / "proc", pause_at=point)
    proc.wait_paused()
    proc.kill()

    if point in ("loaded", "clusters"):  # the load committed: the whole run is there, unclustered
        loaded = snapshot(data, drop=RUN_COLUMNS | CLUSTERED, skip=frozenset({"runs", "ingest_errors"}) | CLUSTER_STATE)
        assert loaded == snapshot(states["after"], drop=RUN_COLUMNS | CLUSTERED,  # type: ignore[arg-type]
                                  skip=frozenset({"runs", "ingest_errors"}) | CLUSTER_STATE)
        assert len(snapshot(data)["runs"]) == 2
    else:  # not committed (even with the transaction open at the kill): exactly the state before
        assert snapshot(data) == states["before_state"]
    code, output = _check(data)
    assert code == 0, output
    # Parts of a run that never loaded are noted, not violations; a part killed mid-write is a `.tmp`.
    assert ("never loaded" in output) == (point not in ("extract", "loaded", "clusters")), output
    assert ("clustering is pending" in output) == (point in ("loaded", "clusters")), output
    assert ("unfinished Parquet write" in output) == (point == "parquet-write"), output
    new_parts = {p.parent.name for p in (data / "parquet").glob("*/run_id=*/*.parquet")} - {
        p.parent.name for p in (before / "parquet").glob("*/run_id=*/*.parquet")}
    assert bool(new_parts) == (point in ("parquet", "load", "in-transaction", "loaded", "clusters"))

    summary = ingest(paths=[str(articles)], data_dir=str(data))  # the next run
    assert summary.n_errors == 1  # broken.md, reported again
    assert snapshot(data, drop=RUN_COLUMNS, skip=frozenset({"runs", "ingest_errors"})) == states["after_state"]
    code, output = _check(data)
    assert code == 0 and "ok: all" in output, output
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        runs = con.execute("SELECT run_id FROM runs").fetchall()
        last_errors = con.execute("SELECT error_type FROM ingest_errors WHERE run_id = ?", [summary.run_id]).fetchall()
    finally:
        con.close()
    assert len(runs) == (3 if point in ("loaded", "clusters") else 2)
    assert last_errors == [("front_matter",)]


def test_check_reports_an_orphaned_event_actor_and_passes_a_good_warehouse(
        states: dict[str, object], tmp_path: Path) -> None:
    after = states["after"]
    assert isinstance(after, Path)
    code, output = _check(after)
    assert code == 0 and "ok: all" in output and "VIOLATION" not in output, output

    broken = copy_data(after, tmp_path / "broken")
    con = duckdb.connect(str(broken / "warehouse.duckdb"))
    try:
        (event_id,) = con.execute("SELECT event_id FROM event_actors LIMIT 1").fetchone()  # type: ignore[misc]
        con.execute("DELETE FROM events WHERE event_id = ?", [event_id])
        con.execute("UPDATE actors SET n_mentions = n_mentions + 1 WHERE actor_id = "
                    "(SELECT min(actor_id) FROM actors)")
        con.execute("UPDATE source_files SET run_id = 'no-such-run' WHERE path = (SELECT min(path) FROM source_files)")
    finally:
        con.close()
    code, output = _check(broken)
    assert code == 1, output
    assert "VIOLATION event_actors.event_id" in output and event_id in output
    assert "VIOLATION actors stats" in output and "VIOLATION source_files.run_id" in output
    assert "3 of" in output and "checks failed" in output and "Traceback" not in output


def test_a_damaged_warehouse_is_reported_not_a_traceback(states: dict[str, object], tmp_path: Path) -> None:
    after = states["after"]
    assert isinstance(after, Path)
    truncated = copy_data(after, tmp_path / "truncated")
    size = (truncated / "warehouse.duckdb").stat().st_size
    os.truncate(truncated / "warehouse.duckdb", size // 3)  # a torn copy, not a crash: DuckDB never does this
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "warehouse.duckdb").write_bytes(b"not a database " * 1000)
    cases = [(truncated, ["check"]),  # row counts are metadata (info works); check reads every row
             *((garbage, command) for command in (["check"], ["info"], ["query", "select count(*) from articles"],
                                                  ["run", str(states["articles"])]))]
    for data, command in cases:
        result = CliRunner().invoke(main, [*command, "--data-dir", str(data)])
        assert result.exit_code == 1, (command, result.output)
        assert "cannot read the warehouse" in result.output and "backup" in result.output, result.output
        assert isinstance(result.exception, SystemExit), result.exception

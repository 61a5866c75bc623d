"""`dateline run` answers an unchanged rerun from the manifest, before Prefect or spaCy is imported,
and runs the flow whenever anything at all would change (real files, flow runs and DuckDB)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import main

from .conftest import REPO, SEEDS

NOOP = "decided from the file manifest"
# A run in a fresh interpreter, reporting which heavy packages it imported (CliRunner would share
# this process, where the tests have imported them already).
_PROBE = """
import sys
from flows.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("prefect", "spacy", "pyarrow") if m in sys.modules)
print("HEAVY=" + ",".join(heavy) + f" EXIT={code}")
"""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for path in sorted((SEEDS / "wikinews").glob("*.txt"))[:3]:
        shutil.copy(path, root / path.name)
    return root


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _fresh_process(*args: str) -> str:
    env = {**os.environ, "DATELINE_NO_PROGRESS": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _PROBE, "run", *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert "HEAVY=" in done.stdout, done.stdout + done.stderr
    return done.stdout


def _sql(data: Path, sql: str) -> None:
    con = duckdb.connect(str(data / "warehouse.duckdb"))
    try:
        con.execute(sql)
    finally:
        con.close()


def test_unchanged_rerun_imports_neither_prefect_nor_spacy(corpus: Path, tmp_path: Path,
                                                           prefect_server: None) -> None:
    data = tmp_path / "data"
    first = _cli(str(corpus), "--data-dir", str(data), "--processes", "1")
    assert NOOP not in first and "extraction: in-process" in first
    out = _fresh_process(str(corpus), "--data-dir", str(data))
    assert NOOP in out and "HEAVY= EXIT=0" in out  # nothing heavy imported, exit 0
    assert "│     3 │    0 │" in out  # 3 files, none read


def test_any_change_runs_the_flow(corpus: Path, tmp_path: Path, prefect_server: None) -> None:
    data = tmp_path / "data"
    args = (str(corpus), "--data-dir", str(data), "--processes", "1")
    _cli(*args)
    assert NOOP in _cli(*args)
    assert NOOP not in _cli(*args, "--always-flow")  # asked for: the flow runs, and finds nothing to do

    victim = sorted(corpus.glob("*.txt"))[0]
    os.utime(victim, ns=(victim.stat().st_atime_ns, victim.stat().st_mtime_ns + 10**9))  # touched, same bytes
    assert NOOP not in _cli(*args)  # the flow hashes it and refreshes its manifest row...
    assert NOOP in _cli(*args)  # ...so the next rerun is a no-op again

    victim.write_text(victim.read_text("utf-8") + "\nThe company said on Monday it would expand.\n", "utf-8")
    changed = _cli(*args)
    assert NOOP not in changed and "│     3 │    1 │" in changed
    assert NOOP in _cli(*args)

    _sql(data, "UPDATE events SET cluster_id = NULL WHERE event_id = (SELECT min(event_id) FROM events)")
    reclustered = _cli(*args)
    assert NOOP not in reclustered and " events clustered against " in reclustered, reclustered  # its cluster redone
    assert NOOP in _cli(*args)

    (corpus / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    for _ in range(2):  # a rejected file is never recorded, so every rerun reports it again
        broken = _cli(*args)
        assert NOOP not in broken and "rejected" in broken and "broken.md" in broken
    (corpus / "broken.md").unlink()
    assert NOOP in _cli(*args)

    victim.unlink()
    assert NOOP in _cli(*args)  # a file gone is kept without --prune...
    pruned = _cli(*args, "--prune")
    assert NOOP not in pruned and "articles dropped" in pruned  # ...and deleted with it
    assert NOOP in _cli(*args, "--prune")


def test_version_from_meta_matches_the_loaded_pipeline(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from extractors import installed_pipeline_version, pipeline_version

    assert installed_pipeline_version() == pipeline_version(nlp)
    folder = tmp_path / "model"
    nlp.to_disk(folder)  # a pipeline given as a folder: its meta.json, the same version
    assert installed_pipeline_version(str(folder)) == pipeline_version(nlp)
    assert installed_pipeline_version("no_such_pipeline_xyz") is None
    assert installed_pipeline_version(str(tmp_path)) is None  # a folder without meta.json

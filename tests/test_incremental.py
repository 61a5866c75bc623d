"""Incremental runs with real files, a real flow and a real DuckDB: skip unread, replace, prune."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.incremental import version_of
from flows.ingest import ingest

from .conftest import SEEDS

WIKINEWS = sorted((SEEDS / "wikinews").glob("*.txt"))


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _titles(data: Path) -> set[str]:
    return {r[0] for r in _rows(data / "warehouse.duckdb", "select title from articles")}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Three small articles and a JSONL file of two."""
    root = tmp_path / "corpus"
    root.mkdir()
    for path in WIKINEWS[:3]:
        shutil.copy(path, root / path.name)
    lines = [{"id": f"wire-{i}", "title": f"Wire {i}", "published": f"2008-06-0{i + 1}",
              "text": f"Apple said on Monday that it would open {i + 2} stores in Japan next month."}
             for i in range(2)]
    (root / "wire.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return root


def _run(corpus: Path, data: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return ingest(paths=[str(corpus)], data_dir=str(data), processes=1, **kwargs)


def test_unchanged_files_are_not_read_and_cost_nothing(corpus: Path, tmp_path: Path, prefect_server: None) -> None:
    data = tmp_path / "data"
    first = _run(corpus, data)
    assert (first.n_files, first.n_files_read, first.n_articles, first.n_extracted) == (4, 4, 5, 5)
    db = data / "warehouse.duckdb"
    manifest = _rows(db, "select path, n_articles from source_files order by path")
    assert [(Path(p).name, n) for p, n in manifest] == sorted(
        [(p.name, 1) for p in WIKINEWS[:3]] + [("wire.jsonl", 2)])
    events = _rows(db, "select count(*) from events")

    again = _run(corpus, data)
    assert (again.n_files_read, again.n_articles, again.n_extracted, again.n_unchanged) == (0, 5, 0, 5)
    assert _rows(db, "select count(*) from events") == events

    # Proof that an unchanged-looking file is not opened: different bytes of the same size with the
    # old mtime go unnoticed (the documented trade-off of stat-based skipping, as in make/rsync).
    victim = corpus / WIKINEWS[0].name
    st = victim.stat()
    text = victim.read_text("utf-8")
    victim.write_text(text.replace("Apple", "Appel", 1), "utf-8")
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    unseen = _run(corpus, data)
    assert unseen.n_files_read == 0 and unseen.n_extracted == 0

    # A touched file (new mtime, same bytes) is hashed, not parsed: only its manifest row moves on.
    victim.write_text(text, "utf-8")
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    touched = _run(corpus, data)
    assert touched.n_files_read == 0 and touched.n_extracted == 0
    (mtime,) = _rows(db, f"select mtime_ns from source_files where path = '{victim}'")[0]
    assert mtime == st.st_mtime_ns + 5_000_000_000


def test_changed_files_replace_their_articles_and_prune_drops_gone_ones(
        corpus: Path, tmp_path: Path, prefect_server: None) -> None:
    data = tmp_path / "data"
    db = data / "warehouse.duckdb"
    _run(corpus, data)
    assert {"Wire 0", "Wire 1"} <= _titles(data)

    # Edit one line of the JSONL file and drop the other: one re-extraction, one article dropped.
    (corpus / "wire.jsonl").write_text(json.dumps(
        {"id": "wire-0", "title": "Wire 0 (corrected)", "published": "2008-06-01",
         "text": "Apple said on Tuesday that it would open 9 stores in Japan next month."}) + "\n", "utf-8")
    changed = _run(corpus, data)
    assert (changed.n_files_read, changed.n_extracted, changed.n_dropped) == (1, 1, 1)
    titles = _titles(data)
    assert "Wire 0 (corrected)" in titles and "Wire 0" not in titles and "Wire 1" not in titles
    assert _rows(db, "select n_articles from source_files where path like '%wire.jsonl'") == [(1,)]

    # A deleted file keeps its articles until a run with prune=True.
    gone = corpus / WIKINEWS[1].name
    gone_title = _rows(db, f"select title from articles where source_uri = '{gone}'")[0][0]
    gone.unlink()
    kept = _run(corpus, data)
    assert kept.n_dropped == 0 and gone_title in _titles(data)
    pruned = _run(corpus, data, prune=True)
    assert pruned.n_dropped == 1 and gone_title not in _titles(data)
    assert _rows(db, f"select count(*) from source_files where path = '{gone}'") == [(0,)]
    orphans = _rows(db, """
        select count(*) from mentions where article_id not in (select article_id from articles)
        union all select count(*) from events where article_id not in (select article_id from articles)
        union all select count(*) from actors where actor_id not in (select actor_id from mentions)""")
    assert orphans == [(0,), (0,), (0,)]
    assert _rows(db, "select count(*) from articles") == [(3,)]


def test_a_broken_file_is_not_recorded_and_is_reported_again(
        corpus: Path, tmp_path: Path, prefect_server: None) -> None:
    (corpus / "broken.md").write_text("---\ntitle: [never closed\n---\nBody.\n", encoding="utf-8")
    data = tmp_path / "data"
    first = _run(corpus, data)
    again = _run(corpus, data)
    assert first.n_errors == again.n_errors == 1
    assert again.n_files_read == 1  # only the broken file is read again
    paths = {Path(p).name for (p,) in _rows(data / "warehouse.duckdb", "select path from source_files")}
    assert "broken.md" not in paths and len(paths) == 4


def test_version_without_loading_the_model_is_the_pipeline_version(nlp) -> None:  # type: ignore[no-untyped-def]
    from extractors.pipeline import pipeline_version

    assert version_of(None) == pipeline_version(nlp)

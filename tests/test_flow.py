"""The real flow on real files into a real DuckDB: seed expectations, reruns, replacement, errors."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.ingest import ingest

from .conftest import SEED_ARTICLE

TABLES = ("articles", "actors", "actor_aliases", "mentions", "timexes", "events", "event_actors", "ingest_errors")


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
    finally:
        con.close()


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> tuple[Path, Path, object]:
    """One flow run over the seed article plus a broken file."""
    articles = tmp_path_factory.mktemp("articles")
    shutil.copy(SEED_ARTICLE, articles / SEED_ARTICLE.name)
    (articles / "broken.md").write_text("---\ntitle: [never closed\n---\nBody.\n", encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    summary = ingest(paths=[str(articles)], data_dir=str(data))
    return articles, data, summary


def test_visit_by_erdogan_on_august_27(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    rows = _rows(data / "warehouse.duckdb", """
        select e.trigger_lemma, e.date_value, e.date_start, e.date_end, e.date_granularity, e.modality
        from events e join event_actors ea using (event_id) join actors a using (actor_id)
        where ea.role = 'agent' and a.canonical_name = 'Recep Tayyip Erdoğan' and e.trigger_lemma = 'visit'
          and e.date_value = '2019-08-27'""")
    assert rows, "no visit event by Recep Tayyip Erdoğan dated 2019-08-27"
    assert {r[5] for r in rows} == {"planned"}
    assert str(rows[0][2]) == "2019-08-27" and rows[0][4] == "day"


def test_deal_agreed_by_turkey_and_russia_in_september_2018(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    rows = _rows(data / "warehouse.duckdb", """
        select e.event_id, e.trigger_lemma, list(a.canonical_name order by a.canonical_name)
        from events e join event_actors ea using (event_id) join actors a using (actor_id)
        where e.date_value = '2018-09' group by all""")
    assert any(set(names) >= {"Turkey", "Russia"} and lemma == "agree" for _, lemma, names in rows), rows


def test_encircled_by_syrian_troops_this_week(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    rows = _rows(data / "warehouse.duckdb", """
        select e.date_value, e.date_start, e.date_end from event_timeline e
        where e.trigger_lemma = 'encircle' and e.agents = 'Syrian troops'""")
    assert [(v, str(s), str(e)) for v, s, e in rows] == [("2019-W34", "2019-08-19", "2019-08-25")]


def test_short_names_join_the_full_name_and_titles_refer_back(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    aliases = {r[0] for r in _rows(data / "warehouse.duckdb", """
        select alias from actor_aliases join actors using (actor_id)
        where canonical_name = 'Recep Tayyip Erdoğan' and actor_type = 'person'""")}
    assert {"Erdoğan", "Recep Tayyip Erdoğan", "The Turkish president"} <= aliases


def test_offsets_point_into_the_article_text(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    db = data / "warehouse.duckdb"
    bad = _rows(db, """
        select 'mention', m.text from mentions m join articles a using (article_id)
          where substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text
        union all
        select 'timex', t.text from timexes t join articles a using (article_id)
          where substr(a.text, t.start_char + 1, t.end_char - t.start_char) <> t.text
        union all
        select 'event', e.trigger_text from events e join articles a using (article_id)
          where substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) <> e.trigger_text""")
    assert bad == []
    # And the text itself is the file's body, byte for byte.
    (text,) = _rows(db, "select text from articles")[0]
    assert SEED_ARTICLE.read_text("utf-8").endswith(text)


def test_broken_file_is_reported_and_the_rest_goes_through(seeded: tuple[Path, Path, object]) -> None:
    _, data, summary = seeded
    assert summary.n_articles == 1 and summary.n_errors == 1  # type: ignore[attr-defined]
    errors = _rows(data / "warehouse.duckdb", "select source_uri, line, error_type, message from ingest_errors")
    assert len(errors) == 1
    uri, line, kind, message = errors[0]
    assert uri.endswith("broken.md") and kind == "front_matter" and line in (2, 3) and "YAML" in message
    assert _rows(data / "warehouse.duckdb", "select status, n_errors from runs") == [("completed_with_errors", 1)]


def test_parquet_parts_match_the_warehouse(seeded: tuple[Path, Path, object]) -> None:
    _, data, _ = seeded
    parts = sorted((data / "parquet" / "events").glob("run_id=*/part-*.parquet"))
    assert parts and not list((data / "parquet").rglob("*.tmp"))
    n_parquet = sum(pq.read_metadata(p).num_rows for p in parts)
    assert n_parquet == _counts(data / "warehouse.duckdb")["events"]


def test_rerun_changes_nothing_and_a_changed_article_replaces_its_rows(
        tmp_path: Path, prefect_server: None) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles / "seed.txt")
    data = tmp_path / "data"
    ingest(paths=[str(articles)], data_dir=str(data))
    db = data / "warehouse.duckdb"
    first = _counts(db)
    assert first["events"] > 20 and first["ingest_errors"] == 0
    again = ingest(paths=[str(articles)], data_dir=str(data))
    assert again.n_extracted == 0 and again.n_unchanged == 1
    assert _counts(db) == first
    # Change the article: its old rows go, the new ones come, nothing is orphaned.
    text = (articles / "seed.txt").read_text("utf-8")
    (articles / "seed.txt").write_text(text.replace("on August 27", "on August 28"), "utf-8")
    changed = ingest(paths=[str(articles)], data_dir=str(data))
    assert changed.n_extracted == 1
    assert _rows(db, "select count(*) from articles") == [(1,)]
    dates = {r[0] for r in _rows(db, "select date_value from events where date_value like '2019-08-2_'")}
    assert "2019-08-28" in dates and "2019-08-27" not in dates
    orphans = _rows(db, """
        select count(*) from event_actors where event_id not in (select event_id from events)
        union all select count(*) from mentions where article_id not in (select article_id from articles)
        union all select count(*) from actors where actor_id not in (select actor_id from mentions)""")
    assert orphans == [(0,), (0,), (0,)]
    # The unchanged rerun changed nothing, so it left no `runs` row either.
    assert not again.recorded and changed.recorded
    assert [r[0] for r in _rows(db, "select n_extracted from runs order by started_at")] == [1, 1]


def test_summary_counts_each_actor_once(tmp_path: Path, prefect_server: None) -> None:
    """Two articles naming the same actors: the summary's actors are the warehouse's, not per-article rows."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for day in ("20", "21"):
        (articles / f"a{day}.txt").write_text(
            f"---\npublished: 2019-08-{day}\n---\nTurkey and Russia signed a deal in Moscow on Friday.\n", "utf-8")
    data = tmp_path / "data"
    summary = ingest(paths=[str(articles)], data_dir=str(data))
    (n_actors,) = _rows(data / "warehouse.duckdb", "select count(*) from actors")[0]
    assert summary.n_actors == n_actors >= 3  # Turkey, Russia, Moscow
    assert summary.rows["actors"] == 2 * n_actors  # one row per article that names the actor

"""Event clusters from real flow runs on the seeds: real spaCy, Prefect, Parquet and DuckDB."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from extractors.signatures import article_signature
from flows.ingest import ingest
from warehouse import DataDir, check_warehouse

from .conftest import SEED_ARTICLE, SEEDS

WIKINEWS = sorted((SEEDS / "wikinews").glob("*.txt"))


def _rows(data: Path, sql: str, params: list[object] | None = None) -> list[tuple]:  # type: ignore[type-arg]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _membership(data: Path) -> dict[str, str]:
    return dict(_rows(data, "SELECT event_id, cluster_id FROM events"))  # type: ignore[arg-type]


def _assert_checks_hold(data: Path) -> None:
    report = check_warehouse(DataDir.resolve(str(data)))
    assert report.ok, report.violations
    assert not [n for n in report.notes if "clustering is pending" in n]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> Path:
    data = tmp_path_factory.mktemp("clusters") / "data"
    summary = ingest(paths=[str(SEEDS)], data_dir=str(data), processes=1)
    assert summary.clusters is not None and summary.clusters.n_new_events == summary.rows["events"]
    return data


def test_the_visit_and_the_deal_are_one_event_each(seeded: Path) -> None:
    rows = _rows(seeded, """
        SELECT e.trigger_lemma, e.cluster_id, e.date_source, c.date_value, c.n_events
        FROM events e JOIN event_clusters c USING (cluster_id) JOIN articles a USING (article_id)
        WHERE a.article_id = (SELECT article_id FROM articles WHERE title LIKE '%Erdoğan to visit Russia%')
          AND e.trigger_lemma IN ('visit', 'head', 'deal', 'agree') ORDER BY e.trigger_start""")
    visit = [r for r in rows if r[0] in ("visit", "head")]
    deal = [r for r in rows if r[0] in ("deal", "agree")]
    assert len(visit) == 3 and len({r[1] for r in visit}) == 1 and visit[0][3] == "2019-08-27"
    assert len(deal) == 3 and len({r[1] for r in deal}) == 1 and deal[0][3] == "2018-09"
    # "the deal we made with Russia" has no date of its own: it shows its cluster's
    assert deal[-1][2] == "cluster"
    assert visit[0][4] == 3 and deal[0][4] == 3


def test_some_event_is_reported_by_several_articles(seeded: Path) -> None:
    spanning = _rows(seeded, "SELECT cluster_id, trigger_lemma, n_articles FROM event_clusters WHERE n_articles > 1")
    assert spanning, "no cluster spans two articles"
    view = _rows(seeded, "SELECT n_reports, n_articles FROM cluster_timeline WHERE cluster_id = ?", [spanning[0][0]])
    assert view == [(_rows(seeded, "SELECT n_events FROM event_clusters WHERE cluster_id = ?",
                           [spanning[0][0]])[0][0], spanning[0][2])]


def test_every_event_is_clustered_and_the_checks_hold(seeded: Path) -> None:
    assert _rows(seeded, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == [(0,)]
    n_events, n_clusters = _rows(seeded, "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_clusters)")[0]
    assert 0 < n_clusters < n_events
    _assert_checks_hold(seeded)


def test_signatures_come_with_the_load_and_are_the_texts(seeded: Path) -> None:
    """The workers sign each article; the warehouse holds exactly article_signature(text)."""
    rows = _rows(seeded, "SELECT a.text, s.signature, s.content_sha256 = a.content_sha256 FROM articles a "
                         "LEFT JOIN article_signatures s USING (article_id)")
    assert len(rows) >= 30
    assert all(same for _, _, same in rows)
    assert all(tuple(signature) == article_signature(text) for text, signature, _ in rows)


def test_a_rerun_keeps_every_cluster_id(seeded: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    before = _membership(data)
    summary = ingest(paths=[str(SEEDS)], data_dir=str(data), processes=1)
    assert not summary.recorded and summary.clusters is not None and summary.clusters.n_new_events == 0
    assert _membership(data) == before


def test_batch_order_does_not_change_the_clusters(seeded: Path, tmp_path: Path) -> None:
    """The seeds loaded in two runs, in another order, end in the clusters of one run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    half = WIKINEWS[len(WIKINEWS) // 2:]  # the later half first, then the rest and the Ahval article
    for path in half:
        shutil.copy(path, corpus / path.name)
    data = tmp_path / "data"
    ingest(paths=[str(corpus)], data_dir=str(data), processes=1)
    for path in [*WIKINEWS[:len(WIKINEWS) // 2], SEED_ARTICLE]:
        shutil.copy(path, corpus / path.name)
    ingest(paths=[str(corpus)], data_dir=str(data), processes=1)
    assert _membership(data) == _membership(seeded)
    _assert_checks_hold(data)


def test_a_changed_or_deleted_article_leaves_no_stale_member(seeded: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in [SEED_ARTICLE, *WIKINEWS]:
        shutil.copy(path, corpus / path.name)
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    seed = corpus / SEED_ARTICLE.name
    text = seed.read_text("utf-8")
    head_sentence = next(line for line in text.splitlines() if "head to Russia" in line)
    seed.write_text(text.replace(head_sentence, ""), "utf-8")
    ingest(paths=[str(corpus)], data_dir=str(data), processes=1)
    _assert_checks_hold(data)
    assert not _rows(data, "SELECT 1 FROM events WHERE trigger_lemma = 'head' AND sentence_text LIKE '%head to Russia%'")
    visits = _rows(data, """SELECT c.n_events FROM events e JOIN event_clusters c USING (cluster_id)
                            WHERE e.trigger_lemma = 'visit' AND e.article_id IN
                              (SELECT article_id FROM articles WHERE title LIKE '%Erdoğan to visit%')""")
    assert visits and all(n == 2 for (n,) in visits)  # the two visits, without the removed "head"

    gone = sorted(_rows(data, "SELECT DISTINCT cluster_id FROM events WHERE article_id IN "
                              "(SELECT article_id FROM articles WHERE title LIKE '%Erdoğan to visit%')"))
    seed.unlink()
    ingest(paths=[str(corpus)], data_dir=str(data), processes=1, prune=True)
    _assert_checks_hold(data)
    left = {c for (c,) in _rows(data, "SELECT cluster_id FROM event_clusters")}
    assert not left & {c for (c,) in gone}

"""Which members take their cluster's date: update_clusters on a real DuckDB warehouse of two
reports of one visit, the second dated by its own expression."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from extractors.signatures import article_signature
from warehouse.clusters import update_clusters
from warehouse.loader import connect_writer
from warehouse.paths import DataDir

TEXT = "Turkish President Erdogan visits Moscow for talks with Putin on Idlib and the Syrian ceasefire."


def _warehouse(root: Path, first_published: dt.date, modality: str) -> DataDir:
    """Article a1 (published `first_published`) reports the visit undated; a2 (2019-08-28) dates it 2019-08-27."""
    data = DataDir(root)
    con = connect_writer(data)
    now = dt.datetime(2019, 8, 28, tzinfo=dt.UTC)
    for aid, published in (("a1", first_published), ("a2", dt.date(2019, 8, 28))):
        con.execute("INSERT INTO articles VALUES (?, ?, NULL, ?, 'field', NULL, NULL, ?, 'sha', ?, 'v', ?, 'r')",
                    [aid, f"file:///{aid}.txt", published, TEXT, len(TEXT), now])
        con.execute("INSERT INTO article_signatures VALUES (?, 'sha', ?)", [aid, list(article_signature(TEXT))])
    con.execute("INSERT INTO actors VALUES ('erdogan', 'Recep Tayyip Erdoğan', 'person', 'TUR', 2, 2)")
    for eid, aid, mod, date in (("e1", "a1", modality, None), ("e2", "a2", "asserted", "2019-08-27")):
        day = dt.date(2019, 8, 27) if date else None
        con.execute("INSERT INTO events VALUES (?, ?, 0, ?, 'visits', 'visit', 33, 39, 'VERB', 'consult', ?, 'positive', "
                    "?, ?, ?, ?, ?, NULL, 'Moscow', NULL)",
                    [eid, aid, TEXT, mod, date, day, day, "day" if date else None, "timex" if date else None])
        con.execute("INSERT INTO mentions VALUES (?, ?, 0, 17, 24, 'Erdogan', 'PERSON', 'erdogan')", [f"m{eid}", aid])
        con.execute("INSERT INTO event_actors VALUES (?, 'erdogan', ?, 'agent')", [eid, f"m{eid}"])
    con.close()
    return data


def _event(data: DataDir, event_id: str) -> tuple[object, ...]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        row = con.execute("SELECT cluster_id, date_value, date_source FROM events WHERE event_id = ?", [event_id]).fetchone()
        assert row is not None
        return row
    finally:
        con.close()


@pytest.mark.parametrize(("published", "modality", "expected"), [
    (dt.date(2019, 8, 28), "asserted", ("e1", "2019-08-27", "cluster")),   # reported after the day: takes it
    (dt.date(2019, 8, 20), "asserted", ("e1", None, None)),                # "visits" told a week before: not done yet
    (dt.date(2019, 8, 20), "planned", ("e1", "2019-08-27", "cluster")),    # "will visit": the plan's day
])
def test_a_member_takes_no_cluster_date_that_begins_after_its_report(
        tmp_path: Path, published: dt.date, modality: str, expected: tuple[object, ...]) -> None:
    data = _warehouse(tmp_path / "data", published, modality)
    stats = update_clusters(data)
    assert stats.n_new_events == 2 and stats.n_clusters == 1
    assert _event(data, "e1") == expected
    assert _event(data, "e2") == ("e1", "2019-08-27", "timex")

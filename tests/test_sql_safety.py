"""SQL safety: `dateline query` cannot write the warehouse, touch files, load extensions or change
its own settings — each attempt is refused with a clear message (exit 1, no traceback), creates
no file and leaves the warehouse byte for byte unchanged — while SELECTs, CTEs and the shipped
view `event_timeline` work.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main

from .procs import snapshot

ARTICLE = ("---\nid: sql\npublished: 2019-08-23\n---\nTurkish President Recep Tayyip Erdogan will visit "
           "Moscow on Tuesday. Russia and Turkey agreed on a deal in September 2018.\n")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> Path:
    articles = tmp_path_factory.mktemp("sql-articles")
    (articles / "a.txt").write_text(ARTICLE, "utf-8")
    data = tmp_path_factory.mktemp("sql-data") / "data"
    result = CliRunner().invoke(main, ["run", str(articles), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    return data


def _query(data: Path, sql: str, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["query", sql, "--data-dir", str(data), *extra])


def _fingerprint(data: Path) -> str:
    return hashlib.sha256((data / "warehouse.duckdb").read_bytes()).hexdigest()


# {out} is a fresh folder the statement would write into; {data} the data dir.
REFUSED = {
    "COPY events TO '{out}/leak.csv'": "cannot read or write files",
    "COPY (SELECT * FROM articles) TO '{out}/leak.parquet' (FORMAT parquet)": "cannot read or write files",
    "EXPORT DATABASE '{out}/export'": "cannot read or write files",
    "COPY events FROM '/etc/passwd'": "cannot read or write files",
    "SELECT * FROM read_csv('/etc/passwd')": "cannot read or write files",
    "SELECT * FROM read_text('/etc/passwd')": "cannot read or write files",
    "SELECT * FROM glob('/etc/*')": "cannot read or write files",
    "SELECT count(*) FROM read_parquet('{data}/parquet/events/*/*.parquet')": "cannot read or write files",
    "ATTACH '{out}/other.duckdb' AS other": "cannot read or write files",
    "ATTACH ':memory:' AS scratch": "cannot attach databases",
    "INSTALL httpfs": "cannot read or write files",
    "LOAD httpfs": "cannot load extensions",
    "LOAD '{out}/evil.duckdb_extension'": "cannot load extensions",
    "CREATE SECRET (TYPE s3)": "cannot read or write files",
    "SET enable_external_access = true": "cannot change settings",
    "RESET enable_external_access": "cannot change settings",
    "SET allowed_directories = ['/']": "cannot change settings",
    "CREATE TABLE copy_of_events AS SELECT * FROM events": "is read-only",
    "CREATE VIEW v AS SELECT 1": "is read-only",
    "INSERT INTO runs SELECT * FROM runs": "is read-only",
    "UPDATE articles SET title = 'x'": "is read-only",
    "DELETE FROM events": "is read-only",
    "DROP TABLE events": "is read-only",
    "DROP VIEW event_timeline": "is read-only",
    "ALTER TABLE events ADD COLUMN x INTEGER": "is read-only",
    "SELECT 1; DELETE FROM event_actors": "is read-only",
}


def test_writes_files_extensions_and_settings_are_refused(warehouse: Path, tmp_path: Path) -> None:
    before_bytes, before_rows = _fingerprint(warehouse), snapshot(warehouse)
    for template, why in REFUSED.items():
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        out.mkdir()
        sql = template.format(out=out, data=warehouse)
        result = _query(warehouse, sql)
        assert result.exit_code == 1, (sql, result.output)
        assert f"refused: dateline query {why}" in result.output, (sql, result.output)
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), sql
        assert list(out.iterdir()) == [], f"{sql} created {list(out.iterdir())}"
    assert _fingerprint(warehouse) == before_bytes
    assert snapshot(warehouse) == before_rows
    assert sorted(p.name for p in warehouse.iterdir() if p.suffix in (".duckdb", ".wal")) == ["warehouse.duckdb"]


def test_selects_ctes_and_the_timeline_view_work(warehouse: Path) -> None:
    result = _query(warehouse, "select count(*) as n from articles", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == [{"n": 1}], result.output
    cte = ("with dated as (select event_id, date_value from events where date_value is not null) "
           "select d.date_value, e.trigger_lemma from dated d join events e using (event_id) "
           "where d.date_value = '2018-09' order by 2")
    result = _query(warehouse, cte, "--format", "json")
    assert result.exit_code == 0, result.output
    assert {"date_value": "2018-09", "trigger_lemma": "agree"} in json.loads(result.output)
    result = _query(warehouse, "select trigger_lemma, agents, date_value from event_timeline "
                               "where agents is not null order by date_start", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "trigger_lemma,agents,date_value"
    assert any(line.startswith("visit,") and "2019-08-27" in line for line in result.output.splitlines())
    # Scratch work that never reaches the warehouse file is fine: temp tables, macros, describe.
    result = _query(warehouse, "create temp table t as select 41 as x; select x + 1 as y from t", "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines() == ["y", "42"], result.output


def test_data_that_looks_like_markup_is_printed_as_is(warehouse: Path) -> None:
    result = _query(warehouse, "select '[/red] not markup [bold]' as \"[/x]\"")
    assert result.exit_code == 0, result.output
    assert "[/red] not markup [bold]" in result.output and "[/x]" in result.output


def test_syntax_errors_and_empty_sql_are_messages_not_tracebacks(warehouse: Path) -> None:
    result = _query(warehouse, "selec * from events")
    assert result.exit_code == 1 and "query failed" in result.output and "syntax error" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    for sql in ("", "  ", "-- only a comment"):
        result = CliRunner().invoke(main, ["query", "--data-dir", str(warehouse), "--", sql])
        assert result.exit_code == 1 and "no SQL statement to run" in result.output, (sql, result.output)

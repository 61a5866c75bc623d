"""Hand-checked actor-event links on TempEval-3 silver newswire (AFP/Xinhua), across domains.

Each row of ``data/silver_tuples.tsv`` reads ``domain, doc_id, start, trigger, role, actor,
xfail_reason``: in the plain text of ``<TEXT>`` of ``te3-silver/<doc_id>.tml`` (as
``bench.timeml`` rebuilds it), the event triggered by the word ``trigger`` at character ``start``
should have, in ``role`` (agent | patient | recipient | location), an actor whose canonical name
contains ``actor`` (case-insensitive). Only ids, offsets, single trigger words and short actor
names are stored, never the LDC text: the test needs ``../shared`` and skips without it.

The expected role and name are a human reading of the sentence, not the pipeline's output. The
project's conventions apply: the subject of an intransitive verb is its agent ("the index rose"),
the destination of "visit" is its patient. Rows the pipeline gets wrong carry a reason and are
``xfail(strict=True)``, so a fix shows up as an unexpected pass.

Domains: politics, business, markets, conflict, courts (judged from each article's text).
"""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from .conftest import SHARED

CORPUS = SHARED / "corpora" / "te3-silver"
TABLE = Path(__file__).parent / "data" / "silver_tuples.tsv"
ROLES = {"agent", "patient", "recipient", "location"}


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    fields = ["domain", "doc_id", "start", "trigger", "role", "actor", "xfail_reason"]
    return list(csv.DictReader(lines, fieldnames=fields, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def _params() -> list:  # type: ignore[type-arg]
    out = []
    for r in ROWS:
        marks = [pytest.mark.xfail(strict=True, reason=r["xfail_reason"])] if r["xfail_reason"] else []
        out.append(pytest.param(r, marks=marks,
                                id=f"{r['domain']}-{r['doc_id']}-{r['start']}-{r['trigger']}-{r['role']}-{r['actor']}"))
    return out


def test_table_is_well_formed() -> None:
    assert len(ROWS) >= 150
    seen = set()
    for r in ROWS:
        assert r["role"] in ROLES, r
        assert r["domain"] in {"politics", "business", "markets", "conflict", "courts"}, r
        assert r["start"].isdigit() and r["trigger"] and r["actor"], r
        key = (r["doc_id"], r["start"], r["role"], r["actor"].lower())
        assert key not in seen, f"duplicate row {key}"
        seen.add(key)


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"te3-silver not found at {CORPUS}: development corpora are not part of a user's clone")
    return CORPUS


@pytest.fixture(scope="module")
def links(corpus: Path, nlp):  # type: ignore[no-untyped-def]
    """doc_id -> (plain text, {trigger start: {role: {canonical names}}}), each article run once."""
    from bench.timeml import read_timeml
    from extractors import extract_article
    from extractors.articles import make_article

    @cache
    def of(doc_id: str):  # type: ignore[no-untyped-def]
        doc = read_timeml(corpus / f"{doc_id}.tml")
        meta = {"published": doc.dct.isoformat()} if doc.dct else {}
        article = make_article(meta, doc.text, f"te3-silver://{doc_id}", line=None, fallback_key=doc_id,
                               reference_date=None)
        assert article.text == doc.text, "the article text must be the TimeML plain text (offsets)"
        ex = extract_article(article, nlp(doc.text), "test")
        names = {a.actor_id: a.canonical_name for a in ex.actors}
        starts = {e.event_id: e.trigger_start for e in ex.events}
        by_start: dict[int, dict[str, set[str]]] = {e.trigger_start: {} for e in ex.events}
        for ea in ex.event_actors:
            by_start[starts[ea.event_id]].setdefault(ea.role, set()).add(names[ea.actor_id])
        return doc.text, by_start

    return of


@pytest.mark.parametrize("row", _params())
def test_silver_tuple(links, row: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    text, by_start = links(row["doc_id"])
    start = int(row["start"])
    # a corpus that differs from the one the table was made on fails loudly here, not as a miss
    assert text[start:start + len(row["trigger"])] == row["trigger"], (
        f"{row['doc_id']}: {row['trigger']!r} not at {start} (corpus or reader changed)")
    assert start in by_start, f"no event at {row['trigger']!r}@{start}"
    names = by_start[start].get(row["role"], set())
    want = row["actor"].lower()
    assert any(want in name.lower() for name in names), (
        f"{row['trigger']!r}@{start}: no {row['role']} matching {row['actor']!r}; roles {by_start[start]}")

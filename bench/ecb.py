"""Reader for the ECB+ event-coreference corpus as converted in ``../shared/corpora/ecb-dev/``.

Layout (see ``../shared/README.md``, "ECB+ in brief"):

* ``articles/<doc>.txt``: YAML front matter (``id`` = the file name's stem, ``title``, sometimes
  ``url`` and ``published``), then the body: one ECB+ sentence per paragraph (paragraph k =
  sentence k; ``…ecbplus`` documents have the source URL as paragraph 0).
* ``gold/event_mentions.jsonl``: one event mention a line, ``spans`` = character offsets into the
  body (the text after the closing ``---`` line, which is what dateline stores as
  ``articles.text``; checked by slicing: ``body[s:e]`` joined is the mention's tokens), its
  ``topic``, gold ``cluster`` (cross-document instance, within-document chain or singleton) and
  ``selected`` (the sentence is one the annotators covered; only those mentions are scored).
* ``gold/tokens.jsonl.gz``: every token's ``sentence`` and body offsets; a sentence's character
  range is its first token's start to its last token's end.
* ``gold/selected_sentences.json``: doc -> the sentence numbers annotated.

Splits: the standard ECB+ development topics are 2, 5, 12, 18, 21, 23, 34 and 35; the other topics
of the folder are the training topics (``split_of``).
"""
from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ecb-dev"
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
SPLITS = ("dev", "train", "all")


def split_of(topic: int) -> str:
    return "dev" if topic in DEV_TOPICS else "train"


def topic_of(doc_id: str) -> int:
    """ECB+ document ids are ``<topic>_<n>ecb`` or ``<topic>_<n>ecbplus``."""
    return int(doc_id.split("_", 1)[0])


@dataclass(frozen=True)
class EcbDoc:
    doc_id: str
    topic: int
    path: Path
    body: str
    published: str | None                       # front matter, as written
    sentences: dict[int, tuple[int, int]]       # sentence number -> body [start, end)
    selected: frozenset[int]                    # sentence numbers the annotators covered

    def sentence_of(self, offset: int) -> int | None:
        """The sentence whose character range holds ``offset`` (None between sentences)."""
        for number, (start, end) in self.sentences.items():
            if start <= offset < end:
                return number
        return None

    def sentence_text(self, number: int) -> str:
        start, end = self.sentences[number]
        return self.body[start:end]


@dataclass(frozen=True)
class GoldMention:
    mention_id: str
    doc_id: str
    topic: int
    sentence: int
    spans: tuple[tuple[int, int], ...]
    text: str
    cluster: str
    cluster_kind: str
    selected: bool

    @property
    def split(self) -> str:
        return split_of(self.topic)

    def overlap(self, start: int, end: int) -> int:
        """Characters of ``[start, end)`` inside the mention's spans (0 = no overlap)."""
        return sum(max(0, min(e, end) - max(s, start)) for s, e in self.spans)


@dataclass(frozen=True)
class EcbCorpus:
    root: Path
    docs: dict[str, EcbDoc]
    mentions: list[GoldMention]

    def selected_mentions(self) -> list[GoldMention]:
        return [m for m in self.mentions if m.selected]


def split_front_matter(content: str) -> tuple[dict, str]:
    """(metadata, body) exactly as dateline's reader splits a ``.txt`` article."""
    from extractors.articles import split_front_matter as split

    meta, body, _line = split(content)
    return meta, body


def read_sentence_ranges(path: Path) -> dict[str, dict[int, tuple[int, int]]]:
    ranges: dict[str, dict[int, tuple[int, int]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            tok = json.loads(line)
            doc = ranges.setdefault(tok["doc"], {})
            start, end = doc.get(tok["sentence"], (tok["start"], tok["end"]))
            doc[tok["sentence"]] = (min(start, tok["start"]), max(end, tok["end"]))
    return ranges


def load_corpus(root: Path = CORPUS) -> EcbCorpus:
    gold = root / "gold"
    selected = json.loads((gold / "selected_sentences.json").read_text(encoding="utf-8"))
    ranges = read_sentence_ranges(gold / "tokens.jsonl.gz")
    docs: dict[str, EcbDoc] = {}
    for path in sorted((root / "articles").glob("*.txt")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        doc_id = str(meta.get("id") or path.stem)
        published = meta.get("published")
        docs[doc_id] = EcbDoc(doc_id, topic_of(doc_id), path, body,
                              None if published is None else str(published),
                              dict(sorted(ranges.get(doc_id, {}).items())),
                              frozenset(selected.get(doc_id, ())))
    mentions = []
    with (gold / "event_mentions.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            mentions.append(GoldMention(r["mention_id"], r["doc"], int(r["topic"]), int(r["sentence"]),
                                        tuple((int(s), int(e)) for s, e in r["spans"]), r["text"],
                                        r["cluster"], r["cluster_kind"], bool(r["selected"])))
    return EcbCorpus(root, docs, mentions)


def check_offsets(corpus: EcbCorpus) -> list[str]:
    """Problems: a mention whose spans do not slice its text out of the body, or lie outside its
    sentence, or a selected flag that disagrees with selected_sentences.json."""
    problems = []
    for m in corpus.mentions:
        doc = corpus.docs.get(m.doc_id)
        if doc is None:
            problems.append(f"{m.mention_id}: no article {m.doc_id}")
            continue
        sliced = " ".join(doc.body[s:e] for s, e in m.spans)
        if sliced.split() != m.text.split():
            problems.append(f"{m.mention_id}: body slice {sliced!r} != {m.text!r}")
        if any(doc.sentence_of(s) != m.sentence for s, _e in m.spans):
            problems.append(f"{m.mention_id}: span outside sentence {m.sentence}")
        if m.selected != (m.sentence in doc.selected):
            problems.append(f"{m.mention_id}: selected={m.selected} but sentence {m.sentence} "
                            f"{'is' if m.sentence in doc.selected else 'is not'} in selected_sentences.json")
    return problems

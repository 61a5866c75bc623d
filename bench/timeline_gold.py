"""Gold timelines of a SemEval-2015 Task 4 corpus, resolved to character spans in our seeds.

A corpus directory (``../shared/corpora/timeline-trial/``, ``../shared/corpora/timeline-airlines/``)
holds ``cat/`` and ``timeml/`` (the articles), ``gold-timelines/<entity>.txt`` and optionally
``target_entities.txt`` (one entity name a line).  The gold files look like::

    Steve Jobs                                   <- line 1: the target entity's name
    0<TAB>XXXX-XX-XX<TAB>18315-4-said             <- ORDER, DATE, one or more mentions
    1<TAB>2008-06-09<TAB>12315-2-launched<TAB>12315-3-launching

* ORDER: position in the timeline; 0 = events that cannot be anchored in time.
* DATE: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, ``X`` for unknown parts (``XXXX-XX-XX``; one
  line has the typo ``XXX-XX-XX``, read as unknown too).  Trailing ``-XX`` parts are dropped, so
  the granularity is year, month or day, or the date is unknown (``None``).
* Each mention is ``DOCID-SENTENCE-WORD``: SENTENCE is the CAT ``sentence`` attribute (0 = title;
  it equals the TimeML ``<s id>``), WORD the text of the trigger token.  The mentions on one line
  are coreferent (the same event); each one is scored separately, as SemEval did.

Resolving a mention to CAT tokens (``resolve_mention``), first rule that finds something:

1. tokens of that sentence whose text equals WORD;
2. ... equals WORD case-insensitively (``pre-orders`` -> ``Pre-orders``);
3. WORD with ``_`` is a multi-token trigger: its parts in order, consecutive (``court_case``) or
   not (``taking_out`` = "taking the iPhone out"); a trigger matches any of its tokens;
4. WORD all digits: the CAT token ``number`` (the SemEval ``DOCID-SENTENCE-TOKEN`` variant).

When WORD occurs more than once in the sentence, all occurrences are kept as candidates, event
mentions of the CAT file (``<EVENT_MENTION>`` anchors) first; the scorer accepts any candidate.
``ERRATA`` fixes references to documents that are not in the corpus (a transposed DOCID, a
sentence number run into it), ``MENTION_ERRATA`` a mention naming the wrong sentence and
``LINE_ERRATA`` a gold line that two lines were merged into; each was checked against the CAT
files, and a reference that resolves nowhere is still an error.

Entity names (``read_corpus``): the names of ``target_entities.txt`` when the corpus has one (the
task's list of targets; a name's file is its words joined by ``_``, ``Boeing 787 Dreamliner`` ->
``boeing_787_dreamliner.txt``), else line 1 of each gold file.  The airline corpus's
``united_states_air_force.txt`` says "United States Air Froce" on line 1; the list spells it right.

Spans come from re-running ``bench/make_seeds.py``'s deterministic detokeniser on the CAT file,
so they index the body of the seed file it writes for the article (``seeds/wikinews/<file>`` for
the trial corpus; ``bench/eval_events.py`` converts any corpus the same way), = ``articles.text``.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_seeds import CORPUS, Article, Rendered, file_name, find_sources, load_article, render  # noqa: E402

GOLD_DIR = CORPUS / "gold-timelines"

# Corrections of references that point nowhere; each was checked against the CAT files.
ERRATA = {
    # itunes_store.txt: "9590-10-access": there is no doc 9590; doc 9509 sentence 10 is
    # "The screen layout, similar to that of the iPhone, offers access to music, ... iTunes store."
    "9590": "9509",
    # airline corpus: the sentence number run into the DOCID (boeing.txt "738080-0-unveils" =
    # doc 73808 sentence 0 "Boeing unveils new 787 Dreamliner"; ryanair.txt "7142614-14-takeover"
    # and "7142614-16-takeover" = doc 71426 sentences 14 and 16, both with "takeover").
    "738080": "73808",
    "7142614": "71426",
}

# Mentions whose WORD is not in the sentence they name, -> the mention meant.
MENTION_ERRATA = {
    # airline corpus, united_states_air_force.txt: sentence 39 of doc 1173 has no "said" (it is
    # Wolfowitz "saying: ..."); sentence 38 is "Days after Sen. McCain's remarks, the Air Force
    # said the tanker replacement contract would be revived as an open bid."
    "1173-39-said": "1173-38-said",
}

# Gold lines as distributed that are two lines run together, by their exact text -> the line
# meant.  airline corpus, airbus_a380.txt: "...62929-5-travelling<TAB>629292-7-travelling8<TAB>
# 2007-03-19<TAB>62929-2-land" is "62929-5-travelling<TAB>62929-7-travelling" (doc 62929 has no
# sentence-7 token "travelling8"; sentence 7 reads "The first leg of the flight ... will be
# travelling under a Lufthansa flight number") followed by "8<TAB>2007-03-19<TAB>62929-2-land",
# which repeats a mention the file's line "8<TAB>2007-03-19<TAB>62929-2-land<TAB>62929-7-arrive"
# already has, so it is dropped rather than counted twice.
LINE_ERRATA = {
    "8\t2007-03-19\t62929-5-travelling\t629292-7-travelling8\t2007-03-19\t62929-2-land":
        "8\t2007-03-19\t62929-5-travelling\t62929-7-travelling",
}

_MENTION = re.compile(r"^(\d+)-(\d+)-(.+)$")
_DATE = re.compile(r"^(\d{4}|X+)(?:-(\d{2}|X+))?(?:-(\d{2}|X+))?$")


@dataclass(frozen=True)
class Candidate:
    token_numbers: tuple[int, ...]   # CAT token ``number`` of each token of the trigger
    spans: tuple[tuple[int, int], ...]  # char span of each token in the body of the seed file

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps one of the trigger's tokens."""
        return any(s < end and start < e for s, e in self.spans)


@dataclass(frozen=True)
class GoldMention:
    ref: str                         # as written in the gold file, e.g. "18315-4-said"
    docid: str                       # after ERRATA
    sentence: int
    word: str
    candidates: tuple[Candidate, ...]  # first = preferred resolution

    @property
    def start(self) -> int:
        return self.candidates[0].start

    @property
    def end(self) -> int:
        return self.candidates[0].end


@dataclass(frozen=True)
class GoldEvent:
    order: int
    date: str | None                 # normalised: "2006", "2006-03", "2006-03-28" or None
    raw_date: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class GoldTimeline:
    entity: str                      # file stem, e.g. "steve_jobs"
    name: str                        # first line, e.g. "Steve Jobs"
    events: tuple[GoldEvent, ...]

    @property
    def mentions(self) -> list[tuple[GoldEvent, GoldMention]]:
        return [(ev, m) for ev in self.events for m in ev.mentions]


@dataclass
class GoldDoc:
    article: Article
    rendered: Rendered
    event_t_ids: frozenset[str]

    @property
    def file_name(self) -> str:
        return file_name(self.article)


def normalise_date(raw: str) -> str | None:
    """``2006-03-XX`` -> ``2006-03``; ``XXXX-XX-XX`` -> None; raises on anything else."""
    m = _DATE.match(raw.strip())
    if not m:
        raise ValueError(f"bad gold date {raw!r}")
    parts = []
    for part in m.groups():
        if part is None or "X" in part:
            break
        parts.append(part)
    return "-".join(parts) or None


@lru_cache(maxsize=4)
def load_docs(corpus: Path = CORPUS) -> dict[str, GoldDoc]:
    docs = {}
    for docid, cat, tml in find_sources(corpus):
        article = load_article(cat, tml)
        root = ET.parse(cat).getroot()
        t_ids = frozenset(a.get("t_id", "") for m in root.iter("EVENT_MENTION") for a in m.iter("token_anchor"))
        docs[docid] = GoldDoc(article, render(article), t_ids)
    return docs


def token_spans(docid: str, corpus: Path = CORPUS) -> dict[tuple[int, int], tuple[int, int]]:
    """(sentence, token number) -> (start, end) in the seed body, for every CAT token of a doc."""
    doc = load_docs(corpus)[docid]
    return {(t.sentence, t.number): doc.rendered.token_spans[t.number] for t in doc.article.tokens}


def _multi_token(toks: list, parts: list[str]) -> list[list]:
    """Groups of tokens spelling ``parts`` in order: consecutive (``court case``) or not
    (``taking the iPhone out`` for ``taking_out``, a particle verb), nearest following token."""
    groups = []
    for i, tok in enumerate(toks):
        if tok.text.lower() != parts[0]:
            continue
        group, j = [tok], i + 1
        for part in parts[1:]:
            while j < len(toks) and toks[j].text.lower() != part:
                j += 1
            if j == len(toks):
                break
            group.append(toks[j])
            j += 1
        if len(group) == len(parts):
            groups.append(group)
    groups.sort(key=lambda g: g[-1].number - g[0].number)  # tightest first
    return groups


def resolve_mention(ref: str, docs: dict[str, GoldDoc]) -> GoldMention:
    m = _MENTION.match(MENTION_ERRATA.get(ref.strip(), ref.strip()))
    if not m:
        raise ValueError(f"bad gold mention {ref!r}")
    docid, sentence, word = m.group(1), int(m.group(2)), m.group(3)
    if docid not in docs and docid in ERRATA:
        docid = ERRATA[docid]
    if docid not in docs:
        raise KeyError(f"gold mention {ref!r}: unknown document {docid}")
    doc = docs[docid]
    toks = doc.article.sentences.get(sentence, [])
    groups: list[list] = [[t] for t in toks if t.text == word]
    if not groups:
        groups = [[t] for t in toks if t.text.lower() == word.lower()]
    if not groups and "_" in word:
        groups = _multi_token(toks, word.lower().split("_"))
    if not groups and word.isdigit():
        groups = [[t] for t in toks if t.number == int(word)]
    if not groups:
        raise KeyError(f"gold mention {ref!r}: no token {word!r} in sentence {sentence} of doc {docid}")
    # CAT event mentions first, then text order (stable sort)
    groups.sort(key=lambda g: 0 if any(t.t_id in doc.event_t_ids for t in g) else 1)
    spans = doc.rendered.token_spans
    cands = tuple(Candidate(tuple(t.number for t in g), tuple(spans[t.number] for t in g)) for g in groups)
    return GoldMention(ref=ref.strip(), docid=docid, sentence=sentence, word=word, candidates=cands)


def read_timeline(path: Path, docs: dict[str, GoldDoc] | None = None) -> GoldTimeline:
    """One gold file; ``docs`` are the corpus's documents (default: the trial corpus's)."""
    docs = load_docs() if docs is None else docs
    lines = path.read_text(encoding="utf-8").splitlines()
    name = lines[0].strip()
    events = []
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = LINE_ERRATA.get(line.strip(), line.rstrip("\n")).split("\t")
        if len(fields) < 3:
            raise ValueError(f"{path.name}:{lineno}: expected ORDER, DATE, mention(s): {line!r}")
        mentions = tuple(resolve_mention(f, docs) for f in fields[2:] if f.strip())
        events.append(GoldEvent(order=int(fields[0]), date=normalise_date(fields[1]),
                                raw_date=fields[1].strip(), mentions=mentions))
    return GoldTimeline(entity=path.stem, name=name, events=tuple(events))


def read_all(gold_dir: Path = GOLD_DIR, corpus: Path = CORPUS) -> list[GoldTimeline]:
    docs = load_docs(corpus)
    return [read_timeline(p, docs) for p in sorted(gold_dir.glob("*.txt"))]


def entity_stem(name: str) -> str:
    """File stem of an entity's gold timeline: ``Boeing 787 Dreamliner`` -> ``boeing_787_dreamliner``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def target_entities(corpus: Path = CORPUS) -> list[str] | None:
    """The names of ``target_entities.txt``, in file order; None when the corpus has no such file."""
    path = corpus / "target_entities.txt"
    if not path.is_file():
        return None
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_corpus(corpus: Path = CORPUS) -> tuple[list[GoldTimeline], list[str]]:
    """Every gold timeline of a corpus (sorted by file), named as the module doc says; + notes.

    Raises FileNotFoundError when a listed target entity has no gold file.  A gold file that the
    list does not name is still read (with its line-1 name) and noted.
    """
    timelines = read_all(corpus / "gold-timelines", corpus)
    targets = target_entities(corpus)
    if targets is None:
        return timelines, []
    by_stem = {tl.entity: tl for tl in timelines}
    notes = []
    names = {}
    for name in targets:
        stem = entity_stem(name)
        if stem not in by_stem:
            raise FileNotFoundError(f"target entity {name!r}: no gold-timelines/{stem}.txt in {corpus}")
        names[stem] = name
        if by_stem[stem].name != name:
            notes.append(f"{stem}.txt: line 1 says {by_stem[stem].name!r}, target_entities.txt {name!r};"
                         " using the latter")
    for tl in timelines:
        if tl.entity not in names:
            notes.append(f"{tl.entity}.txt is not in target_entities.txt; scored as {tl.name!r}")
    return [replace(tl, name=names.get(tl.entity, tl.name)) for tl in timelines], notes


if __name__ == "__main__":
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    timelines, notes = read_corpus(corpus)
    for note in notes:
        print(f"note: {note}")
    for tl in timelines:
        print(f"{tl.entity:22} {tl.name!r:24} events={len(tl.events):3} mentions={len(tl.mentions):3}")
        for ev, m in tl.mentions:
            doc = load_docs(corpus)[m.docid]
            print(f"   {ev.order:2} {ev.raw_date:10} {m.ref:28} -> {doc.rendered.body[m.start:m.end]!r}"
                  f"{' (+%d alt)' % (len(m.candidates) - 1) if len(m.candidates) > 1 else ''}")

"""Word lists that decide what counts as an event and how it is classed (data in extractors/data/)."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import DatelineError

if TYPE_CHECKING:
    from spacy.tokens import Token


class VocabularyError(DatelineError, ValueError):
    """A word list or table in extractors/data/ is malformed: the message names file and line."""

    code = "D103"

    def __init__(self, file: str, line: int, problem: str) -> None:
        self.file, self.line, self.problem = file, line, problem
        super().__init__(f"extractors/data/{file}:{line}: {problem}")


def _data_text(file: str) -> str:
    return resources.files("extractors").joinpath(f"data/{file}").read_text("utf-8")


def parse_word_list(file: str, text: str) -> frozenset[str]:
    """Entries of a word list: one per line, '#' comments, a `# lookup: token|text` header.

    Validated on load, so a typo fails at start-up with its line rather than never matching:
    no duplicates, lower case, and no spaces in a list looked up one token at a time.
    """
    lookup = None
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        header = re.match(r"#\s*lookup:\s*(\S+)", raw)
        if header:
            lookup = header.group(1)
            if lookup not in ("token", "text"):
                raise VocabularyError(file, number, f"unknown lookup {lookup!r}; valid: 'token', 'text'")
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        if lookup is None:
            raise VocabularyError(file, number, "entry before the '# lookup: token|text' header line")
        if entry != entry.lower():
            raise VocabularyError(file, number, f"{entry!r} is not lower case (lookups compare lower-cased words)")
        if lookup == "token" and len(entry.split()) > 1:
            raise VocabularyError(file, number, f"{entry!r} has several words but the list is looked up per token")
        if entry in seen:
            raise VocabularyError(file, number, f"{entry!r} is already on line {seen[entry]}")
        seen[entry] = number
    if not seen:
        raise VocabularyError(file, 1, "no entries")
    return frozenset(seen)


@cache
def word_list(name: str) -> frozenset[str]:
    """The word list extractors/data/<name>.txt (purpose and source in its header)."""
    return parse_word_list(f"{name}.txt", _data_text(f"{name}.txt"))


@cache
def word_list_notes(name: str) -> dict[str, str]:
    """The comment written after each entry of a word list ('warn  # class threaten: ...')."""
    notes: dict[str, str] = {}
    for raw in _data_text(f"{name}.txt").splitlines():
        entry, hash_, note = raw.partition("#")
        if hash_ and entry.strip() and note.strip():
            notes[entry.strip()] = note.strip()
    return notes


def word_list_names() -> list[str]:
    """Every word list shipped in extractors/data/."""
    folder = resources.files("extractors").joinpath("data")
    return sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".txt"))


@dataclass(frozen=True, slots=True)
class EventClass:
    name: str | None
    cameo_root: str | None
    as_verb: bool
    as_noun: bool


# Verbs that state, possess or relate rather than happen: never events on their own.
NON_EVENTIVE_VERBS = word_list("non_eventive_verbs")
# Verbs whose object noun is the real event: "launched an offensive" is the offensive.
LIGHT_VERBS = word_list("light_verbs")
REPORTING_VERBS = word_list("reporting_verbs")
# Verbs whose direct object is the addressee: "told Putin" makes Putin the recipient.
ADDRESSEE_VERBS = word_list("addressee_verbs")
# Verbs of movement whose "to X" names the place visited.
MOTION_VERBS = word_list("motion_verbs")
# Governors that make their infinitive complement a plan: "is set to visit", "plans to sign".
PLAN_VERBS = word_list("plan_verbs")
# 'be' makes a plan in the "be to" construction ("is to be held") and with a plan word as its
# complement ("is likely to", "is due to"), not with another complement that the infinitive belongs
# to ("it is interesting to note", "was the first to recommend").
_BE_COMPLEMENTS = frozenset({"acomp", "attr", "advmod", "npadvmod", "oprd"})


def is_plan_governor(head: Token) -> bool:
    """Whether `head` makes its infinitive complement a plan ("plans to sign", "is set to visit")."""
    lemma = head.lemma_.casefold()
    if lemma not in PLAN_VERBS:
        return False
    return lemma != "be" or all(c.lemma_.casefold() in PLAN_VERBS for c in head.children if c.dep_ in _BE_COMPLEMENTS)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "can", "ca", "must"})


def _tsv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated cells) of each row that is neither blank nor a '#' comment."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def parse_word_table(file: str, text: str) -> dict[str, tuple[str, ...]]:
    """Rows `key<TAB>value...` of a table under its `# columns: key<TAB>value...` header: key -> values.

    Validated on load like parse_word_list, each error naming file and line: one header, before the
    rows; every row has the header's columns; no cell empty or padded (single spaces inside only);
    keys lower case (lookups compare lower-cased words) and not repeated. Row order is kept.
    """
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if re.match(r"#\s*columns:", line)]
    if len(headers) != 1:
        raise VocabularyError(file, headers[1] if headers else 1,
                              "expected one '# columns: key<TAB>value...' header line")
    columns = lines[headers[0] - 1].split(":", 1)[1].strip().split("\t")
    if not all(columns):
        raise VocabularyError(file, headers[0], f"empty column name in {columns!r} (one tab between names)")
    table: dict[str, tuple[str, ...]] = {}
    seen: dict[str, int] = {}
    for number, cells in _tsv_rows(text):
        if number < headers[0]:
            raise VocabularyError(file, number, "row before the '# columns:' header line")
        if len(cells) != len(columns):
            raise VocabularyError(file, number, f"{len(cells)} columns; expected {len(columns)}: "
                                  + ", ".join(columns) + " (one tab between cells)")
        bad = next((c for c in cells if c != " ".join(c.split()) or not c), None)
        if bad is not None:
            raise VocabularyError(file, number, f"cell {bad!r} is empty or has stray spaces or tabs")
        key = cells[0]
        if key != key.lower():
            raise VocabularyError(file, number, f"{key!r} is not lower case (lookups compare lower-cased words)")
        if key in seen:
            raise VocabularyError(file, number, f"{key!r} is already on line {seen[key]}")
        seen[key] = number
        table[key] = tuple(cells[1:])
    if not table:
        raise VocabularyError(file, headers[0], "no rows")
    return table


@cache
def word_table(name: str) -> Mapping[str, tuple[str, ...]]:
    """The key -> values table extractors/data/<name>.tsv (purpose, source, example and columns in its
    header), read once; modules build their typed constant from it, e.g. {w: int(n) for w, (n,) in ...}."""
    return parse_word_table(f"{name}.tsv", _data_text(f"{name}.tsv"))


# tables in extractors/data/ with loaders of their own (and no '# columns:' header)
_OWN_LOADER_TABLES = ("cameo_roots", "event_classes")


def word_table_names() -> list[str]:
    """Every key -> value table shipped in extractors/data/ (the .tsv files word_table reads)."""
    folder = resources.files("extractors").joinpath("data")
    return sorted(f.name[:-4] for f in folder.iterdir()
                  if f.name.endswith(".tsv") and f.name[:-4] not in _OWN_LOADER_TABLES)


def _cameo_roots() -> dict[str, str]:
    """Event class -> CAMEO root code, from extractors/data/cameo_roots.tsv."""
    table: dict[str, str] = {}
    for number, cells in _tsv_rows(_data_text("cameo_roots.tsv")):
        if len(cells) != 2 or not cells[1].isdigit() or cells[0] in table:
            raise VocabularyError("cameo_roots.tsv", number, "expected a new class, a tab and a two-digit root")
        table[cells[0]] = cells[1]
    return table


CAMEO_ROOTS = _cameo_roots()


def parse_event_classes(file: str, text: str) -> dict[str, EventClass]:
    """Rows `lemma<TAB>pos<TAB>class<TAB>cameo_root`, validated: 4 columns, a known pos and class,
    the class's CAMEO root, one token per lemma (lookups are by one token's lemma), no duplicates."""
    table: dict[str, EventClass] = {}
    seen: dict[str, int] = {}
    for number, cells in _tsv_rows(text):
        if len(cells) != 4:
            raise VocabularyError(file, number, f"{len(cells)} columns; expected lemma, pos, class, cameo_root (tabs)")
        lemma, pos, name, root = cells
        if pos not in ("V", "N", "B"):
            raise VocabularyError(file, number, f"pos {pos!r}; valid: 'V' verb, 'N' event noun, 'B' both")
        if name != "-" and name not in CAMEO_ROOTS:
            raise VocabularyError(file, number, f"class {name!r}; valid: '-', " + ", ".join(map(repr, CAMEO_ROOTS)))
        if root != ("-" if name == "-" else CAMEO_ROOTS[name]):
            raise VocabularyError(file, number, f"cameo_root {root!r} does not belong to class {name!r}")
        if len(lemma.split()) != 1 or lemma != lemma.casefold():
            raise VocabularyError(file, number, f"lemma {lemma!r} must be one lower-case token (lookups are per token)")
        if lemma in seen:
            raise VocabularyError(file, number, f"lemma {lemma!r} is already on line {seen[lemma]}")
        seen[lemma] = number
        table[lemma] = EventClass(None if name == "-" else name, None if root == "-" else root,
                                  pos in ("V", "B"), pos in ("N", "B"))
    return table


@lru_cache(maxsize=1)
def event_classes() -> dict[str, EventClass]:
    """Lemma -> class, read once from extractors/data/event_classes.tsv (source documented there)."""
    return parse_event_classes("event_classes.tsv", _data_text("event_classes.tsv"))


def class_of(lemma: str) -> EventClass | None:
    return event_classes().get(lemma.casefold())


def is_event_noun(lemma: str) -> bool:
    entry = class_of(lemma)
    return entry is not None and entry.as_noun

"""Word lists that decide what counts as an event and how it is classed (data in extractors/data/)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class EventClass:
    name: str | None
    cameo_root: str | None
    as_verb: bool
    as_noun: bool


# Verbs that state, possess or relate rather than happen: never events on their own.
NON_EVENTIVE_VERBS = frozenset({
    "be", "have", "seem", "appear", "become", "remain", "consider", "include", "contain", "mean",
    "belong", "consist", "involve", "know", "think", "believe", "want", "need", "like", "get",
    "let", "make", "do", "keep", "give", "put", "use", "see", "look",
    "regard", "deem", "represent", "exist", "matter", "depend", "lie", "stand", "sit", "hope",
    "wish", "feel", "cost", "own", "lack", "resemble", "equal", "total", "number",
    # locative statives: "is based in", "is located in"
    "base", "locate", "situate", "headquarter",
})
# Verbs whose object noun is the real event: "launched an offensive" is the offensive.
LIGHT_VERBS = frozenset({
    "launch", "carry", "conduct", "stage", "hold", "mount", "begin", "start", "make", "sign",
    "reach", "strike", "give", "deliver", "host", "open", "resume", "announce", "wage", "end",
    "perform",
})
REPORTING_VERBS = frozenset({
    "say", "tell", "announce", "state", "report", "declare", "claim", "add", "note", "comment",
    "explain", "stress", "insist", "confirm", "deny", "acknowledge", "admit", "write", "warn",
    "argue", "suggest", "indicate", "reply", "respond", "predict", "estimate", "believe", "quote",
})
# Verbs whose direct object is the addressee: "told Putin" makes Putin the recipient.
ADDRESSEE_VERBS = frozenset({
    "tell", "inform", "warn", "urge", "ask", "assure", "brief", "remind", "notify", "advise",
    "call", "phone", "thank", "congratulate", "invite", "promise",
})
# Verbs of movement whose "to X" names the place visited.
MOTION_VERBS = frozenset({"head", "travel", "fly", "go", "come", "return", "journey", "sail", "drive"})
# Governors that make their infinitive complement a plan: "is set to visit", "plans to sign".
PLAN_VERBS = frozenset({
    "set", "plan", "expect", "schedule", "intend", "aim", "prepare", "agree", "decide", "promise",
    "vow", "pledge", "hope", "want", "seek", "due", "threaten", "offer", "propose", "go",
})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "can", "ca", "must"})


@lru_cache(maxsize=1)
def event_classes() -> dict[str, EventClass]:
    """Lemma -> class, read once from extractors/data/event_classes.tsv (source documented there)."""
    table: dict[str, EventClass] = {}
    text = resources.files("extractors").joinpath("data/event_classes.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, name, root = (line.split("\t") + ["-", "-", "-"])[:4]
        table.setdefault(lemma, EventClass(
            None if name == "-" else name, None if root == "-" else root,
            pos in ("V", "B"), pos in ("N", "B"),
        ))
    return table


def class_of(lemma: str) -> EventClass | None:
    return event_classes().get(lemma.casefold())


def is_event_noun(lemma: str) -> bool:
    entry = class_of(lemma)
    return entry is not None and entry.as_noun

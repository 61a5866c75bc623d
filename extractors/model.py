"""The in-memory types the extractors share, and the closed vocabularies of their fields.

One module, imported by the rule modules and importing none of them, so no extractor imports
another in a circle. The `Literal` types are the values `warehouse/schema.sql` documents on its
columns; `dateline check` verifies that stored rows keep to them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # annotations only: warehouse/check.py reads the vocabularies without spaCy
    from spacy.tokens import Token

from .temporal import Timex
from .temporal.cal import Granularity

Role = Literal["agent", "patient", "recipient", "location", "other"]
Modality = Literal["asserted", "reported", "planned", "hypothetical"]
Polarity = Literal["positive", "negative"]
DateSource = Literal["timex", "coreference", "narrative", "publication", "cluster"]  # cluster: set by the warehouse
# "time": a clock time's range (extractors/temporal/ranges.py), finer than the calendar's units
DateGranularity = Literal["time", Granularity]
ActorType = Literal["person", "organisation", "product", "country", "city", "region", "location", "group",
                    "facility"]


def values(kind: object) -> tuple[str, ...]:
    """The values of one of the Literal types above, e.g. values(Role)."""
    return tuple(str(v) for v in get_args(kind))


@dataclass(slots=True)
class ActorMention:
    """One mention: token span, character span and the actor it refers to."""

    start: int
    end: int
    root: int
    start_char: int
    end_char: int
    text: str
    label: str
    name: str
    actor_type: ActorType
    country: str | None = None
    titles: frozenset[str] = frozenset()
    canonical: str = ""
    phrase: bool = False  # a group phrase built around a name ("Syrian troops"): never joined
    votes: int = 1  # weight of its type when one name has several ("the town of X" outweighs the tagger)
    kind_noun: int | None = None  # "an iPod portable music player": the product noun the name modifies

    def __post_init__(self) -> None:
        self.canonical = self.canonical or self.name


@dataclass(slots=True)
class ArticleActors:
    """The mentions of one article with look-ups by token, used by event role assignment."""

    mentions: list[ActorMention] = field(default_factory=list)
    by_root: dict[int, ActorMention] = field(default_factory=dict)
    by_token: dict[int, ActorMention] = field(default_factory=dict)
    by_kind_noun: dict[int, ActorMention] = field(default_factory=dict)  # "an [iPod] music player"

    def index(self) -> None:
        self.by_root.clear()
        self.by_token.clear()
        # Longer mentions first so the group span wins its head token over nested names.
        for mention in sorted(self.mentions, key=lambda m: m.end - m.start):
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention
        for mention in sorted(self.mentions, key=lambda m: m.end - m.start):
            self.by_root[mention.root] = mention
        self.by_kind_noun.clear()
        for mention in self.mentions:
            if mention.label in ("ORG", "PRODUCT") and mention.kind_noun is not None:
                self.by_kind_noun.setdefault(mention.kind_noun, mention)

    def for_token(self, token: Token) -> ActorMention | None:
        """The actor a syntactic argument denotes: itself, its apposition, or the name it is part of."""
        mention = self.by_root.get(token.i)
        if mention is not None and not mention.phrase:
            return mention
        # "Japan's prime minister Shinzo Abe": the name in apposition beats the title phrase
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_root:
                return self.by_root[child.i]
        return mention or self.by_token.get(token.i) or self.by_kind_noun.get(token.i)


@dataclass(slots=True)
class DateInfo:
    value: str
    start: dt.date | None
    end: dt.date | None
    granularity: DateGranularity | None
    source: DateSource
    timex: Timex | None


@dataclass(slots=True)
class Event:
    """One event mention with roles and date, before it becomes a warehouse record."""

    token: Token
    pos: str
    event_class: str | None
    modality: Modality = "asserted"
    polarity: Polarity = "positive"
    roles: list[tuple[Role, ActorMention]] = field(default_factory=list)
    date: DateInfo | None = None
    light_verb: Token | None = None
    patient_text: str | None = None  # a patient that is no named actor ("an observation post")

    def actors(self, *roles: Role) -> set[str]:
        return {m.canonical for r, m in self.roles if r in roles}

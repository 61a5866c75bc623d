"""Plain records the extractors produce: one dataclass per warehouse table, field names = columns."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class ArticleRecord:
    article_id: str
    source_uri: str
    title: str | None
    published: dt.date | None
    published_source: str | None
    url: str | None
    source: str | None
    text: str
    content_sha256: str
    n_chars: int
    pipeline_version: str


@dataclass(slots=True)
class ActorRecord:
    actor_id: str
    canonical_name: str
    actor_type: str
    country_code: str | None


@dataclass(slots=True)
class MentionRecord:
    mention_id: str
    article_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    label: str
    actor_id: str


@dataclass(slots=True)
class TimexRecord:
    timex_id: str
    article_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(slots=True)
class EventRecord:
    event_id: str
    article_id: str
    sentence_index: int
    sentence_text: str
    trigger_text: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    trigger_pos: str
    event_class: str | None
    modality: str
    polarity: str
    date_value: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    date_granularity: str | None
    date_source: str | None
    timex_id: str | None
    patient_text: str | None = None


@dataclass(slots=True)
class EventActorRecord:
    event_id: str
    actor_id: str
    mention_id: str
    role: str


@dataclass(slots=True)
class ArticleSignatureRecord:
    article_id: str
    content_sha256: str
    signature: list[int]   # extractors.signatures.article_signature of the article's text


@dataclass(slots=True)
class Extraction:
    """Everything extracted from a batch of articles, table by table."""

    articles: list[ArticleRecord] = field(default_factory=list)
    actors: list[ActorRecord] = field(default_factory=list)
    mentions: list[MentionRecord] = field(default_factory=list)
    timexes: list[TimexRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    event_actors: list[EventActorRecord] = field(default_factory=list)
    article_signatures: list[ArticleSignatureRecord] = field(default_factory=list)

    def extend(self, other: Extraction) -> None:
        for name in TABLES:
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in TABLES}


TABLES: tuple[str, ...] = ("articles", "actors", "mentions", "timexes", "events", "event_actors", "article_signatures")

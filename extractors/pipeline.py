"""Articles in, records out: one spaCy pass per batch, then actors, dates and events per article."""
from __future__ import annotations

import bisect
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .actors import find_actors
from .articles import Article, IngestError
from .events import find_events
from .ids import stable_id
from .model import ActorMention
from .records import (ActorRecord, ArticleRecord, ArticleSignatureRecord, EventActorRecord, EventRecord, Extraction,
                      MentionRecord, TimexRecord)
from .signatures import article_signature
from .temporal import find_timexes
from .versions import version_from_meta



def pipeline_version(nlp: Language) -> str:
    return version_from_meta(nlp.meta)


def actor_id(actor_type: str, canonical_name: str) -> str:
    """Across articles, the same canonical name and type is the same actor."""
    return stable_id("actor", actor_type, canonical_name.casefold())


class _Sentences:
    """Sentence index and text for any character offset of a doc."""

    def __init__(self, doc: Doc) -> None:
        self.spans = list(doc.sents)
        self.starts = [s.start_char for s in self.spans]

    def index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def text(self, index: int) -> str:
        return self.spans[index].text.strip()


def extract_article(article: Article, doc: Doc, version: str) -> Extraction:
    """All records for one parsed article."""
    out = Extraction()
    aid = article.article_id
    out.articles.append(ArticleRecord(
        aid, article.source_uri, article.title, article.published, article.published_source,
        article.url, article.source, article.text, article.content_sha256, len(article.text), version,
    ))
    # computed here, in the worker, so the clustering step never reads the text back
    out.article_signatures.append(ArticleSignatureRecord(aid, article.content_sha256,
                                                         list(article_signature(article.text))))
    sentences = _Sentences(doc)
    actors = find_actors(doc)
    mention_ids: dict[int, str] = {}
    actor_ids: dict[int, str] = {}
    seen_actors: set[str] = set()
    for mention in actors.mentions:
        act_id = actor_id(mention.actor_type, mention.canonical)
        men_id = stable_id(aid, "mention", mention.start_char, mention.end_char, mention.label)
        mention_ids[id(mention)] = men_id
        actor_ids[id(mention)] = act_id
        out.mentions.append(MentionRecord(men_id, aid, sentences.index(mention.start_char),
                                          mention.start_char, mention.end_char, mention.text,
                                          mention.label, act_id))
        if act_id not in seen_actors:
            seen_actors.add(act_id)
            out.actors.append(ActorRecord(act_id, mention.canonical, mention.actor_type,
                                          _actor_country(mention, actors.mentions)))
    timexes = find_timexes(doc, article.published)
    timex_ids: dict[tuple[int, int], str] = {}
    for timex in timexes:
        tid = stable_id(aid, "timex", timex.start_char, timex.end_char)
        timex_ids[(timex.start_char, timex.end_char)] = tid
        out.timexes.append(TimexRecord(tid, aid, sentences.index(timex.start_char), timex.start_char,
                                       timex.end_char, timex.text, timex.type, timex.value, timex.mod))
    for event in find_events(doc, actors, timexes, article.published):
        token = event.token
        start = token.idx
        sentence = sentences.index(start)
        eid = stable_id(aid, "event", start)
        date = event.date
        out.events.append(EventRecord(
            eid, aid, sentence, sentences.text(sentence), token.text, token.lemma_.casefold(), start,
            start + len(token.text), event.pos, event.event_class, event.modality, event.polarity,
            date.value if date else None, date.start if date else None, date.end if date else None,
            date.granularity if date else None, date.source if date else None,
            timex_ids.get((date.timex.start_char, date.timex.end_char)) if date and date.timex else None,
            event.patient_text,
        ))
        for role, mention in event.roles:
            out.event_actors.append(EventActorRecord(eid, actor_ids[id(mention)], mention_ids[id(mention)], role))
    return out


def _actor_country(mention: ActorMention, mentions: list[ActorMention]) -> str | None:
    """An actor's country: its own, else one any other mention of the same actor carries."""
    if mention.country:
        return mention.country
    for other in mentions:
        if other.canonical == mention.canonical and other.actor_type == mention.actor_type and other.country:
            return other.country
    return None


def extract_batch(articles: Iterable[Article], nlp: Language, *, batch_size: int = 32,
                  n_process: int = 1) -> Iterator[Extraction | IngestError]:
    """Parse articles with `nlp.pipe`; per article, in input order, its `Extraction`, or an
    `IngestError` when extraction fails on it (a bug on one article must not sink the batch)."""
    version = pipeline_version(nlp)
    items = list(articles)
    docs = nlp.pipe((a.text for a in items), batch_size=batch_size, n_process=n_process)
    for article, doc in zip(items, docs):
        try:
            yield extract_article(article, doc, version)
        except Exception as exc:  # noqa: BLE001 - reported with where it failed, the rest go on
            where = traceback.extract_tb(exc.__traceback__)[-1]
            yield IngestError(
                article.source_uri, None, "extraction",
                f"extraction failed: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
                "please report this article",
            )

"""Events from the dependency parse: a trigger (verb or event noun), its actors by role, its date.

Triggers are content verbs that are not auxiliaries, copulas or stative verbs, and the event
nouns of extractors/data/event_classes.tsv; an event noun after a light verb ("launched an
offensive") takes the verb's agent, place, modality and date. Roles: roles.py; modality and
polarity: modality.py; dates: dating.py.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from .dating import attach_timexes, narrative_dates, share_coreferent_dates, share_governor_dates
from .lexicon import MOTION_VERBS, NON_EVENTIVE_VERBS, class_of, is_event_noun, word_list
from .modality import modality_of
from .model import ArticleActors, Event, Role
from .roles import argument_head, is_light_verb, noun_roles, patient_token, phrase_text, verb_roles
from .temporal import Timex

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "is set to visit", "is due to sign": the governor only marks the plan of its complement.
CONTROL_ONLY_VERBS = word_list("control_only_verbs")


def is_trigger(token: Token, in_entity: set[int]) -> bool:
    """A content verb that is not stative, or a noun listed as an event noun. A participle used
    as a modifier is an event only with an adverb that makes it one ("the recently announced
    iPhone 4"), not in "an armed group"."""
    if token.i in in_entity or token.dep_ in ("compound", "nmod"):
        return False
    if token.dep_ == "amod" and not (token.pos_ == "VERB" and token.tag_ == "VBN"
                                     and any(c.dep_ == "advmod" for c in token.children)):
        return False
    lemma = token.lemma_.casefold()
    if token.pos_ == "VERB":
        if lemma in CONTROL_ONLY_VERBS and any(c.dep_ == "xcomp" for c in token.children):
            return False
        return lemma not in NON_EVENTIVE_VERBS and token.is_alpha
    if token.pos_ == "NOUN":
        return is_event_noun(lemma)
    return False


def _expand(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _assign_roles(event: Event, pairs: list[tuple[Role, Token]], actors: ArticleActors) -> None:
    """Named actors of each argument (coordination expanded), and the text of an unnamed patient."""
    token = event.token
    seen: set[tuple[str, int]] = set()
    for role, arg in pairs:
        for tok in _expand(argument_head(arg)) + ([arg] if argument_head(arg) is not arg else []):
            mention = actors.for_token(tok)
            if mention is None or (role, id(mention)) in seen or mention.start <= token.i < mention.end:
                continue
            role_here = "other" if role == "location" and mention.label not in PLACE_LABELS else role
            seen.add((role, id(mention)))
            event.roles.append((role_here, mention))
    if not any(r == "patient" for r, _ in event.roles):
        patient = patient_token(token, pairs)
        if patient is not None and actors.for_token(patient) is None and patient.i != token.i:
            event.patient_text = phrase_text(patient)


def find_events(doc: Doc, actors: ArticleActors, timexes: list[Timex],
                published: dt.date | None = None) -> list[Event]:
    """All events of a parsed article with roles, modality, polarity and dates (see dating.py)."""
    in_entity = {t.i for ent in doc.ents for t in ent}
    events: dict[int, Event] = {}
    for token in doc:
        if not is_trigger(token, in_entity):
            continue
        entry = class_of(token.lemma_)
        event_class = entry.name if entry else None
        event = Event(token, token.pos_, event_class)
        event.modality, event.polarity = modality_of(token)
        events[token.i] = event
    for event in events.values():
        token = event.token
        pairs = verb_roles(token, event.event_class) if event.pos == "VERB" else noun_roles(token, event.event_class)
        if event.pos == "VERB" and token.lemma_.casefold() in MOTION_VERBS and event.event_class is None:
            if any(r == "patient" and actors.for_token(t) for r, t in pairs):
                event.event_class = "consult"
        if (event.pos == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and token.head.i in events
                and is_light_verb(token.head)):
            # "launched an offensive": the verb is the noun's light verb; both keep one modality,
            # and the verb takes the noun's class when it has none of its own.
            event.light_verb = token.head
            verb_event = events[token.head.i]
            event.modality, event.polarity = verb_event.modality, verb_event.polarity
            verb_event.event_class = verb_event.event_class or event.event_class
        _assign_roles(event, pairs, actors)
    attach_timexes(doc, timexes, events)
    share_governor_dates(events)
    ordered = sorted(events.values(), key=lambda e: e.token.i)
    share_coreferent_dates(ordered)
    narrative_dates(ordered, published)
    share_governor_dates(events)  # again: adjuncts of events dated by narrative time
    return ordered

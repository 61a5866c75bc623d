"""Dates of events: the expression that governs them, their governor's, another mention's, the
article's narrative time, in that order of trust (`events.date_source`).

1. `timex`: a DATE/TIME expression dates the nearest event above it in the parse, within its
   clause ("launched an offensive in April").
2. `timex` via the governor: an undated event takes the date of the dated event it is an
   adjunct, coordinated verb or purpose of ("unveiled the phone on Monday, saying …", "returned
   to the stage to reveal …"), and an event noun the date of its light verb. Reported
   complements ("said that X would happen") keep their own date.
3. `coreference`: mentions of one event (same class, agent and counterpart) share the most
   precise date ("is set to visit Russia later this month" … "will head to Russia on August 27").
4. `narrative`: a past-tense, asserted event with no date of its own happened on the date of an
   earlier event of its sentence, else on the last day an earlier sentence named, when that day
   is not after publication (news narrates one occasion: "On Monday Jobs unveiled … He also
   demoed …"). A statement ("said", "announced") takes that day only when it lies at most
   `_RECENT_DAYS` before publication, else the publication day (on TimeBank/AQUAINT newswire an
   undated past reporting verb is on the publication day in ~4 of 5 decided cases,
   bench/eval_pubdate.py).
5. `publication`: before any day was named, a past-tense event, and any present-tense statement
   ("Apple Corps claims …"), is dated to the publication day. Reported events ("said the rebels
   had captured …") take only the date of another event of their sentence (not of the
   statement reporting them); negated ones take no narrative or publication date.
"""
from __future__ import annotations

import datetime as dt
from typing import cast

from spacy.tokens import Doc

from .model import DateGranularity, DateInfo, DateSource, Event
from .temporal import Timex, value_range

_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})
_DATING_TYPES = frozenset({"DATE", "TIME"})
# Edges along which an undated event shares its governor's date (not ccomp: reported events).
_SHARING_EDGES = frozenset({"conj", "advcl", "xcomp", "pcomp"})
_NARRATED = frozenset({"asserted", "reported"})
# Events that modify a noun set no narrative time for the events around them.
_MODIFIER_EDGES = frozenset({"acl", "relcl", "amod", "appos", "npadvmod", "nmod", "compound"})
# A statement with no date of its own was made on the last day the article named when that day
# is this close before publication (the article narrates that occasion), else on publication day.
_RECENT_DAYS = 3


def attach_timexes(doc: Doc, timexes: list[Timex], events: dict[int, Event]) -> None:
    """Each DATE/TIME expression dates the nearest event above it in the parse, within its clause."""
    for timex in timexes:
        if timex.type not in _DATING_TYPES or timex.value.endswith("_REF"):
            continue
        span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        node = span.root
        covered = {t.i for t in span}
        for _ in range(8):
            if node.i not in covered and node.i in events:
                break
            if node.i not in covered and node.pos_ in ("VERB", "AUX"):
                # a verb that is no event: its event-noun object ("gave his keynote on Monday"),
                # else its event-noun subject ("the talks were on Monday")
                objects = [events[c.i] for c in node.children if c.dep_ == "dobj" and c.i in events]
                subject_events = [events[c.i] for c in node.children if c.dep_ == "nsubj" and c.i in events]
                node = (objects or subject_events)[0].token if objects or subject_events else node
                break
            if node.head.i == node.i or (node.i not in covered and node.dep_ in _CLAUSE_EDGES):
                break
            node = node.head
        event = events.get(node.i)
        if event is None or event.date is not None:
            continue
        bounds = value_range(timex.value)
        start, end, granularity = bounds if bounds else (None, None, None)
        event.date = DateInfo(timex.value, start, end, cast(DateGranularity | None, granularity), "timex", timex)


LEDE_SENTENCES = 2  # the headline and the first sentence of the body


def share_coreferent_dates(events: list[Event]) -> None:
    """Mentions of one event (same class, agent and counterpart) take the most precise date."""
    keyed = [e for e in events if e.event_class and e.actors("agent") and e.actors("patient", "recipient")]
    for event in keyed:
        for other in keyed:
            theirs = other.date
            if other is event or theirs is None or theirs.start is None or theirs.end is None:
                continue
            if (other.event_class != event.event_class or other.polarity != event.polarity
                    or not event.actors("agent") & other.actors("agent")
                    or not event.actors("patient", "recipient") & other.actors("patient", "recipient")):
                continue
            mine = event.date
            if mine is None or (mine.start is not None and mine.end is not None
                                and mine.start <= theirs.start and theirs.end <= mine.end
                                and (mine.end - mine.start) > (theirs.end - theirs.start)):
                event.date = DateInfo(theirs.value, theirs.start, theirs.end,
                                      theirs.granularity, "coreference", theirs.timex)


def _past(event: Event) -> bool:
    """Simple past or present perfect: "announced", "has filed" (not "will", "is", participles)."""
    token = event.token
    if token.pos_ != "VERB":
        return False
    auxes = {c.lemma_.casefold() for c in token.children if c.dep_ in ("aux", "auxpass")}
    if token.tag_ == "VBD":
        return not auxes - {"do"}
    if token.tag_ != "VBN" or auxes & {"will", "would", "shall", "may", "might", "can", "could", "must"}:
        return False
    # "has filed", "was praised" (the passive auxiliary itself in the past)
    return "have" in auxes or any(c.dep_ == "auxpass" and c.tag_ == "VBD" for c in token.children)


def _copy(date: DateInfo, source: DateSource | None = None) -> DateInfo:
    return DateInfo(date.value, date.start, date.end, date.granularity, source or date.source, date.timex)


def _object_event(verb_event: Event, events: dict[int, Event]) -> Event | None:
    """The event noun a verb governs as its object ("host talks", "agreed to a ceasefire"), or
    the complement that happened at the same time ("failed to reach", "refused to join"; not a
    planned one: "plans to cut jobs next year")."""
    for child in verb_event.token.children:
        if child.dep_ == "xcomp" and child.i in events and events[child.i].modality == "asserted":
            date = events[child.i].date
            if date is not None and date.source == "timex":
                return events[child.i]
        nouns = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"] \
            if child.dep_ == "prep" else []
        for noun in nouns:
            noun_date = events[noun.i].date if noun.i in events else None
            if noun_date is not None and noun_date.source == "timex":
                return events[noun.i]
    return None


def share_governor_dates(events: dict[int, Event]) -> None:
    """An undated adjunct, coordinated or purpose event takes its dated governor's date; an
    undated verb the date of its event-noun object ("host talks next week")."""
    for event in sorted(events.values(), key=lambda e: e.token.i):
        if event.date is not None:
            continue
        if event.token.pos_ == "VERB":
            noun_event = _object_event(event, events)
            if noun_event is not None and noun_event.date is not None:
                event.date = noun_event.date
                continue
        if event.light_verb is not None:
            verb_event = events.get(event.light_verb.i)
            if verb_event is not None and verb_event.date is not None:
                event.date = verb_event.date
                continue
        node = event.token
        for _ in range(3):
            if node.dep_ not in _SHARING_EDGES or node.head.i == node.i:
                break
            node = node.head
            if node.dep_ == "prep" and node.head.i != node.i:  # "unveiled it by walking …"
                node = node.head
            governor = events.get(node.i)
            if governor is not None and governor.date is not None:
                if governor.modality == event.modality or event.modality in _NARRATED:
                    event.date = _copy(governor.date)
                break


def narrative_dates(events: list[Event], published: dt.date | None) -> None:
    """Past-tense events without a date: the date of an earlier event of their sentence (not one
    they report), else the last day an earlier sentence named; before any, a past statement is
    dated to the publication day, and so is a present perfect in the headline or lede ("Boeing has
    secured two orders"). A statement in the present tense ("Apple Corps claims …") and the
    headline's present-tense main verb ("Airbus wins Qatar order") hold on the publication day."""
    current: DateInfo | None = None   # the last day earlier sentences named (not after publication)
    lede = _lede_starts(events)
    sentence_start = -1
    in_sentence: list[tuple[Event, DateInfo]] = []
    for event in events:
        start = event.token.sent.start
        if start != sentence_start:
            for _, named in in_sentence:
                if named.granularity == "day" and named.start is not None and (published is None or named.start <= published):
                    current = named
            sentence_start, in_sentence = start, []
        date = event.date
        if date is not None and date.source == "timex" and date.start is not None:
            if event.token.dep_ not in _MODIFIER_EDGES:  # not "Jobs, born on February 24, 1955, …"
                in_sentence.append((event, date))
            continue
        if (date is not None or event.modality not in _NARRATED or event.token.pos_ != "VERB"
                or event.polarity == "negative"):  # what did not happen has no date
            continue
        # never the date of the statement reporting it, nor of the event it reports
        own = [d for e, d in in_sentence
               if not (event.event_class == "statement" and event.token in e.token.ancestors)
               and not (e.event_class == "statement" and e.token in event.token.ancestors)]
        if published is not None and (_present_statement(event) or _headline_news(event, lede)):
            event.date = DateInfo(published.isoformat(), published, published, "day", "publication", None)
        elif not _past(event):
            continue
        elif own:
            event.date = _copy(own[-1], "narrative")
        elif event.modality == "reported":
            continue  # a reported event keeps its own date: none here
        elif event.event_class == "statement" and published is not None and not (
                current is not None and current.start is not None
                and (published - current.start).days <= _RECENT_DAYS):
            event.date = DateInfo(published.isoformat(), published, published, "day", "publication", None)
        elif current is not None:
            event.date = _copy(current, "narrative")
        elif published is not None and (event.event_class == "statement" or event.token.tag_ == "VBD"
                                        or _lede_perfect(event, lede)):
            event.date = DateInfo(published.isoformat(), published, published, "day", "publication", None)


def _lede_starts(events: list[Event]) -> tuple[int, ...]:
    """Token offsets of the headline and the first sentence after it."""
    if not events:
        return ()
    return tuple(s.start for _, s in zip(range(LEDE_SENTENCES), events[0].token.doc.sents))


def _headline_news(event: Event, lede: tuple[int, ...]) -> bool:
    """News of the day, by the conventions of news writing: the headline's main verb in the present
    ("Airbus wins Qatar order", "Apple launches 3G iPhone") happened on the publication day."""
    token = event.token
    if token.sent.start not in lede or event.modality != "asserted" or token.pos_ != "VERB":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in token.children):
        return False
    return token.tag_ in ("VBZ", "VBP") and token.sent.start == lede[0] and token.dep_ == "ROOT"


def _lede_perfect(event: Event, lede: tuple[int, ...]) -> bool:
    """A present perfect in the headline or lede ("Boeing has secured two orders"): today's news."""
    token = event.token
    return (token.sent.start in lede and token.tag_ == "VBN"
            and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in token.children))


def _present_statement(event: Event) -> bool:
    token = event.token
    return (event.event_class == "statement" and token.tag_ in ("VBZ", "VBP") and event.modality == "asserted"
            and not any(c.dep_ in ("aux", "auxpass") for c in token.children))

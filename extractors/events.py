"""Events from the dependency parse: a trigger (verb or event noun), its actors by role, its date.

An event takes the date of the temporal expression that governs it in its own clause; an event
noun after a light verb ("launched an offensive in April") shares the verb's roles and date; and
two mentions of one event in an article (same class, same agent, same counterpart) share the
more precise date ("is set to visit Russia later this month" … "will head to Russia on August 27").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .actors import ActorMention, ArticleActors
from .lexicon import (ADDRESSEE_VERBS, FUTURE_AUX, HYPOTHETICAL_AUX, LIGHT_VERBS, MOTION_VERBS,
                      NON_EVENTIVE_VERBS, PLAN_VERBS, REPORTING_VERBS, class_of, is_event_noun)
from .temporal import Timex, value_range

LOCATION_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "into", "within"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CLAUSE_EDGES = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})
_DATING_TYPES = frozenset({"DATE", "TIME"})
# "is set to visit", "is due to sign": the governor only marks the plan of its complement.
CONTROL_ONLY_VERBS = frozenset({"set", "due", "slate", "schedule", "go", "seem", "appear", "try", "tend"})


@dataclass(slots=True)
class DateInfo:
    value: str
    start: dt.date | None
    end: dt.date | None
    granularity: str | None
    source: str
    timex: Timex | None


@dataclass(slots=True)
class Event:
    """One event mention with roles and date, before it becomes a warehouse record."""

    token: Token
    pos: str
    event_class: str | None
    modality: str = "asserted"
    polarity: str = "positive"
    roles: list[tuple[str, ActorMention]] = field(default_factory=list)
    date: DateInfo | None = None
    light_verb: Token | None = None

    def actors(self, *roles: str) -> set[str]:
        return {m.canonical for r, m in self.roles if r in roles}


def is_trigger(token: Token, in_entity: set[int]) -> bool:
    """A content verb that is not stative, or a noun listed as an event noun."""
    if token.i in in_entity or token.dep_ in ("amod", "compound", "nmod"):
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


def _subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """(agent tokens, patient tokens) from the verb's own subjects, passive agents included."""
    agents: list[Token] = []
    patients: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            agents.append(child)
        elif child.dep_ in ("nsubjpass", "csubjpass"):
            patients.append(child)
        elif child.dep_ == "agent":
            agents.extend(c for c in child.children if c.dep_ == "pobj")
    return agents, patients


def _inherited_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
    """Subjects a verb without its own takes from the clause it hangs on (control, coordination)."""
    agents, patients = _subjects(verb)
    if agents or patients or depth > 4 or verb.head.i == verb.i:
        return agents, patients
    head = verb.head
    if verb.dep_ == "xcomp":
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and head.lemma_.casefold() in ADDRESSEE_VERBS | {"force", "allow", "order"}:
            return objects, []
        head_agents, head_patients = _inherited_subjects(head, depth + 1)
        return head_agents + head_patients, []
    if verb.dep_ == "conj":
        return _inherited_subjects(head, depth + 1)
    if verb.dep_ in ("relcl", "acl"):
        passive = verb.tag_ == "VBN"
        return ([], [head]) if passive else ([head], [])
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":
        return _inherited_subjects(head, depth + 1)[0], []
    return [], []


def _prep_roles(token: Token, lemma: str, event_class: str | None) -> list[tuple[str, Token]]:
    found: list[tuple[str, Token]] = []
    for prep in token.children:
        if prep.dep_ not in ("prep", "dative"):
            continue
        word = prep.lower_
        objects = [c for c in prep.children if c.dep_ == "pobj"] or ([prep] if prep.dep_ == "dative" else [])
        for obj in objects:
            if word == "to" and lemma in MOTION_VERBS:
                role = "patient"
            elif word == "to" and event_class == "statement":
                role = "recipient"
            elif word in ("against", "on") and event_class in ("fight", "assault", "coerce", "disapprove"):
                role = "patient"
            elif word in ("with", "between") and event_class in ("consult", "cooperate", "fight"):
                role = "patient"
            elif word == "of" and token.pos_ == "NOUN":
                role = "patient"
            elif word == "by" and token.pos_ == "NOUN":
                role = "agent"
            elif word in LOCATION_PREPS:
                role = "location"
            else:
                role = "other"
            found.append((role, obj))
    return found


def _verb_roles(verb: Token, event_class: str | None) -> list[tuple[str, Token]]:
    lemma = verb.lemma_.casefold()
    agents, patients = _inherited_subjects(verb)
    roles = [("agent", t) for t in agents] + [("patient", t) for t in patients]
    for child in verb.children:
        if child.dep_ == "dobj":
            roles.append(("recipient" if lemma in ADDRESSEE_VERBS else "patient", child))
        elif child.dep_ == "dative":
            roles.append(("recipient", child))
    roles.extend(_prep_roles(verb, lemma, event_class))
    return roles


def _noun_roles(noun: Token, event_class: str | None) -> list[tuple[str, Token]]:
    roles: list[tuple[str, Token]] = []
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
            roles.append(("agent", child))
    roles.extend(_prep_roles(noun, noun.lemma_.casefold(), event_class))
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.casefold() in LIGHT_VERBS and head.pos_ == "VERB":
        agents, _ = _inherited_subjects(head)
        roles.extend(("agent", t) for t in agents)
        roles.extend(r for r in _prep_roles(head, head.lemma_.casefold(), event_class) if r[0] == "location")
    return roles


def _modality(token: Token) -> tuple[str, str]:
    """(modality, polarity) from auxiliaries, negation, governing plan verbs and reporting verbs."""
    polarity = "positive"
    modality = "asserted"
    children = list(token.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children):
        polarity = "negative"
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    head = token.head
    if auxes & FUTURE_AUX:
        modality = "planned"
    elif auxes & HYPOTHETICAL_AUX or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
        modality = "hypothetical"
    elif token.dep_ == "xcomp" and (head.lemma_.casefold() in PLAN_VERBS or "to" in auxes):
        modality = "planned" if head.lemma_.casefold() in PLAN_VERBS else modality
        if head.i != token.i and modality == "asserted":
            modality = _modality(head)[0]
    elif token.dep_ in ("relcl", "acl") and "to" in auxes and token.tag_ == "VB":
        modality = "planned"
    if modality == "asserted":
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                break
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.casefold() in REPORTING_VERBS:
                modality = "reported"
                break
            node = node.head
    return modality, polarity


def _attach_timexes(doc: Doc, timexes: list[Timex], events: dict[int, Event]) -> None:
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
                subject_events = [events[c.i] for c in node.children if c.dep_ == "nsubj" and c.i in events]
                node = subject_events[0].token if subject_events else node
                break
            if node.head.i == node.i or (node.i not in covered and node.dep_ in _CLAUSE_EDGES):
                break
            node = node.head
        event = events.get(node.i)
        if event is None or event.date is not None:
            continue
        bounds = value_range(timex.value)
        start, end, granularity = bounds if bounds else (None, None, None)
        event.date = DateInfo(timex.value, start, end, granularity, "timex", timex)


def _share_coreferent_dates(events: list[Event]) -> None:
    """Mentions of one event (same class, agent and counterpart) take the most precise date."""
    keyed = [e for e in events if e.event_class and e.actors("agent") and e.actors("patient", "recipient")]
    for event in keyed:
        for other in keyed:
            if other is event or other.date is None or other.date.start is None:
                continue
            if (other.event_class != event.event_class or other.polarity != event.polarity
                    or not event.actors("agent") & other.actors("agent")
                    or not event.actors("patient", "recipient") & other.actors("patient", "recipient")):
                continue
            mine = event.date
            if mine is None or (mine.start is not None and mine.end is not None
                                and mine.start <= other.date.start and other.date.end <= mine.end
                                and (mine.end - mine.start) > (other.date.end - other.date.start)):
                event.date = DateInfo(other.date.value, other.date.start, other.date.end,
                                      other.date.granularity, "coreference", other.date.timex)


def find_events(doc: Doc, actors: ArticleActors, timexes: list[Timex]) -> list[Event]:
    """All events of a parsed article with roles, modality, polarity and dates."""
    in_entity = {t.i for ent in doc.ents for t in ent}
    events: dict[int, Event] = {}
    for token in doc:
        if not is_trigger(token, in_entity):
            continue
        entry = class_of(token.lemma_)
        event_class = entry.name if entry else None
        event = Event(token, token.pos_, event_class)
        event.modality, event.polarity = _modality(token)
        events[token.i] = event
    for event in events.values():
        token = event.token
        pairs = _verb_roles(token, event.event_class) if event.pos == "VERB" else _noun_roles(token, event.event_class)
        if event.pos == "VERB" and token.lemma_.casefold() in MOTION_VERBS and event.event_class is None:
            if any(r == "patient" and actors.for_token(t) for r, t in pairs):
                event.event_class = "consult"
        if event.pos == "NOUN" and token.dep_ == "dobj" and token.head.i in events:
            event.light_verb = token.head
            event.modality = events[token.head.i].modality
        seen: set[tuple[str, int]] = set()
        for role, arg in pairs:
            for tok in _expand(arg):
                mention = actors.for_token(tok)
                if mention is None or (role, id(mention)) in seen or mention.start <= token.i < mention.end:
                    continue
                if role == "location" and mention.label not in PLACE_LABELS:
                    role_here = "other"
                else:
                    role_here = role
                seen.add((role, id(mention)))
                event.roles.append((role_here, mention))
    _attach_timexes(doc, timexes, events)
    for event in events.values():
        if event.date is None and event.light_verb is not None:
            verb_event = events.get(event.light_verb.i)
            if verb_event is not None and verb_event.date is not None:
                event.date = verb_event.date
    ordered = sorted(events.values(), key=lambda e: e.token.i)
    _share_coreferent_dates(ordered)
    return ordered

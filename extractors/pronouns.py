"""Third-person singular pronouns ("he", "his", "her") joined to the person they refer back to.

Why a rule of our own: the coreference libraries for spaCy cannot run here. coreferee 1.5
(spaCy < 3.9 on PyPI) fetches its English model from GitHub (`python -m coreferee install en`;
no model package on PyPI) and its model table ends at en_core_web_sm 3.7; spacy-experimental's
coref and fastcoref load their models from hubs. And news about people is full of "He
announced …" right after the name. The rule follows the classic rule-based resolvers (Hobbs 1978; Lappin & Leass 1994) and
is kept conservative, so that a wrong actor is rarer than a missing one:

- only he/him/his/himself and she/her/hers/herself; "it" and "they" are left alone (they refer
  to organisations, products, groups and whole clauses too often to guess);
- candidates are the people the article names (a name, a surname, a title phrase such as "the
  president", or an earlier resolved pronoun), looked for in the pronoun's own sentence before
  it, then one sentence back, then two: the nearest sentence with a candidate decides;
- gender must agree where it is known: from a first name (`gender-guesser`'s dictionary; only
  its sure answers), a gendered title ("Mrs", "Queen", "spokeswoman") or a pronoun already
  resolved to that person in the article; a known match outranks an unknown gender;
- within that sentence a subject of the main clause outranks another subject, a subject an
  object, an object anything else; a pronoun object is never the subject of its own clause
  ("Jobs praised him"), and a reflexive always is ("Jobs praised himself");
- a possessive ("his", "her") is bound by the subject of its clause when that subject is a
  person the article names, even one named after it ("During his tour, Haniya secured …"), and
  resolves nothing when that subject is an unnamed person ("the lawmaker who … with his call");
- a pronoun inside a quotation is left alone: the quoted speaker talks of someone else as often
  as not ("We have not asked him to resign," Burns said);
- two different people equally ranked resolve nothing.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from .lexicon import word_table
from .model import ActorMention

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}
REFLEXIVES = frozenset({"himself", "herself"})
PRONOUN_LABEL = "PRON"
WINDOW_SENTENCES = 2  # sentences before the pronoun's own that may hold its antecedent
_TITLE_GENDER: dict[str, str] = {title: gender for title, (gender,) in word_table("title_gender").items()}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})


@lru_cache(maxsize=1)
def _name_detector() -> object:
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


def name_gender(name: str) -> str | None:
    """'male'/'female' when the first of at least two name words is surely one, else None."""
    words = name.split()
    if len(words) < 2 or not words[0].isalpha():
        return None
    guess = _name_detector().get_gender(words[0])  # type: ignore[attr-defined]
    return guess if guess in ("male", "female") else None


def _rank(doc: Doc, m: ActorMention) -> int:
    root = doc[m.root]
    if root.dep_ in _SUBJECT_DEPS:
        return 90 if root.head.dep_ == "ROOT" else 80
    return 50 if root.dep_ in _OBJECT_DEPS else 40


def _clause_subjects(token: Token) -> set[int]:
    """Token indices of the subjects of the verb the pronoun depends on (through a preposition)."""
    head = token.head
    if head.dep_ == "prep" and head.head.i != head.i:
        head = head.head
    return {c.i for c in head.children if c.dep_ in _SUBJECT_DEPS}


_QUOTES = ('"', "\u201c", "\u201d")


def in_quotation(text: str, idx: int) -> bool:
    """An odd number of quotation marks between the paragraph's start and the token."""
    start = text.rfind("\n", 0, idx) + 1
    segment = text[start:idx]
    return sum(segment.count(q) for q in _QUOTES) % 2 == 1


def _possessive_binder(token: Token) -> Token | None:
    """The subject of the nearest verb above the token, unless the token is inside that subject;
    a relative "who" stands for the noun its clause describes."""
    verb = token.head
    inside = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        inside, verb = verb, verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects or subjects[0].i == inside.i or subjects[0].i == token.i:
        return None
    subject = subjects[0]
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head
    return subject


def _genders(doc: Doc, people: Sequence[ActorMention]) -> dict[str, str]:
    """Gender per actor (canonical name) from titles before its mentions and its first name."""
    genders: dict[str, str] = {}
    for m in people:
        words = [doc[m.start - 1].lower_] if m.start > 0 else []
        words += [t.lower_ for t in doc[m.start:m.end]] + sorted(m.titles)
        found = {_TITLE_GENDER[w] for w in words if w in _TITLE_GENDER} or {name_gender(m.canonical)} - {None}
        if len(found) == 1:
            genders.setdefault(m.canonical, found.pop())  # type: ignore[arg-type]
    return genders


def resolve_pronouns(doc: Doc, mentions: Sequence[ActorMention], taken: set[int]) -> list[ActorMention]:
    """Mentions for the pronouns this rule resolves, each carrying its antecedent's actor."""
    sent_starts = [s.start for s in doc.sents]

    def sentence_of(i: int) -> int:
        return bisect.bisect_right(sent_starts, i) - 1

    # A person's name has a capital letter: "lorry" tagged PERSON is a tagger's slip, not a person.
    people = sorted((m for m in mentions if m.actor_type == "person" and not m.phrase
                     and any(ch.isupper() for ch in m.canonical)), key=lambda m: m.start)
    genders = _genders(doc, people)
    found: list[ActorMention] = []
    for token in doc:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or token.tag_ not in ("PRP", "PRP$") or token.i in taken:
            continue
        if in_quotation(doc.text, token.idx):
            continue
        here = sentence_of(token.i)
        candidates = people + found  # named people and the pronouns resolved so far
        if token.tag_ == "PRP$":
            subject = _possessive_binder(token)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                bound = next((m for m in candidates if m.start <= subject.i < m.end), None)
                if bound is None:
                    if any(c.dep_ == "relcl" and any(w.tag_ == "WP" for w in c.children) for c in subject.children) \
                            or subject.pos_ == "PROPN":
                        continue  # an unnamed person ("the lawmaker who …") or a name we do not know
                elif genders.get(bound.canonical, gender) == gender:
                    genders.setdefault(bound.canonical, gender)
                    found.append(_pronoun_mention(token, bound))
                    continue
        subjects = _clause_subjects(token)
        reflexive = token.lower_ in REFLEXIVES
        bound_object = token.tag_ == "PRP" and token.dep_ in _OBJECT_DEPS and not reflexive
        # the actors that are the subject of the pronoun's own clause (binding works on actors)
        clause_subjects = {m.canonical for m in candidates if m.root in subjects}
        # per sentence distance: actor -> (score, position, mention); the nearest sentence decides
        by_distance: dict[int, dict[str, tuple[int, int, ActorMention]]] = {}
        for m in candidates:
            distance = here - sentence_of(m.start)
            if m.end > token.i or distance > WINDOW_SENTENCES or genders.get(m.canonical, gender) != gender:
                continue
            in_clause_subject = m.canonical in clause_subjects
            if (reflexive and not in_clause_subject) or (bound_object and in_clause_subject):
                continue
            score = _rank(doc, m) + (100 if m.canonical in genders else 0)
            best_here = by_distance.setdefault(distance, {})
            if (score, m.start) > best_here.get(m.canonical, (-1, -1, m))[:2]:
                best_here[m.canonical] = (score, m.start, m)
        best = by_distance[min(by_distance)] if by_distance else {}
        ranked = sorted(best.values(), key=lambda v: (-v[0], -v[1]))
        if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
            continue
        antecedent = ranked[0][2]
        genders.setdefault(antecedent.canonical, gender)
        found.append(_pronoun_mention(token, antecedent))
    return found


def _pronoun_mention(token: Token, antecedent: ActorMention) -> ActorMention:
    return ActorMention(token.i, token.i + 1, token.i, token.idx, token.idx + len(token.text), token.text,
                        PRONOUN_LABEL, antecedent.canonical, antecedent.actor_type, antecedent.country,
                        antecedent.titles, antecedent.canonical)

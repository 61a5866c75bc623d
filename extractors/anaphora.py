"""Organisations and products referred back to: "the company", "the airline", "it", "its".

News names an organisation once and then says "the company said", "the airline's profit" or "it
cut 300 jobs"; without these the organisation misses every event after its first sentence. The
rule is conservative, like pronouns.py (a wrong actor is worse than a missing one):

- a definite description: "the" + a descriptor noun of extractors/data/org_descriptors.txt
  ("company", "airline", "bank", "maker"), with no modifier of its own ("the new company" and "the
  company's rival" are someone else) and no "of" after it. Its antecedent is the organisation
  last introduced with that noun ("Ryanair, the low-cost airline", "plane maker Boeing": the
  noun in its own phrase), else the nearest organisation named in its sentence before it or in
  the two sentences before — when exactly one organisation is named there;
- "it" as a subject or "its" as a possessor: the organisation or product that is the subject of
  the previous clause of its sentence or of the sentence before (not a person or a place), when
  no other organisation or product is named between.
  "It" before a copula with a clause or an adjective ("it is expected that", "it was unclear") is
  no one, and "it" inside a quotation is left alone.

Measured (trial / airline timelines, entity event F1): "the company" and "it" for organisations
0.674/0.426 -> 0.677/0.428; "it" for products too 0.691/0.438 -> 0.694/0.438. Descriptions of
products ("the plane", "the phone") gained the airlines 0.012 and cost the trial 0.011 — an
article about one product names several ("the phone" after the iPhone 4 and the iPhone 3GS) —
so they are left out.

Why a rule of our own: see pronouns.py (no coreference model is installable here).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from .lexicon import word_list
from .model import ActorMention
from .pronouns import in_quotation

ORG_DESCRIPTORS = word_list("org_descriptors")
_KINDS = ("organisation", "product")
WINDOW_SENTENCES = 2
ORG_PRONOUN_LABEL = "PRON"
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _is_thing(m: ActorMention) -> bool:
    return m.actor_type in _KINDS and not m.phrase and any(ch.isupper() for ch in m.canonical)


def _described_with(doc: Doc, m: ActorMention) -> set[str]:
    """Descriptor nouns in the name's own phrase: "plane maker Boeing", "Ryanair, the airline"."""
    root = doc[m.root]
    nouns = {c.lemma_.casefold() for c in root.children if c.dep_ in ("compound", "appos") and c.i not in range(m.start, m.end)}
    if root.dep_ == "appos":
        nouns.add(root.head.lemma_.casefold())
    if root.dep_ == "compound" and root.head.i >= m.end:
        nouns.add(root.head.lemma_.casefold())
    if m.kind_noun is not None:  # "the iPod portable music player"
        nouns.add(doc[m.kind_noun].lemma_.casefold())
    return nouns & ORG_DESCRIPTORS


def _mention(doc: Doc, start: int, end: int, head: Token, label: str, antecedent: ActorMention) -> ActorMention:
    span = doc[start:end]
    return ActorMention(start, end, head.i, span.start_char, span.end_char, span.text, label,
                        antecedent.canonical, antecedent.actor_type, antecedent.country,
                        canonical=antecedent.canonical)


def resolve_organisations(doc: Doc, mentions: Sequence[ActorMention], taken: set[int]) -> list[ActorMention]:
    """Mentions for "the company" and "it"/"its" that refer back to a named organisation (or, for
    "it"/"its", a product)."""
    sent_starts = [s.start for s in doc.sents]

    def sentence_of(i: int) -> int:
        return bisect.bisect_right(sent_starts, i) - 1

    orgs = sorted((m for m in mentions if _is_thing(m)), key=lambda m: m.start)
    if not orgs:
        return []
    described = {id(m): _described_with(doc, m) for m in orgs}  # names only: a resolved mention describes nothing
    others = sorted((m for m in mentions if m.actor_type not in _KINDS), key=lambda m: m.start)
    found: list[ActorMention] = []
    for token in doc:
        described_noun = token.pos_ == "NOUN" and token.lemma_.casefold() in ORG_DESCRIPTORS
        pronoun = token.lower_ in ("it", "its") and token.tag_ in ("PRP", "PRP$")
        if token.i in taken or not (described_noun or pronoun) or in_quotation(doc.text, token.idx):
            continue
        here = sentence_of(token.i)
        earlier = sorted((m for m in [*orgs, *found] if m.end <= token.i and here - sentence_of(m.start) <= WINDOW_SENTENCES),
                         key=lambda m: m.start)
        if not earlier:
            continue
        antecedent: ActorMention | None = None
        start = token.i
        if described_noun:
            noun = token.lemma_.casefold()
            dets = [c for c in token.children if c.dep_ in ("det", "poss")]
            if [c.lower_ for c in dets] != ["the"] or any(
                    c.dep_ in ("amod", "compound", "nmod", "nummod") or (c.dep_ == "prep" and c.lower_ == "of")
                    for c in token.children):
                continue
            introduced = [m for m in orgs if m.end <= token.i and noun in described.get(id(m), set())]
            nearby = [m for m in earlier if m.actor_type == "organisation"]
            if introduced:
                antecedent = introduced[-1]
            elif len({m.canonical for m in nearby}) == 1:
                antecedent = nearby[-1]
            start = dets[0].i
        else:
            if token.tag_ == "PRP" and (token.dep_ not in _SUBJECTS or _expletive(token)):
                continue
            antecedent = _subject_antecedent(token, earlier, others, sentence_of)
        if antecedent is not None:
            found.append(_mention(doc, start, token.i + 1, token, ORG_PRONOUN_LABEL if start == token.i else antecedent.label,
                                  antecedent))
    return found


def _expletive(token: Token) -> bool:
    """ "It is expected that …", "it was unclear whether …", "it seems": no one."""
    head = token.head
    return head.lemma_ in ("be", "seem", "appear", "remain") and any(
        c.dep_ in ("acomp", "ccomp", "xcomp", "attr") for c in head.children)


def _subject_antecedent(token: Token, earlier: list[ActorMention], others: list[ActorMention],
                        sentence_of: Callable[[int], int]) -> ActorMention | None:
    """The organisation subject of the nearest earlier clause (this sentence, else the one before)."""
    here = sentence_of(token.i)
    for distance in (0, 1):
        subjects = [m for m in earlier if here - sentence_of(m.start) == distance
                    and token.doc[m.root].dep_ in _SUBJECTS]
        if not subjects:
            continue
        candidate = subjects[-1]
        between = [m for m in earlier if m.start > candidate.end and m.canonical != candidate.canonical]
        if between:
            return None
        return candidate
    return None


_MODEL = re.compile(r"^(?:[A-Z]{0,2}-?\d{2,4}[A-Z]{0,3}|[A-Z]\d{1,4})(?:s|'s|’s)?$")


def resolve_model_numbers(doc: Doc, mentions: Sequence[ActorMention], taken: set[int]) -> list[ActorMention]:
    """ "the 787", "787s", "the A380": a model designator that is a word of a product (or
    organisation) named earlier in the article ("Boeing 787", "Airbus A380") is that actor; the
    tagger often leaves the short form untagged or calls it a number."""
    named = sorted((m for m in mentions if m.actor_type in _KINDS and not m.phrase), key=lambda m: m.start)
    found: list[ActorMention] = []
    for token in doc:
        if token.i in taken or not _MODEL.match(token.text):
            continue
        word = re.sub(r"(?:s|'s|’s)$", "", token.text)
        if not word or (word.isdigit() and len(word) == 4 and token.ent_type_ != "PRODUCT"):
            continue  # '2007' is a year, not the Windows 2007 named before
        earlier = [m for m in named if m.end <= token.i
                   and (word in m.canonical.split()[1:] or word == m.canonical)]
        if not earlier:
            continue
        antecedent = earlier[-1]
        found.append(_mention(doc, token.i, token.i + 1, token, antecedent.label, antecedent))
    return found

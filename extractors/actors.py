"""Actor mentions in one parsed article, each joined to the article's canonical name for its actor.

Named entities (PERSON, ORG, GPE, NORP, LOC, FAC) are the mentions; a nationality before a group
noun ("Syrian troops") or a possessor of one ("Assad's government") makes a group actor; a title
phrase ("the Turkish president") joins the person the article introduced with that title. Short
names join the longest name that contains them ("Erdoğan" → "Recep Tayyip Erdoğan"), and so
does a surname the tagger missed; "the store" joins the last "… Store" named. Products with a
model number come from products.py. "He", "his", "her" join the person they refer back
to (pronouns.py); "it" and "they" are not resolved.
"""
from __future__ import annotations

import re
import unicodedata
from typing import cast

from spacy.tokens import Doc, Span, Token

from .countries import country_code, nationality_of, place_type
from .joining import join_short_forms, unify_types
from .lexicon import word_list, word_table
from .model import ActorMention, ActorType, ArticleActors
from .anaphora import resolve_model_numbers, resolve_organisations
from .products import product_noun, product_spans
from .pronouns import resolve_pronouns

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
# Collective nouns that turn a nationality or a named possessor into a group actor.
GROUP_NOUNS = word_list("group_nouns")
# Title nouns that let "the president" refer back to the person introduced as "President X".
TITLE_NOUNS = word_list("title_nouns")
_TYPE_BY_LABEL: dict[str, ActorType] = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "LOC": "location",
                  "FAC": "facility", "PRODUCT": "product"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s*['’]s?|[\s,.;:!?\"“”'’()\[\]-])+$")


def clean_name(text: str) -> str:
    """A mention's text as a name: one line, no leading article, no trailing possessive/punctuation."""
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    name = _TRAILING.sub("", name)
    return unicodedata.normalize("NFC", name)


def _title_words(root: Token, span_start: int) -> list[Token]:
    """Title and nationality words before a name in its own noun phrase, or in an apposition."""
    words: list[Token] = []
    stack = [c for c in root.children if c.i < span_start and c.dep_ in ("compound", "amod", "nmod")]
    while stack:
        tok = stack.pop()
        words.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in ("compound", "amod", "nmod"))
    for child in root.children:
        if child.dep_ == "appos":
            words.append(child)
            words.extend(c for c in child.children if c.dep_ in ("compound", "amod"))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":  # "his Russian counterpart Vladimir Putin"
        words.append(root.head)
        words.extend(c for c in root.head.children if c.dep_ in ("compound", "amod") and c.i < root.head.i)
    return words


# A common noun that says what a name is: "the town of Morek", "the jihadi group Tahir al-Sham".
# ("the capital of X" is not: X holds the capital)
# (extractors/data/place_descriptors.tsv; tests/test_lexicon.py checks each type is an ActorType)
_PLACE_DESCRIPTORS: dict[str, ActorType] = {w: cast(ActorType, t)
                                            for w, (t,) in word_table("place_descriptors").items()}
_ORG_DESCRIPTORS = word_list("org_descriptors")


def _descriptor_label(ent: Span) -> tuple[str, ActorType] | None:
    """(label, actor type) a descriptor noun gives a name, overriding the tagger's guess."""
    root = ent.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.i < head.i:
        noun = head.head
    elif root.dep_ == "appos" and head.i < ent.start:
        noun = head
    else:
        noun = None
    if noun is None or noun.pos_ != "NOUN":
        return None
    lemma = noun.lemma_.casefold()
    if lemma in _PLACE_DESCRIPTORS:
        return "GPE", _PLACE_DESCRIPTORS[lemma]
    if lemma in _ORG_DESCRIPTORS:
        return "ORG", "organisation"
    return None


# Last words that make a name an organisation whatever the tagger says ("App Store", "Apple Inc.").
_ORG_HEAD_WORDS = word_list("org_head_words")


def _entity_mention(ent: Span) -> ActorMention | None:
    name = clean_name(ent.text)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if (len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 3 and before is not None
            and before.text[:1].isdigit()) or any(c.dep_ == "nummod" and c.text[:1].isdigit() and c.i < ent.start
                                                  for c in ent.root.children):
        return None  # a unit counted by a number is no actor: "16 GB", "5 MW"
    label = ent.label_
    org_named = name.split()[-1].casefold().strip(".") in _ORG_HEAD_WORDS
    if label in ("PERSON", "GPE", "LOC", "NORP") and org_named:
        label = "ORG"
    described = _descriptor_label(ent) if label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and not org_named else None
    label = described[0] if described else label
    country = country_code(name, label)
    if label == "GPE":
        actor_type = place_type(name)
        if described and actor_type == "region":
            actor_type = described[1]
    else:
        actor_type = _TYPE_BY_LABEL[label]
    titles: frozenset[str] = frozenset()
    if label in ("PERSON", "ORG"):
        words = _title_words(ent.root, ent.start)
        titles = frozenset(w.lemma_.casefold() for w in words)
        country = country or nationality_of([w.text for w in words])
    return ActorMention(ent.start, ent.end, ent.root.i, ent.start_char, ent.end_char, ent.text,
                        label, name, actor_type, country, titles, votes=3 if described else 1,
                        kind_noun=product_noun(ent.root))


def _group_mention(doc: Doc, ent: Span, named: ActorMention) -> ActorMention | None:
    """ "Syrian troops", "Assad's government": a nationality or possessor heading a group noun."""
    head = ent.root.head
    if head.i == ent.root.i or head.i < ent.end or head.i - ent.end > 2 or head.pos_ != "NOUN":
        return None
    if head.lemma_.casefold() not in GROUP_NOUNS:
        return None
    if (ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound", "nmod")) or (
            ent.label_ == "ORG" and ent.root.dep_ == "compound"):  # "Houthi rebels", "Hamas fighters"
        words = [named.name] + [t.text for t in doc[ent.end:head.i + 1] if t.dep_ != "case"]
    elif ent.root.dep_ == "poss" and ent.label_ in ("PERSON", "ORG", "GPE"):
        words = [named.name] + [t.text for t in doc[ent.end:head.i + 1]
                                if t.dep_ not in ("case", "punct") and t.text not in ("'s", "’s")]
    else:
        return None
    name = clean_name(" ".join(words))
    return ActorMention(ent.start, head.i + 1, head.i, ent.start_char, head.idx + len(head.text),
                        doc.text[ent.start_char: head.idx + len(head.text)], ent.label_, name,
                        "group", named.country, phrase=True)


def _title_mentions(doc: Doc, taken: set[int], people: list[ActorMention]) -> list[ActorMention]:
    """ "the Turkish president" → the last person introduced with that title (and nationality)."""
    found: list[ActorMention] = []
    for token in doc:
        if token.i in taken or token.lemma_.casefold() not in TITLE_NOUNS or token.pos_ not in ("NOUN", "PROPN"):
            continue
        det = [c for c in token.children if c.dep_ == "det" and c.lower_ == "the"]
        if not det:
            continue
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        wanted = {token.lemma_.casefold()} | {c.lemma_.casefold() for c in modifiers}
        earlier = [p for p in people if p.start < token.i and wanted <= p.titles]
        if not earlier:
            continue
        person = earlier[-1]
        start = det[0].i
        span = doc[start: token.i + 1]
        found.append(ActorMention(start, token.i + 1, token.i, span.start_char, span.end_char,
                                  span.text, "TITLE", person.canonical, "person", person.country,
                                  person.titles, person.canonical))
    return found


_NOMINAL_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "LOC"})


def _nominal_mentions(doc: Doc, taken: set[int], named: list[ActorMention]) -> list[ActorMention]:
    """ "the store" → the last "… Store" the article named ("iTunes Music Store"), "the court" →
    "the High Court": a definite noun that is the head word of an earlier multi-word name, with
    no modifier that name lacks ("the new store" is not it)."""
    found: list[ActorMention] = []
    for token in doc:
        if token.i in taken or token.pos_ != "NOUN" or not token.is_alpha:
            continue
        if [c.lower_ for c in token.children if c.dep_ in ("det", "poss")] != ["the"]:
            continue
        word = token.lower_
        earlier = [m for m in named if m.end <= token.i and m.label in _NOMINAL_LABELS and not m.phrase
                   and len(m.name.split()) > 1 and m.name.split()[-1].casefold() in (word, token.lemma_.casefold())]
        if not earlier:
            continue
        antecedent = earlier[-1]
        name_words = {w.casefold() for w in antecedent.name.split()}
        if any((c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in name_words)
               or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children):  # "the center of …"
            continue
        start = next(c.i for c in token.children if c.dep_ == "det")
        span = doc[start: token.i + 1]
        found.append(ActorMention(start, token.i + 1, token.i, span.start_char, span.end_char, span.text,
                                  antecedent.label, antecedent.canonical, antecedent.actor_type,
                                  antecedent.country, canonical=antecedent.canonical))
    return found


_MISTAKEN_FOR_NAMES = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "GPE"})


def _surname_mentions(doc: Doc, mentions: list[ActorMention]) -> None:
    """The surname of a person the article names in full is that person wherever the tagger
    missed it or took it for something else ("Jobs welcomed everyone" after "Steve Jobs")."""
    surnames = {m.name.split()[-1] for m in mentions if m.label == "PERSON" and len(m.name.split()) > 1}
    surnames = {n for n in surnames if n[:1].isupper() and len(n) > 2}
    if not surnames:
        return
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    for token in doc:
        if token.text not in surnames or token.pos_ not in ("PROPN", "NOUN"):
            continue
        mention = by_token.get(token.i)
        if mention is None:
            if token.ent_type_ and token.ent_type_ not in _MISTAKEN_FOR_NAMES:
                continue
            mentions.append(ActorMention(token.i, token.i + 1, token.i, token.idx, token.idx + len(token.text),
                                         token.text, "PERSON", token.text, "person"))
        elif mention.name == token.text and mention.label in _MISTAKEN_FOR_NAMES and not mention.phrase:
            mention.label, mention.actor_type, mention.country = "PERSON", "person", None


def find_actors(doc: Doc) -> ArticleActors:
    """All actor mentions of a parsed article, canonicalised within the article."""
    result = ArticleActors()
    products = product_spans(doc)
    in_product = {i for span in products for i in range(span.start, span.end)}
    for span in products:
        name = clean_name(span.text)
        result.mentions.append(ActorMention(span.start, span.end, span.root.i, span.start_char, span.end_char,
                                            span.text, "PRODUCT", name, "product", kind_noun=product_noun(span.root)))
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS or any(i in in_product for i in range(ent.start, ent.end)):
            continue
        named = _entity_mention(ent)
        if named is None:
            continue
        result.mentions.append(named)
        group = _group_mention(doc, ent, named)
        if group is not None:
            result.mentions.append(group)
    _surname_mentions(doc, result.mentions)
    unify_types(result.mentions)
    join_short_forms(result.mentions)
    # Titles carry over from any mention of a person to its canonical actor.
    titles_by_actor: dict[str, set[str]] = {}
    for m in result.mentions:
        if m.label == "PERSON":
            titles_by_actor.setdefault(m.canonical, set()).update(m.titles)
    people = [m for m in result.mentions if m.label == "PERSON"]
    for m in people:
        m.titles = frozenset(titles_by_actor.get(m.canonical, ()))
    taken = {i for m in result.mentions for i in range(m.start, m.end)}
    titles = _title_mentions(doc, taken, people)
    taken.update(i for m in titles for i in range(m.start, m.end))
    result.mentions.extend(titles)
    result.mentions.extend(_nominal_mentions(doc, taken, sorted(result.mentions, key=lambda m: m.start)))
    taken = {i for m in result.mentions for i in range(m.start, m.end)}
    result.mentions.extend(resolve_pronouns(doc, result.mentions, taken))
    taken = {i for m in result.mentions for i in range(m.start, m.end)}
    result.mentions.extend(resolve_organisations(doc, result.mentions, taken))
    taken = {i for m in result.mentions for i in range(m.start, m.end)}
    result.mentions.extend(resolve_model_numbers(doc, result.mentions, taken))
    result.mentions.sort(key=lambda m: (m.start_char, -m.end_char))
    result.index()
    return result

"""Product names with a model number that the tagger misses or cuts: "iPhone 4", "iPhone 3G",
"Windows 7", "Galaxy S3", "Boeing 747".

A proper noun (or the ORG/PRODUCT name it ends) directly followed by a cardinal number in the same
noun phrase, plus letters glued to that number ("3" + "GS"), is one product name. Names of people,
places and dates never take a number this way ("Paris 2024", "June 24", "Louis 14" stay as they
are).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .lexicon import word_list

# Entity labels the name part may carry and still be a product ("iPhone" is often tagged ORG).
_NAME_LABELS = frozenset({"", "ORG", "PRODUCT", "WORK_OF_ART"})
_NUMBER_LABELS = frozenset({"", "CARDINAL", "PRODUCT", "ORG"})


def _glued_suffix(doc: Doc, number: Token) -> int:
    """End (exclusive) of the number plus alphanumeric pieces written without a space: "3" "GS"."""
    end = number.i + 1
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].is_alpha and len(doc[end]) <= 3:
        end += 1
    return end


def _same_phrase(name: Token, number: Token) -> bool:
    return number.head.i == name.i or name.head.i == number.i or number.head.i == name.head.i \
        or (number.head.i > number.i and name.head.i == number.head.i)


def product_spans(doc: Doc) -> list[Span]:
    """Spans "<name> <number>[letters]" that name a product model, left to right, not overlapping."""
    found: list[Span] = []
    taken = -1
    for token in doc[:-1]:
        number = doc[token.i + 1]
        if token.i <= taken or token.pos_ != "PROPN" or not token.is_alpha or not token.whitespace_:
            continue
        if number.pos_ != "NUM" or not number.text[:1].isdigit() or token.ent_type_ not in _NAME_LABELS:
            continue
        if number.ent_type_ not in _NUMBER_LABELS or not _same_phrase(token, number):
            continue
        start = token.i
        if token.ent_type_ in ("ORG", "PRODUCT"):
            while start > 0 and doc[start - 1].ent_type_ == token.ent_type_ and doc[start].ent_iob_ != "B":
                start -= 1
        end = _glued_suffix(doc, number)
        # "Galaxy Note 7": proper nouns before the name that modify the same phrase
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in _NAME_LABELS
               and doc[start - 1].whitespace_ and start - 1 > taken and start <= doc[start - 1].head.i < end + 1):
            start -= 1
        found.append(doc[start:end])
        taken = end - 1
    return found


# Nouns of things that a name before them can be the model of: "an iPod portable music player".
PRODUCT_NOUNS = word_list("product_nouns")


def product_noun(root: Token) -> int | None:
    """The index of the product noun a name modifies ("iPod" → "player" in "an iPod portable music
    player"), within three words after it; arguments headed by that noun then denote the name."""
    head = root.head
    if root.dep_ not in ("compound", "nmod") or head.pos_ != "NOUN" or not 0 < head.i - root.i <= 3:
        return None
    return head.i if head.lemma_.casefold() in PRODUCT_NOUNS else None

"""Within one article, mentions of one actor get one name and one type.

A short form joins the longest name it abbreviates (a person's surname, an organisation's last
words or its name without a legal suffix; places never by their last word); a name the tagger
labelled several ways takes the majority type, a product label winning over organisation; plural
product names join their singular ("iPods" → "iPod").
"""
from __future__ import annotations

import re

from .lexicon import word_list
from .model import ActorMention, ActorType

# Legal and corporate designators: "Apple Inc." is "Apple".
ORG_SUFFIXES = word_list("org_suffixes")


def _tokens_key(name: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[\s\-]+", name.casefold()) if t)


_PLACE_KINDS = frozenset({"country", "city", "location"})


_ACRONYM_SKIP = word_list("acronym_skip_words")


def _initials(full: tuple[str, ...]) -> str:
    """First letters of a name's words, without function words and a trailing legal suffix."""
    while len(full) > 1 and full[-1].strip(".,") in ORG_SUFFIXES | {"company"}:
        full = full[:-1]
    return "".join(w[0] for w in full if w not in _ACRONYM_SKIP and w[:1].isalpha())


def _is_short_form(short: tuple[str, ...], full: tuple[str, ...], kind: str) -> bool:
    """A short form names the same actor: a person's surname(s) or first name, an organisation's
    last words ("Directorate" of "Communications Directorate"), its name without a legal suffix
    ("Apple" of "Apple Inc.", never of "Apple Worldwide Developers Conference") or its initials
    ("USAF" of "United States Air Force", "EADS" of "European Aeronautic Defence and Space
    Company"). Places never join by their last word: "Korea" is not "South Korea", "York" not
    "New York"."""
    if len(short) >= len(full):
        return False
    if len(short) == 1 and kind != "person" and 2 < len(short[0]) <= 6 and short[0] == _initials(full):
        return True
    if kind == "person" and len(short) == 1 and full[0] == short[0] and len(full) == 2:
        return True  # a first name: "Steve" of "Steve Jobs" (ambiguity: see join_short_forms)
    if full[-len(short):] == short:
        return kind not in _PLACE_KINDS
    if full[:len(short)] == short:
        return all(word.strip(".,") in ORG_SUFFIXES for word in full[len(short):])
    return False


def join_short_forms(mentions: list[ActorMention]) -> None:
    """Within an article, a short form joins the longest name it abbreviates (same kind of actor)."""
    by_kind: dict[str, list[ActorMention]] = {}
    for mention in mentions:
        if mention.phrase:
            continue
        by_kind.setdefault(mention.actor_type if mention.label != "PERSON" else "person", []).append(mention)
    for kind, group in by_kind.items():
        names = sorted({m.name for m in group}, key=lambda n: (-len(_tokens_key(n)), n))
        keys = {n: _tokens_key(n) for n in names}
        counts: dict[str, int] = {}
        for m in group:
            counts[m.name] = counts.get(m.name, 0) + 1
        canonical: dict[str, str] = {}
        for name in names:
            longer = [c for c in names if _is_short_form(keys[name], keys[c], kind)]
            # Ambiguous short forms ("Smith" with two Smiths) join the most mentioned full name.
            longer.sort(key=lambda c: (-counts[c], -len(keys[c]), c))
            target = canonical.get(longer[0], longer[0]) if longer else name
            canonical[name] = target
        for mention in group:
            mention.canonical = canonical.get(mention.name, mention.name)


_THING_TYPES = ("product", "organisation")
def unify_types(mentions: list[ActorMention]) -> None:
    """One name, one type within an article: the tagger's majority wins ("Idlib" as a city 7 times
    and as an organisation once is a city), except that a name tagged a product anywhere is a
    product (the tagger often calls products organisations, rarely the reverse). Plural product
    names join their singular ("iPods" → "iPod")."""
    by_key: dict[str, list[ActorMention]] = {}
    for m in mentions:
        if not m.phrase:
            by_key.setdefault(m.name.casefold(), []).append(m)
    for key in sorted(by_key):
        singular = by_key.get(key[:-1]) if key.endswith("s") else None
        if singular and key in by_key and any(m.actor_type in _THING_TYPES for m in by_key[key]) \
                and any(m.actor_type in _THING_TYPES for m in singular):
            for m in by_key.pop(key):
                m.name = m.canonical = singular[0].name
                singular.append(m)
    for group in by_key.values():
        counts: dict[ActorType, int] = {}
        for m in group:
            counts[m.actor_type] = counts.get(m.actor_type, 0) + m.votes
        if "product" in counts and "organisation" in counts:
            counts["product"] += counts.pop("organisation")
        if len(counts) == 1 and group[0].actor_type in counts and all(m.actor_type in counts for m in group):
            continue
        best = max(counts, key=lambda k: (counts[k], k == "person"))
        label = next(m.label for m in group if m.actor_type == best)
        for m in group:
            m.actor_type, m.label = best, label

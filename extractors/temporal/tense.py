"""Clause tense from the dependency parse, used to pick past or next occurrences.

The governing verb is found by walking up from the timex's root token; its tag
and auxiliaries decide: VBD/VBN/perfect -> past, will/modals/"is set to" ->
future, VBP/VBZ -> present.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..lexicon import is_plan_governor, word_list

__all__ = ["clause_tense", "verb_tense"]

_FUTURE_AUX = word_list("future_aux")
# "is set to visit", "plans to", "going to", "is due to", "expects to" ...


def _perfect(v: Token) -> bool:
    """'had been due', 'had planned': a past perfect governor (directly or through a copula)."""
    words = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.dep_ in ("acomp", "attr") and v.head is not v:
        words += [c for c in v.head.children if c.dep_ in ("aux", "auxpass")]
    return any(w.lower_ == "had" for w in words)


def verb_tense(v: Token, depth: int = 0) -> str | None:
    """'past' | 'present' | 'future' | None for one verb token."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or any(a.tag_ == "MD" for a in auxes):
        return "future"
    if "to" in words and (v.tag_ == "VB" or (v.tag_ == "VBN" and "be" in words)):  # "to visit", "to be published"
        head = v.head
        if head is not v and is_plan_governor(head) and v.dep_ in ("xcomp", "ccomp", "advcl"):
            if _perfect(head):
                return "past"  # "had been due to expire Friday": the plan lies behind
            return "future"   # "is set to", "plans to", "is due to", "going to"
        for _ in range(6):    # otherwise the clause that embeds the infinitive decides
            if head is head.head or depth >= 3:
                break
            if head.pos_ in ("VERB", "AUX"):
                return verb_tense(head, depth + 1)
            head = head.head
        return "future"
    tag = v.tag_
    if any(a.lemma_ == "have" for a in auxes):
        return "past"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        if auxes or depth >= 3 or v.head is v or v.head.pos_ not in ("VERB", "AUX"):
            return "past"
        if v.dep_ in ("advcl", "acl", "relcl"):
            return "past"  # a reduced clause: "the decision, announced Wednesday, ..."
        ht = verb_tense(v.head, depth + 1)
        return "past" if ht in (None, "present") else ht
    if tag == "VBG":
        if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "present"
        if v.head is not v and depth < 3 and v.head.pos_ in ("VERB", "AUX"):
            return verb_tense(v.head, depth + 1)
        return None
    if tag in ("VBZ", "VBP"):
        return "present"
    if tag == "VB":
        if "did" in words:
            return "past"
        if words & {"do", "does"}:
            return "present"
        if v.head is not v and depth < 3 and v.head.pos_ in ("VERB", "AUX"):
            return verb_tense(v.head, depth + 1)
    return None


# "payable Dec. 7", "due Friday", "effective Jan. 1": the date lies ahead whatever the verb
_AHEAD_WORDS = word_list("ahead_words")


# 'until Thursday' looks ahead unless it opens a past clause ("Until Thursday they had not ...")
_AHEAD_UNLESS_PAST = frozenset({"until", "till"})
# 'planned a rally on Saturday', 'On Tuesday, the league plans to ...': the date is the planned
# event's (not when it opens a past clause, "On Friday, they planned to ...", nor for participles)
_ARRANGE_LEMMAS = frozenset({"schedule", "plan", "slate", "reschedule", "postpone"})


def clause_tense(span: Span) -> str | None:
    """Tense of the clause governing ``span`` (walk up heads to the first verb/auxiliary)."""
    tok = span.root
    ahead = False
    for _ in range(12):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.lower_ in _AHEAD_WORDS and tok.pos_ in ("ADJ", "NOUN", "ADP"):
            if tok.lower_ not in _AHEAD_UNLESS_PAST:
                return "future"
            ahead = True
        if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
            before = span.start < tok.i  # a fronted expression dates the clause itself
            tense = verb_tense(tok)
            if (tok.lemma_.lower() in _ARRANGE_LEMMAS and tok.dep_ not in ("acl", "relcl")
                    and not (before and tense == "past") and not any(c.dep_ == "neg" for c in tok.children)):
                return "future"
            if ahead:  # "gave them until Friday" looks ahead; "Until Friday they had not ..." does not
                return "past" if tense == "past" and (before or _perfect(tok)) else "future"
            return tense
    return "future" if ahead else None

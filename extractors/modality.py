"""Modality and polarity of an event mention from its auxiliaries, negation and governors.

`planned`: future auxiliaries, plan and schedule verbs ("is set to visit", "plans to sign");
`hypothetical`: modal auxiliaries and conditionals; `reported`: a complement of a reporting verb
("said the attacks were damaging"); otherwise `asserted`. Polarity is negative with a negation
("did not attack", "no agreement", "never", "failed to").
"""
from __future__ import annotations

from spacy.tokens import Token

from .model import Modality, Polarity
from .lexicon import FUTURE_AUX, HYPOTHETICAL_AUX, REPORTING_VERBS, is_plan_governor

# Governors whose complement did not happen: "failed to reach a deal", "refused to sign".
FAILURE_VERBS = frozenset({"fail", "refuse", "decline", "neglect", "avoid"})


def modality_of(token: Token) -> tuple[Modality, Polarity]:
    """(modality, polarity) from auxiliaries, negation, governing plan verbs and reporting verbs."""
    polarity: Polarity = "positive"
    modality: Modality = "asserted"
    children = list(token.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children) or (token.dep_ == "xcomp" and token.head.lemma_.casefold() in FAILURE_VERBS):
        polarity = "negative"
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    head = token.head
    if auxes & FUTURE_AUX:
        modality = "planned"
    elif auxes & HYPOTHETICAL_AUX or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
        modality = "hypothetical"
    elif token.dep_ == "xcomp" and (is_plan_governor(head) or "to" in auxes):
        modality = "planned" if is_plan_governor(head) else modality
        if head.i != token.i and modality == "asserted":
            modality = modality_of(head)[0]
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

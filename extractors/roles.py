"""Semantic roles of an event trigger from the dependency parse.

Agents are subjects and passive "by" phrases; patients are direct objects and passive subjects;
recipients are addressees ("told Putin", "said to reporters"); locations are places after a
locative preposition. A verb without a subject of its own takes the one of the clause it hangs
on (control "set to visit", coordination, participles). An event noun after a light verb
("launched an offensive") takes the verb's agent and place. Coordinated arguments each get the
role ("Turkey and Russia"), and an argument that is not a named actor ("an observation post")
is kept as the event's `patient_text`.
"""
from __future__ import annotations

from spacy.tokens import Token

from .model import Role
from .lexicon import ADDRESSEE_VERBS, LIGHT_VERBS, MOTION_VERBS, word_list

LOCATION_PREPS = word_list("location_preps")
# "One of Turkey's observation posts": the quantifier is not the thing.
_QUANTIFIER_HEADS = word_list("quantifier_heads")
# "the minister's visit to Moscow": the place visited is the patient, as with "travel to".
_TRIP_NOUNS = frozenset({"visit", "trip", "journey", "tour", "pilgrimage", "return"})
# "prompting Apple Corps to file suit": the object is the subject of the complement.
OBJECT_CONTROL_VERBS = word_list("object_control_verbs")
TRANSFER_VERBS = word_list("transfer_verbs")
_KEEP_IN_TEXT = frozenset({"compound", "amod", "nummod", "nmod", "npadvmod"})


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


def inherited_subjects(verb: Token, depth: int = 0) -> tuple[list[Token], list[Token]]:
    """Subjects a verb without its own takes from the clause it hangs on (control, coordination)."""
    agents, patients = _subjects(verb)
    if agents or patients or depth > 4 or verb.head.i == verb.i:
        return agents, patients
    head = verb.head
    if verb.dep_ == "xcomp":
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and head.lemma_.casefold() in ADDRESSEE_VERBS | OBJECT_CONTROL_VERBS:
            return objects, []
        head_agents, head_patients = inherited_subjects(head, depth + 1)
        return head_agents + head_patients, []
    if verb.dep_ == "conj":
        return inherited_subjects(head, depth + 1)
    if verb.dep_ == "amod":  # "the recently announced iPhone 4"
        return [], [head]
    if verb.dep_ in ("relcl", "acl"):
        passive = verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)
        if head.dep_ == "attr" and head.head.lemma_ == "be":  # "X was the first airline to fly it"
            subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return ([], subjects) if passive else (subjects, [])
        return ([], [head]) if passive else ([head], [])
    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "advcl" and (verb.tag_ == "VBG" or purpose):  # "…, saying", "returned to reveal"
        return inherited_subjects(head, depth + 1)[0], []
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":  # "started by hinting"
        return inherited_subjects(head.head, depth + 1)[0], []
    return [], []


def prep_roles(token: Token, lemma: str, event_class: str | None) -> list[tuple[Role, Token]]:
    found: list[tuple[Role, Token]] = []
    for prep in token.children:
        if prep.dep_ not in ("prep", "dative"):
            continue
        word = prep.lower_
        objects = [c for c in prep.children if c.dep_ == "pobj"] or ([prep] if prep.dep_ == "dative" else [])
        for obj in objects:
            role: Role
            if word == "to" and (lemma in MOTION_VERBS or (lemma in _TRIP_NOUNS and token.pos_ == "NOUN")):
                role = "patient"
            elif word == "to" and (event_class == "statement" or lemma in TRANSFER_VERBS):
                role = "recipient"
            elif (word in ("against", "on") and event_class in ("fight", "assault", "coerce", "disapprove")) or (word in ("with", "between") and event_class in ("consult", "cooperate", "fight")) or (word == "of" and token.pos_ == "NOUN"):
                role = "patient"
            elif word == "by" and token.pos_ == "NOUN":
                role = "agent"
            elif word in LOCATION_PREPS:
                role = "location"
            else:
                role = "other"
            found.append((role, obj))
    return found


def _relative_clause(verb: Token) -> Token | None:
    """The relative clause or reduced relative a verb belongs to (itself or via coordination)."""
    node = verb
    for _ in range(4):
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
            return node
        if node.dep_ != "conj":
            return None
        node = node.head
    return None


def _gap_object(verb: Token, clause: Token, agents: list[Token], patients: list[Token]) -> Token | None:
    """The modified noun as the clause's missing object: "the deal (that) we made", "a deal
    agreed by Turkey", "an iPod which is made by Apple" (the relative pronoun is the noun)."""
    if any(c.dep_ == "advmod" and c.tag_ in ("WRB",) for c in verb.children):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children) or verb.pos_ != "VERB":
        return None
    passive = verb.tag_ == "VBN" and not any(c.dep_ in ("aux",) for c in verb.children)
    if patients or passive or agents:
        return clause.head
    return None


_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})


def verb_roles(verb: Token, event_class: str | None) -> list[tuple[Role, Token]]:
    lemma = verb.lemma_.casefold()
    agents, patients = inherited_subjects(verb)
    clause = _relative_clause(verb)
    if clause is not None:
        noun = clause.head
        agents = [noun if t.lower_ in _RELATIVE_PRONOUNS else t for t in agents]
        patients = [noun if t.lower_ in _RELATIVE_PRONOUNS else t for t in patients]
        gap = _gap_object(verb, clause, agents, patients)
        if gap is not None and gap not in patients and gap not in agents:
            patients.append(gap)
    roles: list[tuple[Role, Token]] = [("agent", t) for t in agents] + [("patient", t) for t in patients]
    for child in verb.children:
        if child.dep_ == "dobj":
            roles.append(("recipient" if lemma in ADDRESSEE_VERBS else "patient", child))
        elif child.dep_ == "dative":
            roles.append(("recipient", child))
    roles.extend(prep_roles(verb, lemma, event_class))
    return roles


def noun_roles(noun: Token, event_class: str | None) -> list[tuple[Role, Token]]:
    roles: list[tuple[Role, Token]] = []
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
            roles.append(("agent", child))
    roles.extend(prep_roles(noun, noun.lemma_.casefold(), event_class))
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and is_light_verb(head):
        agents, _ = inherited_subjects(head) if noun.dep_ == "dobj" else _subjects(head)
        roles.extend(("agent", t) for t in agents)
        roles.extend(r for r in prep_roles(head, head.lemma_.casefold(), event_class) if r[0] == "location")
    return roles


def is_light_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.casefold() in LIGHT_VERBS


# "the town of Aleppo", "the city of Homs": the name after "of" is the argument.
_NAMED_BY_OF = word_list("named_by_of")


def argument_head(token: Token) -> Token:
    """ "One of the posts" → "posts", "the town of Aleppo" → "Aleppo": a quantifier's or a place
    descriptor's "of" object is the argument."""
    if token.lower_ in _QUANTIFIER_HEADS or token.like_num or (
            token.pos_ == "NOUN" and token.lemma_.casefold() in _NAMED_BY_OF):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                # a misparse can hang a possessor beside the noun: "of [Turkey]['s] [posts]"
                objects = sorted((c for c in prep.children if c.dep_ == "pobj"),
                                 key=lambda c: (c.pos_ != "NOUN", -c.i))
                if objects:
                    return objects[0]
    return token


def phrase_text(token: Token) -> str | None:
    """A common-noun argument as text: its modifiers and head, without articles, possessors or
    numbers, the head in its singular form ("12 observation posts" → "observation post")."""
    if token.pos_ not in ("NOUN", "PROPN") or not token.is_alpha:
        return None
    words: list[Token] = []
    stack = [c for c in token.children if c.i < token.i and c.dep_ in _KEEP_IN_TEXT]
    while stack:
        tok = stack.pop()
        if tok.dep_ != "nummod" and not tok.like_num and tok.ent_type_ not in ("CARDINAL", "ORDINAL"):
            words.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in ("compound", "amod", "hyph"))
    words.sort(key=lambda t: t.i)
    head = token.lemma_ if token.tag_ in ("NNS", "NNPS") and token.pos_ == "NOUN" else token.text
    text = " ".join([*(w.text for w in words if w.is_alpha or w.text == "-"), head])
    return text.replace(" - ", "-") or None


def patient_token(event_token: Token, pairs: list[tuple[Role, Token]]) -> Token | None:
    """The first patient argument of the event (for its text when it is no named actor)."""
    for role, arg in pairs:
        if role == "patient":
            return argument_head(arg)
    return None

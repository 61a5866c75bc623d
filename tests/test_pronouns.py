"""Pronoun resolution (extractors/pronouns.py) on sentences parsed by the real spaCy model:
which person each "he"/"his"/"her" is joined to, and which are rightly left alone."""
from __future__ import annotations

import pytest

from extractors.actors import find_actors
from extractors.pronouns import PRONOUN_LABEL, name_gender


def _resolved(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(pronoun as written, the person it was joined to), in text order."""
    actors = find_actors(nlp(text))
    return [(m.text, m.canonical) for m in actors.mentions if m.label == PRONOUN_LABEL]


CASES = [
    # the subject of the sentence before
    ("Steve Jobs unveiled the iPhone 4 in San Francisco on Monday. He said it would ship in June.",
     [("He", "Steve Jobs")]),
    # gender from the first name decides between two people; an object is not its clause's subject
    ("Hillary Clinton met John Kerry in Washington on Friday. She thanked him for his support.",
     [("She", "Hillary Clinton"), ("him", "John Kerry"), ("his", "John Kerry")]),
    # a possessive before the name it belongs to, bound by its clause's subject
    ("During his tour of the region, Ismail Haniya secured promises of aid from Iran.",
     [("his", "Ismail Haniya")]),
    # "him" cannot be Putin, the subject of its own clause
    ("Vladimir Putin met Recep Tayyip Erdoğan in Moscow. Putin praised him warmly.",
     [("him", "Recep Tayyip Erdoğan")]),
    # a title introduces the person; the pronoun follows the chain
    ("Turkish President Recep Tayyip Erdoğan will visit Russia on August 27. He will meet Putin there, "
     "his office said.",
     [("He", "Recep Tayyip Erdoğan"), ("his", "Recep Tayyip Erdoğan")]),
]

LEFT_ALONE = [
    # inside a quotation the speaker talks of someone else
    '"We have not asked him to resign," Nicholas Burns said on Tuesday.',
    # no person named before
    "The company said on Monday that he would resign in June.",
    # too far back: three sentences with no person in between
    "Angela Merkel arrived in Paris. The talks began at noon. The weather was fine. "
    "The summit lasted two days. He left on Sunday.",
    # the possessive belongs to an unnamed person: the lawmaker who spoke, not Bush
    "George W. Bush spoke on Monday. The lawmaker who unleashed the debate with his call was not there.",
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_pronouns_join_the_person_they_refer_to(nlp, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _resolved(nlp, text) == expected


@pytest.mark.parametrize("text", LEFT_ALONE, ids=[t[:40] for t in LEFT_ALONE])
def test_unclear_pronouns_are_left_alone(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [p for p, _ in _resolved(nlp, text) if p.lower() in ("he", "him", "his")] == []


def test_first_names_give_gender_only_when_sure() -> None:
    assert name_gender("Ellen Johnson Sirleaf") == "female"
    assert name_gender("Steve Jobs") == "male"
    assert name_gender("Kim Jong-un") is None  # 'mostly female' as a given name: not sure, so unknown
    assert name_gender("Erdoğan") is None  # one word: a surname, no first name to go by


def test_resolved_pronouns_make_events_and_are_no_aliases(nlp) -> None:  # type: ignore[no-untyped-def]
    from extractors import extract_article
    from extractors.articles import make_article

    text = "Steve Jobs unveiled the iPhone 4 on Monday. He announced a new version of iOS."
    article = make_article({"published": "2010-06-11"}, text, "test://jobs", line=None, fallback_key=text,
                           reference_date=None)
    out = extract_article(article, nlp(text), "test")
    pron = [m for m in out.mentions if m.label == PRONOUN_LABEL]
    assert [m.text for m in pron] == ["He"]
    jobs = next(a.actor_id for a in out.actors if a.canonical_name == "Steve Jobs")
    assert pron[0].actor_id == jobs
    announced = next(e for e in out.events if e.trigger_lemma == "announce")
    assert (announced.event_id, jobs, "agent") in {(ea.event_id, ea.actor_id, ea.role) for ea in out.event_actors}

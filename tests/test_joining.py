"""Short forms join the full name they abbreviate within an article (extractors/joining.py)."""
from __future__ import annotations

import pytest
from spacy.language import Language

from extractors.actors import find_actors
from extractors.joining import _is_short_form, _tokens_key


@pytest.mark.parametrize(("short", "full", "kind", "joins"), [
    ("USAF", "United States Air Force", "organisation", True),          # initials
    ("EADS", "European Aeronautic Defence and Space Company", "organisation", True),  # without 'and', suffix
    ("IBM", "International Business Machines Corp.", "organisation", True),
    ("UAS", "United States Air Force", "organisation", False),           # letters out of order
    ("Steve", "Steve Jobs", "person", True),                             # a first name
    ("Steve", "Steve Paul Jobs", "person", False),                       # only two-word names
    ("Jobs", "Steve Jobs", "person", True),                              # a surname, as before
    ("York", "New York", "city", False),                                 # places never by a last word
])
def test_short_forms(short: str, full: str, kind: str, joins: bool) -> None:
    assert _is_short_form(_tokens_key(short), _tokens_key(full), kind) is joins


def test_an_acronym_in_an_article_is_the_organisation(nlp: Language) -> None:
    doc = nlp("The United States Air Force (USAF) chose Boeing on Monday. The USAF said the tanker "
              "would fly in 2017.")
    names = {m.text: m.canonical for m in find_actors(doc).mentions}
    assert names.get("USAF") == "United States Air Force", names

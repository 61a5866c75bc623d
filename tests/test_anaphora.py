""""the company", "the airline", "it" and "its" join the organisation they refer back to (real model)."""
from __future__ import annotations

import pytest
from spacy.language import Language

from extractors.actors import find_actors


def _resolved(nlp: Language, text: str) -> dict[str, str]:
    """Surface text -> canonical actor of each resolved org reference."""
    return {m.text: m.canonical for m in find_actors(nlp(text)).mentions if m.text.lower() in
            ("it", "its", "the company", "the airline", "the bank", "the firm", "the maker")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Ryanair, the low-cost airline, cut fares. The airline said profits rose.", {"The airline": "Ryanair"}),
    ("Boeing said on Monday that it would delay the jet. Its shares fell 3 percent.",
     {"it": "Boeing", "Its": "Boeing"}),
    ("HSBC reported a loss. The bank blamed bad loans.", {"The bank": "HSBC"}),
    ("The iPhone 4 went on sale in June. Its antenna dropped calls.", {"Its": "iPhone 4"}),
])
def test_references_to_a_named_organisation(nlp: Language, text: str, expected: dict[str, str]) -> None:
    assert _resolved(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "It is expected that Airbus will win the order.",                  # expletive "it"
    "Lufthansa and Air France cut flights. The airline said demand fell.",  # two candidates
    "Boeing built the plane. The new company will sell it.",           # a modified description
    '"It will not happen," Boeing said.',                               # inside a quotation
    "Tim Cook spoke at length. It was a long speech.",                  # no organisation subject
])
def test_no_guess_when_the_reference_is_unclear(nlp: Language, text: str) -> None:
    assert not _resolved(nlp, text)


def test_a_model_number_is_the_product_named_before(nlp: Language) -> None:
    doc = nlp("Boeing unveiled the Boeing 787 Dreamliner on Sunday. The 787 will carry 250 passengers. "
              "Airlines have ordered 677 787s, and the first will fly in 2008.")
    found = {m.text: m.canonical for m in find_actors(doc).mentions}
    product = found.get("787")
    assert product is not None and product.startswith("Boeing 787"), found
    assert found.get("787s") == product
    assert "250" not in found and "677" not in found and "2008" not in found  # numbers stay numbers

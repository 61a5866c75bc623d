"""Every word list in extractors/data/ loads, validates, and can match a spaCy token."""
from __future__ import annotations

from importlib import resources

import pytest

from extractors.lexicon import VocabularyError, parse_word_list, word_list, word_list_names


def test_every_list_loads_with_a_header() -> None:
    names = word_list_names()
    assert "non_eventive_verbs" in names and "reporting_verbs" in names
    for name in names:
        entries = word_list(name)
        assert entries, name
        head = resources.files("extractors").joinpath(f"data/{name}.txt").read_text("utf-8").splitlines()[:4]
        assert head[0].startswith(f"# {name}:"), f"{name}.txt must say its purpose on line 1"
        assert any(line.startswith("# source:") for line in head), f"{name}.txt must name its source"


def test_token_lists_hold_single_lower_case_words() -> None:
    for name in word_list_names():
        for entry in word_list(name):
            assert entry == entry.lower() and entry == entry.strip(), (name, entry)


@pytest.mark.parametrize(("text", "problem", "line"), [
    ("# lookup: token\nvisit\nvisit\n", "already on line 2", 3),
    ("# lookup: token\npress conference\n", "looked up per token", 2),
    ("# lookup: token\nVisit\n", "not lower case", 2),
    ("visit\n", "before the '# lookup", 1),
    ("# lookup: phrase\nvisit\n", "valid: 'token', 'text'", 1),
])
def test_malformed_lists_name_file_and_line(text: str, problem: str, line: int) -> None:
    with pytest.raises(VocabularyError) as info:
        parse_word_list("demo.txt", text)
    assert problem in str(info.value)
    assert str(info.value).startswith("extractors/data/demo.txt:")
    assert info.value.line == line


def test_module_constants_are_the_data_files() -> None:
    from extractors import lexicon
    from extractors.temporal import tense
    assert word_list("plan_verbs") == lexicon.PLAN_VERBS
    assert word_list("plan_lemmas") == tense._PLAN_LEMMAS
    assert "say" in lexicon.REPORTING_VERBS and "be" in lexicon.NON_EVENTIVE_VERBS

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


def test_event_classes_are_single_tokens_with_their_cameo_root() -> None:
    from extractors.lexicon import CAMEO_ROOTS, event_classes
    table = event_classes()
    assert table["visit"].name == "consult" and table["visit"].cameo_root == "04"
    for lemma, entry in table.items():
        assert len(lemma.split()) == 1, lemma
        assert entry.name is None or CAMEO_ROOTS[entry.name] == entry.cameo_root, lemma


@pytest.mark.parametrize(("row", "problem"), [
    ("visit\tV\tconsult", "3 columns"),
    ("visit\tX\tconsult\t04", "valid: 'V' verb"),
    ("visit\tV\tmeeting\t04", "valid: '-', 'statement'"),
    ("visit\tV\tconsult\t05", "does not belong"),
    ("press conference\tN\tstatement\t01", "one lower-case token"),
    ("visit\tV\tconsult\t04\nvisit\tN\tconsult\t04", "already on line 2"),
])
def test_malformed_event_class_rows_are_refused(row: str, problem: str) -> None:
    from extractors.lexicon import parse_event_classes
    with pytest.raises(VocabularyError) as info:
        parse_event_classes("event_classes.tsv", "# lemma\tpos\tclass\tcameo_root\n" + row + "\n")
    assert problem in str(info.value)
    assert str(info.value).startswith("extractors/data/event_classes.tsv:")

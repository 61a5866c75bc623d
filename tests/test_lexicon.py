"""Every word list in extractors/data/ loads, validates, and can match a spaCy token."""
from __future__ import annotations

from importlib import resources

import pytest

from spacy.language import Language

from extractors.lexicon import VocabularyError, parse_word_list, word_list, word_list_names


def test_every_list_loads_with_a_header() -> None:
    names = word_list_names()
    assert "non_eventive_verbs" in names and "reporting_verbs" in names
    for name in names:
        entries = word_list(name)
        assert entries, name
        text = resources.files("extractors").joinpath(f"data/{name}.txt").read_text("utf-8")
        head = text[:text.index("# lookup:")].splitlines()  # the header: every line before the lookup
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
    assert word_list("plan_verbs") == lexicon.PLAN_VERBS
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


@pytest.mark.parametrize(("text", "verb", "planned"), [
    ("The summit is to be held in Geneva.", "held", True),       # 'be to': a plan
    ("It is interesting to note the change.", "note", False),    # 'be' with its own complement
    ("Ankara offered to mediate the talks.", "mediate", True),   # was modality's only
    ("The company is slated to open a store.", "open", True),    # was tense's only
    ("Apple plans to open a store.", "open", True),
    ("He is likely to resign.", "resign", True),                 # 'be' with a plan word as complement
])
def test_modality_and_tense_agree_on_plans(nlp: Language, text: str, verb: str, planned: bool) -> None:
    """One rule (lexicon.is_plan_governor over plan_verbs.txt): a planned event is in the future."""
    from extractors.modality import modality_of
    from extractors.temporal.tense import verb_tense
    token = next(t for t in nlp(text) if t.text == verb)
    assert (modality_of(token)[0] == "planned") is planned, [(t.text, t.dep_, t.head.text) for t in token.doc]
    assert (verb_tense(token) == "future") is planned, [(t.text, t.dep_, t.head.text) for t in token.doc]


def test_every_reporting_verb_is_a_statement_or_says_why_not() -> None:
    from extractors.lexicon import REPORTING_VERBS, class_of, word_list_notes
    notes = word_list_notes("reporting_verbs")
    unexplained = []
    for verb in sorted(REPORTING_VERBS):
        entry = class_of(verb)
        is_statement = entry is not None and entry.name == "statement"
        if is_statement == notes.get(verb, "").startswith("not a statement"):
            unexplained.append(verb)  # neither a statement nor explained, or explained but a statement
    assert not unexplained, f"reporting verbs without a statement class or a reason: {unexplained}"


def test_every_token_list_entry_is_one_token_of_the_real_tokenizer(nlp: Language) -> None:
    """An entry the tokenizer splits ('air-strike' -> 3 tokens) could never equal a token's lemma."""
    from extractors.lexicon import event_classes
    unmatchable = []
    for name in word_list_names():
        text = resources.files("extractors").joinpath(f"data/{name}.txt").read_text("utf-8")
        if "# lookup: token" not in text:
            continue
        unmatchable += [(name, e) for e in sorted(word_list(name)) if len(nlp.tokenizer(e)) != 1]
    unmatchable += [("event_classes", e) for e in sorted(event_classes()) if len(nlp.tokenizer(e)) != 1]
    assert not unmatchable


# --- key -> value tables (extractors/data/*.tsv, lexicon.word_table) ---

_HEAD = "# demo: a table\n# columns: word\tvalue\n"


@pytest.mark.parametrize(("text", "problem", "line"), [
    ("may\t5\n", "expected one '# columns:", 1),
    ("may\t5\n# columns: word\tvalue\n", "row before the '# columns:'", 1),
    (_HEAD + "# columns: word\tvalue\nmay\t5\n", "expected one '# columns:", 3),
    ("# columns: word\t\tvalue\nmay\t5\n", "empty column name", 1),
    (_HEAD + "may\t5\t6\n", "3 columns; expected 2: word, value", 3),
    (_HEAD + "may 5\n", "1 columns; expected 2", 3),
    (_HEAD + "june\t6\nmay\t5\nmay\t6\n", "'may' is already on line 4", 5),
    (_HEAD + "May\t5\n", "not lower case", 3),
    (_HEAD + "may\t\n", "is empty", 3),
    (_HEAD + "may \t5\n", "stray spaces", 3),
    (_HEAD + "less  than\tLESS_THAN\n", "stray spaces", 3),
    (_HEAD + "# no rows, only comments\n", "no rows", 2),
])
def test_malformed_tables_name_file_and_line(text: str, problem: str, line: int) -> None:
    from extractors.lexicon import parse_word_table
    with pytest.raises(VocabularyError) as info:
        parse_word_table("demo.tsv", text)
    assert problem in str(info.value)
    assert str(info.value).startswith(f"extractors/data/demo.tsv:{line}: ")
    assert info.value.file == "demo.tsv" and info.value.line == line


def test_a_table_keeps_row_order_and_skips_comments() -> None:
    from extractors.lexicon import parse_word_table
    text = _HEAD + "may\t5\n\n# a comment\nless than\tLESS_THAN\njan\t1\n"
    assert list(parse_word_table("demo.tsv", text).items()) == [
        ("may", ("5",)), ("less than", ("LESS_THAN",)), ("jan", ("1",))]
    assert parse_word_table("demo.tsv", "# columns: phrase\na few\nseveral\n") == {"a few": (), "several": ()}


def test_every_table_loads_with_a_header() -> None:
    from extractors.lexicon import CAMEO_ROOTS, event_classes, word_table, word_table_names
    folder = resources.files("extractors").joinpath("data")
    tables = word_table_names()
    assert {"months", "units", "gap_demonyms"} <= set(tables)
    assert sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".tsv")) == sorted(
        [*tables, "cameo_roots", "event_classes"])  # every .tsv is a word_table or has its own loader
    assert CAMEO_ROOTS and event_classes()
    for name in tables:
        assert word_table(name), name
        text = folder.joinpath(f"{name}.tsv").read_text("utf-8")
        head = text[:text.index("# columns:")].splitlines()
        assert head[0].startswith(f"# {name}:"), f"{name}.tsv must say its purpose on line 1"
        for field in ("# used by:", "# source:", "# example:"):
            assert any(line.startswith(field) for line in head), f"{name}.tsv must have a '{field}' line"


def test_module_constants_are_the_tables() -> None:
    from extractors import actors, places
    from extractors.lexicon import word_table
    from extractors.model import ActorType, values
    from extractors.temporal import anchor, cal, lexicon, resolve, rules_cal, rules_rel
    assert word_table("months") is word_table("months")  # read once
    assert lexicon.MONTHS["sept"] == 9 and list(lexicon.MONTHS)[:2] == ["january", "jan"]
    assert list(word_table("number_words"))[:20] == lexicon._SMALL  # zero ... nineteen, in order
    assert [lexicon.NUMBERS[w] for w in lexicon._SMALL] == list(range(20))
    assert lexicon.NUMBERS["forty-two"] == 42 and lexicon.FUZZY_NUMBERS[:2] == ("several", "a few")
    assert {t for _, (_, _, t) in word_table("units").items()} == {"yes", "no"}
    assert lexicon.UNITS["hour"] == ("hour", "H", True) and lexicon.UNITS["week"] == ("week", "W", False)
    assert resolve._PREFIX_MODS["early"] == "START" and resolve._PREFIX_MODS["rest"] is None
    assert rules_cal._FIXED_HOLIDAYS["new year's eve"] == (12, 31)
    assert rules_rel._ADVERBS["hourly"] == "PT1H" and rules_rel._REFS["the near future"] == "FUTURE_REF"
    assert set(actors._PLACE_DESCRIPTORS.values()) <= set(values(ActorType))
    assert places.GAP_DEMONYMS["cape verdean"] == "CPV"
    assert set(anchor.X_FORM) == set(cal.GRANS)
    assert set(rules_rel._GRAN.values()) <= set(cal.GRANS)

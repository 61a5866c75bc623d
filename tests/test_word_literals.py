"""Word lists live in extractors/data/, not in Python: no literal in extractors/ may hold more than 8 words.

The literals still in `REMAINING` are the calendar and date-arithmetic tables of extractors/temporal/
(values that map words to numbers or TIMEX3 units) and two name-to-kind maps; they are the open part of
issue 10. The list may only shrink: a new word-list literal, or a remaining one that grows, fails here.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "extractors"
MAX_WORDS = 8
REMAINING = {
    ("actors.py", "_PLACE_DESCRIPTORS"): 10, ("places.py", "GAP_DEMONYMS"): 15,
    ("temporal/anchor.py", "X_FORM"): 10, ("temporal/cal.py", "GRANS"): 10,
    ("temporal/lexicon.py", "MONTHS"): 24, ("temporal/lexicon.py", "_SMALL"): 20,
    ("temporal/lexicon.py", "FUZZY_NUMBERS"): 13, ("temporal/lexicon.py", "ORDINALS"): 27,
    ("temporal/lexicon.py", "UNITS"): 18, ("temporal/lexicon.py", "DAY_PARTS"): 11,
    ("temporal/lexicon.py", "APPROX_MODS"): 22, ("temporal/resolve.py", "_PREFIX_MODS"): 13,
    ("temporal/rules_cal.py", "fixed"): 12, ("temporal/rules_rel.py", "_GRAN"): 9,
    ("temporal/rules_rel.py", "_REFS"): 19, ("temporal/rules_rel.py", "_ADVERBS"): 12,
}


def _words(node: ast.AST) -> int:
    """String entries of a set/list/tuple/dict literal (dict: its keys), nested ones included."""
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return sum(1 if isinstance(e, ast.Constant) and isinstance(e.value, str) else _words(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return sum(1 for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "split" and isinstance(func.value, ast.Constant):
            return len(str(func.value.value).split())
        return sum(_words(a) for a in node.args)
    return 0


def word_literals() -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                name = getattr(target, "id", getattr(target, "attr", "?"))
                if name == "__all__":
                    continue
                n = _words(node.value)
                if n > MAX_WORDS:
                    found[(path.relative_to(ROOT).as_posix(), name)] = n
    return found


def test_counter_sees_a_word_list() -> None:
    tree = ast.parse('X = frozenset({"a", "b", "c", "d", "e", "f", "g", "h", "i"})')
    assert _words(tree.body[0].value) == 9  # type: ignore[attr-defined]


def test_no_new_word_list_literals() -> None:
    found = word_literals()
    new = {k: n for k, n in found.items() if n > REMAINING.get(k, MAX_WORDS)}
    assert not new, f"move these word lists to extractors/data/ (see extractors/lexicon.word_list): {new}"

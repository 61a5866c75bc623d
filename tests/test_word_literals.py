"""Word lists live in extractors/data/, not in Python: no literal in extractors/ may hold more than 8 words.

Key -> value tables are extractors/data/*.tsv, read with extractors/lexicon.word_table (issue 10: the
calendar tables of extractors/temporal/ and the name-to-kind maps moved there). `Literal[...]` types, the
closed vocabularies such as cal.Granularity, are not literals of this kind and are not counted.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "extractors"
MAX_WORDS = 8


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


def _direct_words(node: ast.AST) -> int:
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    if isinstance(node, ast.Dict):
        return sum(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys)
    return 0


def inline_word_literals() -> dict[tuple[str, str], int]:
    """Containers anywhere (a call's argument, a function's local) with more than MAX_WORDS strings,
    except `__all__` and the slice of a subscript (`Literal[...]`)."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        exempt = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        exempt |= {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
                   and any(getattr(t, "id", None) == "__all__" for t in n.targets)}
        for node in ast.walk(tree):
            n = _direct_words(node)
            if n > MAX_WORDS and id(node) not in exempt:
                found[(path.relative_to(ROOT).as_posix(), f"line {getattr(node, 'lineno', '?')}")] = n
    return found


def test_no_word_list_hides_inside_a_call_or_a_function() -> None:
    found = inline_word_literals()
    assert not found, f"move these word lists to extractors/data/: {found}"


def test_counter_sees_a_word_list() -> None:
    tree = ast.parse('X = frozenset({"a", "b", "c", "d", "e", "f", "g", "h", "i"})')
    assert _words(tree.body[0].value) == 9  # type: ignore[attr-defined]


def test_no_new_word_list_literals() -> None:
    found = word_literals()
    assert not found, ("move these word lists to extractors/data/ (see extractors/lexicon.word_list and "
                       f"word_table): {found}")

"""One exception hierarchy: every exception class the project defines derives from DatelineError,
with its own stable code."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import extractors
import warehouse
from extractors.errors import DatelineError, error_classes


def _project_exceptions() -> list[type[BaseException]]:
    found = []
    for package in (extractors, warehouse):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, BaseException) and obj.__module__ == info.name:
                    found.append(obj)
    return found


def test_every_project_exception_is_a_dateline_error() -> None:
    classes = _project_exceptions()
    assert len(classes) >= 9
    assert [c.__qualname__ for c in classes if not issubclass(c, DatelineError)] == []


def test_codes_are_unique_and_stable_in_form() -> None:
    classes = [c for c in _project_exceptions() if issubclass(c, DatelineError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), codes
    assert all(len(code) == 4 and code[0] == "D" and code[1:].isdigit() for code in codes)
    assert set(error_classes()) >= set(codes)


def test_builtin_bases_are_kept() -> None:
    from warehouse.query import WarehouseMissing
    with pytest.raises(FileNotFoundError):
        raise WarehouseMissing("no warehouse yet")


def test_readme_lists_every_code() -> None:
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    missing = [f"{code} {cls.__name__}" for code, cls in error_classes().items()
               if code != "D000" and f"| {code} | `{cls.__name__}` |" not in readme]
    assert not missing, f"README's Errors table lacks {missing}"

"""The closed vocabularies of extractors/model.py are the values the code makes and schema.sql lists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.model import ActorType, DateGranularity, DateSource, Modality, Polarity, Role, values
from extractors.temporal.cal import GRANS
from warehouse.check import CLOSED_VOCABULARIES

SCHEMA = (Path(__file__).resolve().parents[1] / "warehouse" / "schema.sql").read_text("utf-8")


def _listed(table: str, column: str) -> set[str]:
    body = SCHEMA[SCHEMA.index(f"CREATE TABLE IF NOT EXISTS {table} "):]
    line = next(line for line in body.splitlines() if line.strip().startswith(column + " "))
    comment = line.split("--", 1)[1].split("(")[0]
    return {w.strip(" '") for w in comment.split("|")} - {"NULL", ""}


@pytest.mark.parametrize(("table", "key", "column", "allowed"), CLOSED_VOCABULARIES)
def test_schema_comment_lists_the_literal(table: str, key: str, column: str, allowed: tuple[str, ...]) -> None:
    assert _listed(table, column) == set(allowed)


def test_granularities_are_the_calendars() -> None:
    # "time": a clock time's range (extractors/temporal/ranges.py), finer than the calendar's units
    assert values(DateGranularity) == ("time", *GRANS)


def test_every_closed_vocabulary_is_checked() -> None:
    checked = {allowed for *_, allowed in CLOSED_VOCABULARIES}
    for kind in (ActorType, DateGranularity, DateSource, Modality, Polarity, Role):
        assert values(kind) in checked


def test_schema_names_tables_as_the_test_expects() -> None:
    assert re.search(r"CREATE TABLE IF NOT EXISTS events ", SCHEMA)

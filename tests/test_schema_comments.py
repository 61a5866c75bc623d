"""Every column of every table in schema.sql carries a comment saying what it holds.

The comment sits on the column's own line (`name TYPE ...,  -- what it holds`); constraint lines
(PRIMARY KEY (...), UNIQUE, FOREIGN KEY, CHECK, CONSTRAINT) are no columns and need none.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.schema import schema_sql

SCHEMA = (Path(__file__).resolve().parents[1] / "warehouse" / "schema.sql").read_text("utf-8")
_TABLE = re.compile(r"^CREATE TABLE(?: IF NOT EXISTS)? (\w+) \((.*?)^\);", re.IGNORECASE | re.MULTILINE | re.DOTALL)
_CONSTRAINT = re.compile(r"(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK|CONSTRAINT)\b", re.IGNORECASE)


def _columns() -> dict[tuple[str, str], str]:
    """(table, column) -> the column's comment ('' when it has none), from the CREATE TABLE bodies."""
    columns: dict[tuple[str, str], str] = {}
    for table, body in _TABLE.findall(SCHEMA):
        for line in body.splitlines():
            code, _, comment = line.partition("--")
            code = code.strip()
            if not code or _CONSTRAINT.match(code):
                continue  # a blank or comment-only line, or a table constraint
            columns[(table, code.split()[0])] = comment.strip()
    return columns


def test_every_column_has_a_comment() -> None:
    missing = sorted(f"{table}.{column}" for (table, column), comment in _columns().items() if not comment)
    assert not missing, f"schema.sql columns without a comment: {', '.join(missing)}"


def test_the_parser_sees_every_column_duckdb_creates() -> None:
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_sql())
        created = set(con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN "
            "(SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')").fetchall())
    finally:
        con.close()
    assert created, "schema.sql created no tables"
    assert set(_columns()) == created

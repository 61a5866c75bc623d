"""README stays true: every CLI option is in its commands table, and its table list is schema.sql's.

The pattern is sqlite-utils' tests/test_docs.py: documentation that drifts from the code fails a test.
"""
from __future__ import annotations

import re
from pathlib import Path

import click

from flows.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _command_rows() -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in README.splitlines():
        match = re.match(r"\| `dateline (\w+)([^|]*(?:\\\|[^|]*)*)` \|", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def test_every_command_is_in_the_readme_table() -> None:
    assert set(main.commands) <= set(_command_rows()), set(main.commands) - set(_command_rows())


def test_every_option_is_in_its_command_row() -> None:
    rows = _command_rows()
    run_options = {opt for p in main.commands["run"].params if isinstance(p, click.Option) for opt in p.opts}
    missing = []
    for name, command in main.commands.items():
        row = rows.get(name, "")
        for param in command.params:
            if not isinstance(param, click.Option) or param.name == "help":
                continue
            long = max(param.opts, key=len)
            everywhere = f"Every command takes `{long}`" in README
            if long in row or everywhere or (name == "serve" and "[run options]" in row and long in run_options):
                continue
            missing.append(f"dateline {name} {long}")
    assert not missing, f"README's commands table lacks: {missing}"


def test_readme_names_every_table_of_the_schema() -> None:
    schema = (ROOT / "warehouse" / "schema.sql").read_text("utf-8")
    tables = set(re.findall(r"CREATE (?:TABLE|VIEW)(?: IF NOT EXISTS)? (\w+)", schema, re.IGNORECASE))
    sentence = README[README.index("[`warehouse/schema.sql`]"):]
    sentence = sentence[:sentence.index(").") + 200]
    named = set(re.findall(r"`(\w+)`", sentence))
    assert tables, "no CREATE TABLE found in schema.sql"
    assert tables <= named, f"README's list of tables misses {sorted(tables - named)}"

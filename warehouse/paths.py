"""Where a data dir keeps its files: one place, so flows, loader and CLI agree."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "DATELINE_DATA_DIR"
DEFAULT_DATA_DIR = "data"


@dataclass(frozen=True, slots=True)
class DataDir:
    root: Path

    @classmethod
    def resolve(cls, path: str | Path | None = None) -> DataDir:
        """--data-dir, else $DATELINE_DATA_DIR, else ./data."""
        chosen = path or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
        return cls(Path(chosen).expanduser().absolute())

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def parquet(self) -> Path:
        return self.root / "parquet"

    def table_dir(self, table: str) -> Path:
        return self.parquet / table

    def run_glob(self, table: str, run_id: str) -> str:
        return str(self.table_dir(table) / f"run_id={run_id}" / "*.parquet")

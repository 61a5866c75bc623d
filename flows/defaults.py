"""Defaults shared by the CLI, the ingest flow and the served deployment, defined once.

A module of its own so that `dateline query` can read them without importing Prefect.
"""
from __future__ import annotations

from extractors import DEFAULT_MAX_BYTES

# Articles per task: Prefect costs ms per task and a worker writes 6 Parquet parts per batch
# (128 was 1.5 s faster than 64 over 2,000 articles; README, Scale).
DEFAULT_BATCH_SIZE = 128
# What `dateline run` reads when given no paths: the bundled seed articles.
DEFAULT_PATHS = ("seeds",)

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MAX_BYTES", "DEFAULT_PATHS"]

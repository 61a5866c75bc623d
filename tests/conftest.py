"""Shared fixtures: the real spaCy model, a real Prefect test server, the ../shared corpora."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_ahval_erdogan_visit_russia.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from extractors.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One temporary Prefect server (own database) for every flow test in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}: development corpora are not part of a user's clone")
    return SHARED

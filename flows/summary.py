"""What a run did, as the CLI prints it: returned by the ingest flow, or by the no-op check that
decides, without starting a flow, that a run would change nothing (flows/unchanged.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractors import IngestError
    from warehouse import ClusterStats

NOOP_WORKERS = "none"  # RunSummary.workers of a run the no-op check answered: no flow, no extraction


@dataclass(slots=True)
class RunSummary:
    """What a run did; printed by the CLI and returned by the flow."""

    run_id: str
    status: str
    data_dir: str
    n_files: int
    n_articles: int
    n_extracted: int
    n_unchanged: int
    n_errors: int
    rows: dict[str, int]
    errors: list[IngestError]
    seconds: float
    n_files_read: int = 0       # files opened this run (the rest were unchanged per the manifest)
    n_dropped: int = 0          # articles deleted: gone from a re-read file, or (--prune) file gone
    workers: str = "in-process"  # where extraction ran
    recorded: bool = True       # False: nothing changed, so the run left the warehouse as it was (no `runs` row)
    n_actors: int = 0           # distinct actors named by the articles this run extracted
    clusters: ClusterStats | None = None  # what the clustering step did

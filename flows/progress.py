"""Progress of a run, for whoever watches it: the CLI's rich progress bar, or nobody.

The flow reports counts through `report(...)`; a listener is a plain callable installed by the
process that started the flow (it is not a flow parameter, so deployments and workers never see
it). Without a listener, reporting costs nothing. Prefect's own logs carry the same counts per batch.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Listener = Callable[[str, int], None]  # (event, n): "total" articles expected, "done" articles finished
_listeners: list[Listener] = []


def report(event: str, n: int) -> None:
    for listener in _listeners:
        listener(event, n)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def wants_progress_bar(stream: Any = None) -> bool:
    """A bar only for a person at a terminal: not when output is piped, captured or under CI."""
    stream = stream or sys.stdout
    if os.environ.get("CI") or os.environ.get("DATELINE_NO_PROGRESS"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(enabled: bool) -> Iterator[None]:
    """Show a rich progress bar of extracted articles while the block runs (when enabled)."""
    if not enabled:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True) as bar:
        task = bar.add_task("extract", total=None)

        def on_event(event: str, n: int) -> None:
            if event == "total":
                total = bar.tasks[0].total or 0
                bar.update(task, total=total + n)
            elif event == "done":
                bar.advance(task, n)

        with listening(on_event):
            yield

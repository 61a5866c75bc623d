"""One run at a time per data dir, and clear answers when the warehouse is busy.

Run lock: `run_lock(data, wait)` holds an exclusive `fcntl.flock` on `<data>/dateline.lock` for
the whole run and writes the holder (pid, host, start time, command) into the file so a refused
run can name the running one. flock rather than a lock *file's existence*: the kernel releases
it when the holder dies, even on SIGKILL, so there is no stale lock to clean up (a stale pid in
the file is only information). The `filelock` package would add nothing on Linux/macOS (its
Unix lock is the same flock) and is not otherwise a dependency. Limits: POSIX only, and on
network filesystems flock is only as good as the server's lock support — keep data dirs local.
The lock is re-entrant within a process (the CLI takes it before starting the flow, the flow
takes it again for callers that start it directly).

Busy warehouse: DuckDB allows one writing process or many reading ones. A read-only connect
while a run loads fails with "Could not set lock on file", and so does the loader's connect
while someone is querying. `retry_busy` retries that one error with short back-off and then
raises `WarehouseBusy` with a message saying who holds the warehouse and when to retry.

Crash-test hook: `pause_point(name)` does nothing unless $DATELINE_TEST_PAUSE_AT equals `name`;
then it writes $DATELINE_TEST_PAUSE_MARKER (if set) and sleeps ($DATELINE_TEST_PAUSE_SECONDS,
default 600), so a test can SIGKILL the run at exactly that point (tests/test_crash_safety.py).
With $DATELINE_TEST_PAUSE_RELEASE set to a path, the pause ends as soon as that file exists, so
a test can also let the run go on (tests/test_concurrency.py). Points: extract (after NLP, before
Parquet), parquet (parts written), load (before the DuckDB load), in-transaction (inside the
load's transaction, just before COMMIT), loaded (committed); parquet-write (a part written to
its `.tmp` name, not yet renamed).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from extractors.errors import DatelineError

from .paths import DataDir

LOCK_NAME = "dateline.lock"
PAUSE_ENV = "DATELINE_TEST_PAUSE_AT"
PAUSE_MARKER_ENV = "DATELINE_TEST_PAUSE_MARKER"
PAUSE_SECONDS_ENV = "DATELINE_TEST_PAUSE_SECONDS"
PAUSE_RELEASE_ENV = "DATELINE_TEST_PAUSE_RELEASE"
PAUSE_POINTS = ("extract", "parquet-write", "parquet", "load", "in-transaction", "loaded")
READ_BUSY_TIMEOUT = 5.0     # seconds a query/check waits for a load to commit before saying "busy"
LOAD_BUSY_TIMEOUT = 120.0   # seconds a run's load waits for readers to let go of the warehouse
DUCKDB_LOCK_ERROR = "Could not set lock on file"

T = TypeVar("T")


class WarehouseLocked(DatelineError, RuntimeError):
    """Another run holds the data dir's run lock."""

    code = "D201"

    def __init__(self, message: str, holder: dict[str, object] | None) -> None:
        super().__init__(message)
        self.holder = holder


class WarehouseBusy(DatelineError, RuntimeError):
    """The DuckDB file is held by another process (a load, or readers during a load)."""

    code = "D202"


class DataDirUnusable(DatelineError, RuntimeError):
    """The data dir cannot be created or its lock file opened (a file in the way, no permission)."""

    code = "D203"


def lock_path(data: DataDir) -> Path:
    return data.root / LOCK_NAME


def lock_holder(data: DataDir) -> dict[str, object] | None:
    """What the lock file says about the run holding (or last holding) the lock; None when empty."""
    try:
        text = lock_path(data).read_text("utf-8").strip()
        holder = json.loads(text) if text else None
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None


def describe_holder(holder: dict[str, object] | None) -> str:
    if not holder:
        return "another dateline run (it has not written its details yet)"
    started = str(holder.get("started_at", "?"))
    age = ""
    try:
        seconds = (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(started)).total_seconds()
        age = f", {seconds:.0f} s ago"
    except ValueError:
        pass
    return f"dateline run pid {holder.get('pid', '?')} on host {holder.get('host', '?')} (started {started}{age})"


def _holder_alive(holder: dict[str, object] | None) -> bool:
    """False only when the holder is known dead (same host, no such pid): its details are stale."""
    if not holder or holder.get("host") != socket.gethostname():
        return True
    try:
        os.kill(int(str(holder.get("pid", 0) or 0)), 0)
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True
    return True


def running_run(data: DataDir) -> dict[str, object] | None:
    """The holder of the run lock if a run looks in progress (details written, holder not known dead).

    Only reads the lock file: taking even a shared flock here could make a starting run fail.
    """
    holder = lock_holder(data)
    return holder if holder and _holder_alive(holder) else None


_held: dict[str, int] = {}
_held_guard = threading.Lock()


@contextmanager
def run_lock(data: DataDir, wait: float = 0.0, *, poll: float = 0.2,
             on_wait: Callable[[str], None] | None = None) -> Iterator[dict[str, object]]:
    """Hold the data dir's run lock; wait up to `wait` seconds for it, else raise `WarehouseLocked`.

    `on_wait(message)` is called once when the lock is taken and this call starts waiting, so a
    command can say whom it waits for instead of sitting silent.
    """
    path = lock_path(data)
    key = str(path)
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield lock_holder(data) or {}
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    try:
        data.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DataDirUnusable(f"cannot use data dir {data.root}: {exc.strerror or exc} ({exc.filename}); "
                              "pass --data-dir a folder you can write") from None
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and time.monotonic() < deadline:
                    on_wait(f"data dir {data.root} is in use by {describe_holder(lock_holder(data))}; "
                            f"waiting up to {wait:g} s for it to finish")
                    on_wait = None
                if time.monotonic() >= deadline:
                    holder = lock_holder(data)
                    waited = f"; waited {wait:g} s" if wait > 0 else ""
                    raise WarehouseLocked(
                        f"data dir {data.root} is in use by {describe_holder(holder)}{waited}. "
                        "Let it finish, or retry with --wait SECONDS to queue behind it.", holder) from None
                time.sleep(poll)
        me: dict[str, object] = {
            "pid": os.getpid(), "host": socket.gethostname(),
            "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv[:1] + [a for a in sys.argv[1:] if "\n" not in a])[:500],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(me) + "\n").encode("utf-8"), 0)
        os.fsync(fd)
        with _held_guard:
            _held[key] = 1
        try:
            yield me
        finally:
            with _held_guard:
                _held.pop(key, None)
            os.ftruncate(fd, 0)  # an empty file means nobody holds it; the file itself stays (see flock)
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and DUCKDB_LOCK_ERROR in str(exc)


def busy_message(data: DataDir, what: str) -> str:
    if what == "load":  # the writer waits for readers, not for another run (the run lock sees to that)
        return (f"the warehouse {data.warehouse} is busy: other processes (dateline query/info/check, or "
                "another program) have it open, and DuckDB allows one writer or many readers; the load "
                "gave up waiting for them. Nothing of this run was loaded; close them and run again "
                "(unchanged articles are skipped).")
    holder = lock_holder(data)
    who = describe_holder(holder) if holder and _holder_alive(holder) else "another process"
    return (f"the warehouse {data.warehouse} is busy: {who} has it open for writing, and DuckDB "
            f"allows one writer or many readers; the {what} gave up waiting. Retry in a few seconds "
            "(a run's load is short); until it commits, queries see the previous completed run.")


def retry_busy(fn: Callable[[], T], data: DataDir, *, timeout: float = READ_BUSY_TIMEOUT,
               what: str = "query") -> T:
    """Call `fn`, retrying while DuckDB reports a lock conflict on the warehouse file."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return fn()
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(busy_message(data, what)) from None
        time.sleep(min(delay, max(deadline - time.monotonic(), 0.0)))
        delay = min(delay * 2, 0.5)


def pause_point(name: str) -> None:
    """Test-only crash hook: pause here when $DATELINE_TEST_PAUSE_AT == name (see module docstring)."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:  # written whole (tmp + rename): a test polling for it never reads half of it
        Path(marker + ".tmp").write_text(f"{os.getpid()} {name}\n", encoding="utf-8")
        os.replace(marker + ".tmp", marker)
    deadline = time.monotonic() + float(os.environ.get(PAUSE_SECONDS_ENV, "600"))
    release = os.environ.get(PAUSE_RELEASE_ENV)
    while time.monotonic() < deadline and not (release and os.path.exists(release)):
        time.sleep(0.05)

"""Prefect's temporary API server, booted while `dateline run` is still importing.

Without `PREFECT_API_URL`, Prefect starts a temporary server when the flow first calls its API:
the command imports `prefect.server.api.server` (~2.4 s, FastAPI and every route, only to
launch a subprocess), then waits ~5.5 s for that subprocess to answer — after ~2 s of importing
Prefect and spaCy, one after the other. Here the same server (uvicorn on Prefect's
`create_app` factory, flagged ephemeral and final exactly as Prefect's `SubprocessASGIServer`
does) is launched as soon as the settings say one is needed; it boots on the other core while
this process imports the flow, and the flow is pointed at it through `PREFECT_API_URL`, as if
a server were configured. If it does not come up, the flow runs as before and Prefect starts
its own (a warning says why). Stopped when the command ends.
"""
from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

SERVER_MARK = "DATELINE_EARLY_SERVER_OF"  # in the server's environment: the pid of the command that started it
STARTUP_TIMEOUT = 120.0  # seconds; a fresh Prefect home creates its database first (~19 s seen)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


class EarlyServer:
    """A temporary server process; `api_url` once `wait()` has seen it answer."""

    def __init__(self) -> None:
        import prefect
        from prefect.settings import get_current_settings

        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
               "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
               SERVER_MARK: str(os.getpid())}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"], env=env)

    def wait(self) -> str | None:
        """The API URL once the server answers; None (server stopped) if it exits or times out."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            if _healthy(self.url):
                return self.url
            time.sleep(0.1)
        self.stop()
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def needs_temporary_server() -> bool:
    """True when no API URL is configured and Prefect may start a temporary server."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    return not settings.api.url and bool(settings.server.ephemeral.enabled)


def early_server() -> EarlyServer | None:
    """Launch the server now, when one is needed; `.wait()` for it before the flow.

    Stopped at interpreter exit, like Prefect's own temporary server: registered before Prefect's
    event and log workers start, so their exit hooks (which run first) still reach it to flush;
    stopping it earlier left them retrying against a closed port for a minute.
    """
    if not needs_temporary_server():
        return None
    server = EarlyServer()
    atexit.register(server.stop)
    return server


@contextmanager
def using_api(url: str | None) -> Iterator[None]:
    """Point Prefect (settings, and the environment worker processes inherit) at `url`."""
    if url is None:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous

"""A local Streamlit server on the app and Chromium's settings, shared by the browser tests
(tests/e2e) and the large-graph benchmark (bench/large.py)."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("AGX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(
    log_path: Path,
    extra_env: dict[str, str] | None = None,
    script_arguments: list[str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """A Streamlit server on the app, on a free port (or ``port``: a restart on the same address);
    yields its URL and stops it afterwards.

    ``script_arguments`` go to the app after ``--`` (e.g. ``["--store", URL]``), as with
    ``scripts/run.sh -- --store URL``. The app's workspace is in the log's folder (AGX_HOME),
    never the user's, unless ``extra_env`` names another."""
    port = port or free_port()
    extra_env = {"AGX_HOME": str(log_path.parent / "agx-home"), **(extra_env or {})}
    log = log_path.open("w")  # closed when the server stops
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.server",  # streamlit run app.py, with an origin check that never looks outside
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *(["--", *script_arguments] if script_arguments else []),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(extra_env or {})},
    )
    url = f"http://127.0.0.1:{port}/"
    wait_until_healthy(url, process, log_path)
    try:
        yield url
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """End a server: SIGTERM, then SIGKILL if it has not exited after ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    """Wait for the server at ``url`` to answer its health check; RuntimeError with its log if
    it exits or does not answer in time (it is then killed)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the Streamlit server did not start:\n{log_path.read_text()}")
        time.sleep(0.3)


def websocket_handshake(port: int, host: str, origin: str | None) -> str:
    """The status line a server on 127.0.0.1:``port`` answers to a WebSocket handshake with these
    ``Host`` and ``Origin`` headers (101: accepted; 403: refused)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        lines = [
            "GET /_stcore/stream HTTP/1.1",
            f"Host: {host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin:
            lines.append(f"Origin: {origin}")
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return connection.recv(1024).decode(errors="replace").split("\r\n")[0]


def open_sidebar(page) -> None:
    """Expand the sidebar (the app starts with it collapsed, canvas first), as a person would."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.is_visible():
        button.click()
    page.locator('[data-testid="stSidebar"]').get_by_role("heading", name="Filters").wait_for(timeout=30_000)

"""Work for a closed session stops: a large upload is being read when its page is closed, and the
server goes quiet instead of reading on (issue 17: it went on after the browser closed). A click
elsewhere while an upload is read does not lose it, and a newer upload replaces it.

The server is a child process of its own, so its CPU time (/proc/PID/stat) is what it did.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.local_app import ROOT, free_port, wait_until_healthy
from bench.synthetic import node_link_bytes
from tests.e2e.conftest import Page

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime


def busy_for(pid: int, seconds: float, page: Page | None = None) -> float:
    """The CPU seconds the process used over the next ``seconds`` (waiting in the page, if given,
    so that Playwright goes on passing its requests: the page's requests go through a route)."""
    before = cpu_seconds(pid)
    if page is not None:
        page.page.wait_for_timeout(seconds * 1000)
    else:
        time.sleep(seconds)
    return cpu_seconds(pid) - before


@contextmanager
def server_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "ui.server", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_healthy(url, server, tmp_path / "server.log")
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text()


def upload(page: Page, path: Path) -> None:
    page.page.get_by_role("tab", name="Import").click()
    page.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def test_closing_the_page_stops_reading_its_upload(browser, tmp_path) -> None:
    big = tmp_path / "million.json"
    big.write_bytes(node_link_bytes(1_000_000))  # 17 MB: 15-20 s of reading on one core here
    with server_process(tmp_path) as (server, url):
        page = Page(browser, url).open()
        upload(page, big)
        deadline = time.monotonic() + 60
        samples = []
        while (sample := busy_for(server.pid, 1.0, page)) < 0.4:  # the server has started reading
            samples.append(round(sample, 2))
            assert time.monotonic() < deadline, f"the upload never started: {samples}"
        page.close()
        time.sleep(3)  # the closed socket reaches the server, the next checkpoint stops the work
        quiet = busy_for(server.pid, 5.0)
        assert quiet < 1.5, f"the server went on working after the page closed: {quiet:.1f} s of CPU in 5 s"


def test_a_click_while_an_upload_is_read_does_not_lose_it(browser, tmp_path, agx_home) -> None:
    """Streamlit stops a busy run when the page asks for another (a click); the upload is read again
    and becomes one workspace (not two, not none)."""
    path = tmp_path / "large.json"
    path.write_bytes(node_link_bytes(300_000))
    with server_process(tmp_path) as (_server, url):
        page = Page(browser, url).open()
        upload(page, path)
        page.page.wait_for_timeout(2500)  # reading
        page.page.get_by_role("tab", name="Paths").click()
        page.page.wait_for_timeout(1000)
        page.page.get_by_role("tab", name="Import").click()
        # Read (about 9 s on a quiet machine here), then saved as a new workspace (300,000 entities,
        # about 12 s more): a busy machine takes several times that.
        # The graph is shown once read ("Imported large.json: … Saving it as the new workspace
        # large…"), and saved at the end of that run: this says it was saved.
        page.page.get_by_text("Imported large.json as the new workspace large").first.wait_for(
            timeout=300_000
        )
        page.page.wait_for_timeout(2000)  # a second saving run would have begun by now
        page.close()
    made = sorted(path.name for path in (agx_home / "workspaces").glob("*.sqlite"))
    assert made == ["NATO.sqlite", "large.sqlite"], made

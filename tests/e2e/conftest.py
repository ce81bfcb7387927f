"""Browser tests: the real app in a local Streamlit server, driven in Debian's Chromium.

Every request that would leave 127.0.0.1 is blocked and recorded, so a test can assert
that the app works offline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, serve


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """A server per test file, each with a workspace of its own: what one file saves (an upload
    opened as a workspace, a merged article) is not what the next file finds."""
    with serve(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; scripts/test.sh installs Debian's chromium package."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A browser page on the app, recording console errors and requests that left 127.0.0.1."""

    def __init__(self, browser, url: str, viewport: dict | None = None) -> None:
        self.context = browser.new_context(
            viewport=viewport or {"width": 1500, "height": 1000}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)
        self.url = url

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "file:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.foreign_requests.append(route.request.url)
            route.abort()

    def open(self, query: str = "") -> Page:
        self.page.goto(self.url + query)
        self.graph.wait_for(timeout=60_000)
        self.graph.evaluate(
            "el => new Promise((resolve, reject) => { const start = Date.now();"
            " (function wait() { if (el.dataset.ready === 'true') resolve();"
            " else if (Date.now() - start > 30000) reject(new Error('graph never drew'));"
            " else setTimeout(wait, 50); })(); })"
        )
        # The graph is drawn first; the sidebar and tabs follow (first_paint in app.py).
        self.page.get_by_role("tab", name="Paths").wait_for(timeout=30_000)
        self.page.wait_for_timeout(200)  # let the page settle after the second run
        return self

    @property
    def graph(self):
        return self.page.locator('[data-testid="graph-view"]')

    def node_ids(self) -> list[str]:
        return self.graph.evaluate("el => el.network.body.data.nodes.getIds()")

    def node(self, node_id: str) -> dict:
        return self.graph.evaluate("(el, id) => el.network.body.data.nodes.get(id)", node_id)

    def wait_for_nodes(self, count: int) -> None:
        self.page.wait_for_function(
            "count => { const el = document.querySelector('[data-testid=stApp]') && "
            "[...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]')).find(Boolean);"
            " return el && el.network && el.network.body.data.nodes.length === count; }",
            arg=count,
            timeout=30_000,
        )

    def click_node(self, node_id: str, double: bool = False) -> None:
        """Click where the node is drawn on the canvas, as a person would."""
        self.graph.evaluate("(el, id) => el.network.focus(id, {scale: 1.4, animation: false})", node_id)
        self.page.wait_for_timeout(300)  # let the page settle: a rerun may still be moving the canvas
        point = self.graph.evaluate(
            "(el, id) => el.network.canvasToDOM(el.network.getPositions([id])[id])", node_id
        )
        box = self.graph.bounding_box()
        if double:
            self.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
        else:
            self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def download_export(self, typed: str, name: str):
        """Pick a format in the Export tab by typing part of its description, then download it."""
        box = self.page.get_by_label("Format")
        box.click()
        box.fill(typed)
        box.press("Enter")
        button = self.page.get_by_role("button", name=f"Download {name.upper()}", exact=True)
        button.wait_for(timeout=20_000)
        with self.page.expect_download(timeout=30_000) as download:
            button.click()
        return download.value

    def selected(self) -> str:
        return self.graph.evaluate("el => el.dataset.selected")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def app(browser, app_url) -> Iterator[Page]:
    page = Page(browser, app_url)
    yield page
    page.close()

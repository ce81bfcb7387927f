"""Screenshots of a newcomer's eight tasks (issue 27), driven in headless Chromium as a person would.

Run:  .venv/bin/python bench/newcomer_screens.py --out docs/newcomer                 (this checkout)
      .venv/bin/python bench/newcomer_screens.py --root ../old --tag before --out docs/newcomer
                                                                     (another checkout's app)

The app of ``--root`` is served (``bench/local_app.serve`` of that checkout, with a fresh
workspace home in a temporary folder) and each task is done in a new page at 1500 × 1000 (the
small-window task at 1280 × 720): presets clicked, tabs opened, dates typed and Enter pressed,
entities picked in the path finder, a PNG and a GEXF downloaded, Les Misérables uploaded
(read from ``../shared/corpus/graph-files/lesmis.gexf`` at run time, never copied), the graph
walked with the keyboard. A step the checkout's app cannot do is skipped and noted: the
screenshot shows what the person sees then. Each picture is saved as ``NN-task-<--tag>.png``
(a 256-colour PNG, small enough for the docs); the steps skipped are printed (and written to
``--notes FILE``).

``--extras DIR`` also takes the workspace picker (sidebar, "Manage workspaces") and the History
tab at both window sizes, for a look at what is cut.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

LARGE = {"width": 1500, "height": 1000}
SMALL = {"width": 1280, "height": 720}
LESMIS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "graph-files" / "lesmis.gexf"
READY = (
    "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
    ".map(r => r.querySelector('[data-testid=graph-view]')).some(e => e && e.dataset.ready === 'true')"
)
GRAPH_FOCUSED = (
    "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
    ".some(r => { const el = r.querySelector('[data-testid=graph-view]');"
    " return el && r.activeElement === el; })"
)
PAUSE_MS = 2500  # after a click or a key, for the rerun to arrive and the canvas to settle


class Session:
    """One page on the app, with the steps a person takes; a step that fails is noted, not raised."""

    def __init__(self, browser: Any, url: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, accept_downloads=True)
        self.page = self.context.new_page()
        self.url = url
        self.skipped: list[str] = []
        self.notes: dict[str, Any] = {}

    def step(self, what: str, action: Callable[[], Any]) -> Any:
        try:
            result = action()
        except Exception as error:  # the old app may lack the control: keep going, say so
            self.skipped.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            return None
        self.page.wait_for_timeout(PAUSE_MS)
        return result

    def open(self, query: str = "") -> None:
        self.page.goto(self.url + query)
        self.page.wait_for_function(READY, timeout=90_000)
        self.page.get_by_role("tab", name="Paths").wait_for(timeout=60_000)
        self.page.wait_for_timeout(PAUSE_MS)

    def tab(self, name: str) -> None:
        self.step(f"open the {name} tab", lambda: self.page.get_by_role("tab", name=name, exact=True).click())

    def click_text(self, scope: str, text: str) -> None:
        self.step(
            f"click {text!r}",
            lambda: self.page.locator(scope).get_by_text(text, exact=True).first.click(timeout=10_000),
        )

    def type_into(self, key: str, text: str, then: str = "Enter") -> None:
        def typing() -> None:
            box = self.page.locator(f".st-key-{key} input").first
            box.scroll_into_view_if_needed(timeout=10_000)
            try:
                box.click(timeout=5_000)
            except Exception:  # under Streamlit's top bar once the page has scrolled: as Tab would
                box.focus()
            box.fill(text)
            box.press(then)

        self.step(f"type {text!r} into {key} and press {then}", typing)

    def pick(self, key: str, typed: str) -> None:
        """Type into an entity picker and take the first match, as a person would with Enter."""

        def picking() -> None:
            box = self.page.locator(f".st-key-{key} input").first
            box.click(timeout=10_000)
            box.fill(typed)
            self.page.get_by_role("option").first.wait_for(timeout=10_000)
            box.press("Enter")

        self.step(f"pick {typed!r} in {key}", picking)

    def click_node(self, node_id: str) -> None:
        def clicking() -> None:
            graph = self.page.locator('[data-testid="graph-view"]')
            graph.evaluate("(el, id) => el.network.focus(id, {scale: 1.2, animation: false})", node_id)
            self.page.wait_for_timeout(300)
            point = graph.evaluate(
                "(el, id) => el.network.canvasToDOM(el.network.getPositions([id])[id])", node_id
            )
            box = graph.bounding_box()
            self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

        self.step(f"click the node {node_id}", clicking)

    def fit(self) -> None:
        self.step("zoom to fit", lambda: self.page.get_by_role("button", name="Zoom to fit").click())

    def open_sidebar(self) -> None:
        def opening() -> None:
            button = self.page.get_by_test_id("stExpandSidebarButton")
            if button.count() and button.is_visible():
                button.click()

        self.step("open the sidebar", opening)

    def download(self, typed: str, name: str) -> bytes | None:
        def downloading() -> bytes:
            box = self.page.get_by_label("Format")
            box.click(timeout=10_000)
            box.fill(typed)
            box.press("Enter")
            button = self.page.get_by_role("button", name=f"Download {name.upper()}", exact=True)
            button.wait_for(timeout=30_000)
            with self.page.expect_download(timeout=60_000) as download:
                button.click()
            return Path(download.value.path()).read_bytes()

        return self.step(f"download {name}", downloading)

    def shoot(self, path: Path) -> None:
        self.page.wait_for_timeout(500)
        self.page.screenshot(path=str(path))
        compress(path)

    def close(self) -> None:
        self.context.close()


def compress(path: Path) -> None:
    """Keep a screenshot small for the docs: 256 colours, in the same PNG file (octree keeps the
    legend's small swatches in their colours, where median cut gave the body swatch blue)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)


# ---- The eight tasks ------------------------------------------------------------------------------


def excluded(page: Session) -> None:
    """Who was excluded from the July 2021 meeting: the preset, then Belarus clicked."""
    page.open()
    page.click_text(".st-key-w_preset", "Excluded in July 2021")
    page.click_node("state:BLR")
    page.fit()


def joined_after_2000(page: Session) -> None:
    """Who joined NATO after 2000: the members preset, the Time tab, two dates typed (Enter)."""
    page.open()
    page.click_text(".st-key-w_preset", "NATO members")
    page.tab("Time")
    page.type_into("w_changed_from", "2000-01-01")
    page.type_into("w_changed_to", "2024-12-31")


def changed_2014_2024(page: Session) -> None:
    """What changed between 2014 and 2024: the link with both dates, the Time tab."""
    page.open("?changed_from=2014-01-01&changed_to=2024-01-01")
    page.tab("Time")


def wiermann_to_russia(page: Session) -> None:
    """How Wiermann connects to Russia: the Paths tab, both ends typed and picked."""
    page.open()
    page.tab("Paths")
    page.pick("w_path_from", "Wiermann")
    page.pick("w_path_to", "Russia")


def exports(page: Session, folder: Path, notes: dict[str, Any]) -> None:
    """A PNG and a GEXF from the Export tab; the picture is the PNG as downloaded, opened."""
    page.open("?preset=excluded")
    page.tab("Export")
    gexf = page.download("GEXF", "gexf")
    if gexf:
        root = ElementTree.fromstring(gexf)
        notes["gexf"] = {
            "nodes": len([item for item in root.iter() if item.tag.endswith("}node")]),
            "edges": len([item for item in root.iter() if item.tag.endswith("}edge")]),
        }
    png = page.download("PNG", "png")
    if png:
        notes["png_bytes"] = len(png)
        shown = folder / "exported.png"
        shown.write_bytes(png)
        page.page.goto(shown.resolve().as_uri())
        page.page.wait_for_timeout(1000)


def upload_lesmis(page: Session) -> None:
    """An uploaded Les Misérables graph: the Import tab, the corpus's lesmis.gexf."""
    page.open()
    page.tab("Import")
    page.step(
        "upload lesmis.gexf",
        lambda: page.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(LESMIS)),
    )
    page.step("wait for the import", lambda: page.page.get_by_text("Imported", exact=False).first.wait_for())
    page.page.wait_for_timeout(PAUSE_MS)


def keyboard(page: Session) -> None:
    """The keyboard: Tab until the graph has focus, then the arrows and Enter."""
    page.open("?selected=state%3ARUS")

    def tab_to_graph() -> None:
        for presses in range(1, 61):
            page.page.keyboard.press("Tab")
            if page.page.evaluate(GRAPH_FOCUSED):
                page.notes["tab_presses_to_the_graph"] = presses
                return
        raise TimeoutError("60 presses of Tab never reached the graph")

    page.step("Tab to the graph", tab_to_graph)
    for key in ("ArrowRight", "ArrowRight", "Enter"):
        page.step(f"press {key}", lambda key=key: page.page.keyboard.press(key))


def small_window(page: Session) -> None:
    """The small window, 1280 × 720: the app with the sidebar open."""
    page.open()
    page.open_sidebar()


TASKS = [
    ("01-excluded", excluded, LARGE),
    ("02-joined-after-2000", joined_after_2000, LARGE),
    ("03-changed-2014-2024", changed_2014_2024, LARGE),
    ("04-wiermann-russia", wiermann_to_russia, LARGE),
    ("05-export", None, LARGE),
    ("06-upload-lesmis", upload_lesmis, LARGE),
    ("07-keyboard", keyboard, LARGE),
    ("08-small-window", small_window, SMALL),
]


def extras(browser: Any, url: str, out: Path, tag: str) -> None:
    """The workspace picker and the History tab at both window sizes."""
    for size, viewport in (("1500x1000", LARGE), ("1280x720", SMALL)):
        page = Session(browser, url, viewport)
        page.open()
        page.open_sidebar()
        page.step(
            "Manage workspaces",
            lambda page=page: page.page.get_by_test_id("stSidebar").get_by_text("Manage workspaces").click(),
        )
        page.step(  # the picker's form is under the filters: scrolled into sight, as a person would
            "scroll the sidebar down",
            lambda page=page: page.page.get_by_test_id("stSidebarContent").evaluate(
                "el => el.scrollTo(0, el.scrollHeight)"
            ),
        )
        page.shoot(out / f"workspaces-{size}-{tag}.png")
        page.close()
        page = Session(browser, url, viewport)
        page.open()
        page.tab("History")
        page.shoot(out / f"history-{size}-{tag}.png")
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tag", default="after", help="the pictures' suffix (before, after)")
    parser.add_argument("--only", default="", help="task names to take, comma-separated (all by default)")
    parser.add_argument("--extras", type=Path, help="also the workspace picker and History, into this folder")
    parser.add_argument("--notes", type=Path, help="the steps skipped and the exports' sizes, as JSON")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(arguments.root.resolve()))
    from playwright.sync_api import sync_playwright

    from bench import local_app  # the checkout's own server and browser settings

    notes: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="agx-screens-") as home,
        local_app.serve(Path(home) / "server.log", {"AGX_HOME": str(Path(home) / "agx-home")}) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=local_app.CHROMIUM, headless=True, args=local_app.CHROMIUM_ARGS
        )
        wanted = {name for name in re.split(r"[,\s]+", arguments.only) if name}
        for name, task, viewport in TASKS:
            if wanted and not any(name.startswith(item) or item in name for item in wanted):
                continue
            page = Session(browser, url, viewport)
            if task is None:
                exports(page, Path(home), page.notes)
            else:
                task(page)
            task_notes = page.notes
            page.shoot(arguments.out / f"{name}-{arguments.tag}.png")
            task_notes["skipped"] = page.skipped
            notes[name] = task_notes
            print(name, json.dumps(task_notes), flush=True)
            page.close()
        if arguments.extras:
            arguments.extras.mkdir(parents=True, exist_ok=True)
            extras(browser, url, arguments.extras, arguments.tag)
        browser.close()
    if arguments.notes:
        arguments.notes.write_text(json.dumps(notes, indent=2) + "\n")


if __name__ == "__main__":
    main()

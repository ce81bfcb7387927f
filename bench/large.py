"""Large graphs: plain pyvis against our pipeline, on the same graphs, in one run.

Run:  .venv/bin/python bench/large.py                 (100, 1,000, 10,000, 50,000 nodes + NATO)
      .venv/bin/python bench/large.py --sizes 100,1000 --still-cap 10   (a quick run)

For each Barabási–Albert graph (m=2, seed 7; bench/synthetic.py) and the bundled NATO data:

* pyvis: ``Network(cdn_resources="in_line").from_nx(G)`` then ``generate_html()`` in a child
  process (so its memory is its own and a quadratic run can be stopped), then the page in
  headless Chromium with pyvis's default physics: time to the first frame and to the
  ``stabilized`` event (a still view), each stopped at a cap and shown as "> cap".
* ours, server side (child process): reading the uploaded zip of our CSV tables (the
  loader and validator), the layout the first view needs, the payload (view, level of
  detail, JSON bytes), peak memory.
* ours, in the browser: the real app (``streamlit run app.py``) in the same Chromium; the
  zip is uploaded in the Import tab, and the time runs from the upload to the first frame
  and to a still page (two animation frames after it). Then the "person" entity type is
  removed from the filter, and the time to the redrawn view is taken the same way.
* ours, server reruns (Streamlit's AppTest, in this process): a filter change (computed
  for the first time) and a second open of the same view (cached).

Timings are wall-clock on this machine; nothing is asserted. The table is printed at the end.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import itertools
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, open_sidebar, serve  # noqa: E402
from bench.synthetic import TYPES, ba_graph, tables, zipped  # noqa: E402

BROWSER_VERSION = [""]
PERSON_EVERY = [index for index, name in enumerate(TYPES) if name == "person"]

# Records pyvis's first frame and its "stabilized" event (pyvis keeps `network` as a global).
PYVIS_HOOK = """
(() => {
  const t = (window.__bench = {});
  const poll = () => {
    if (window.network && window.network.once) {
      window.network.once("afterDrawing", () => { t.first = performance.now(); });
      window.network.on("stabilized", () => {
        if (t.first !== undefined && t.still === undefined) t.still = performance.now();
      });
      return;
    }
    setTimeout(poll, 2);
  };
  poll();
})();
"""


def rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def graph_for(size: str):
    """The synthetic graph of ``size`` nodes (pyvis's input), or NATO as a plain networkx graph."""
    if size == "nato":
        import graph

        return graph.load_graph()
    return ba_graph(int(size))


# ---- children: one process per measurement, so peak memory is that measurement's -------------


def child_pyvis(size: str, out: str) -> dict:
    import networkx as nx
    from pyvis.network import Network

    G = graph_for(size)
    if size == "nato":  # pyvis's from_nx wants plain attributes: keep labels only
        simple = nx.DiGraph()
        simple.add_nodes_from((node, {"label": data.get("label", node)}) for node, data in G.nodes(data=True))
        simple.add_edges_from(G.edges())
        G = simple
    started = time.perf_counter()
    network = Network(cdn_resources="in_line")
    network.from_nx(G)
    built = time.perf_counter()
    html = network.generate_html()
    generated = time.perf_counter()
    Path(out).write_text(html, encoding="utf-8")
    return {
        "build": built - started,
        "payload": generated - built,
        "bytes": len(html.encode()),
        "rss": rss_mb(),
    }


class Stalls:
    """The longest pause of a thread that only sleeps 5 ms at a time: how long another session
    (another thread of the Streamlit server) would wait while this one works."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.running = True
        self.thread = threading.Thread(target=self._tick, daemon=True)
        self.thread.start()

    def _tick(self) -> None:
        last = time.perf_counter()
        while self.running:
            time.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.005)
            last = now

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.longest


def best_of(repeats: int, action):
    """The shortest of ``repeats`` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def child_ours(size: str, out: str) -> dict:
    import networkx as nx

    import graph
    from graph.draw import compute_layout, group_layout, group_nodes, view_payload
    from graph.readers import read_upload
    from graph.settings import configure, limit
    from graph.view import ViewSpec, apply_view
    from ui.graph_view import encode_payload
    from ui.runtime import tune_gc

    tune_gc()  # as the app's server process does
    configure(os.environ)  # the limits, as the app reads them when it starts
    stalls = Stalls()
    if size == "nato":
        started = time.perf_counter()
        G = nx.freeze(graph.load_graph())
    else:
        upload = zipped(tables(ba_graph(int(size))))
        Path(out).write_bytes(upload)
        started = time.perf_counter()
        loaded, report = read_upload([(f"ba-{size}.zip", upload)])
        assert loaded is not None, report.format()
        G = nx.freeze(loaded)
    loaded_at = time.perf_counter()

    # The layout the first view needs: the whole graph when small, else the groups and the
    # members of the groups drawn node by node (none, when the view is aggregated).
    spec = ViewSpec()
    view = apply_view(G, spec)
    began = time.perf_counter()
    groups = group_nodes(G) if G.number_of_nodes() > limit("large_graph") else None
    laid = compute_layout(G) if groups is None else {}
    laying = [time.perf_counter() - began]
    cache: dict[int, dict] = {}

    def positions(nodes):
        if groups is None:
            return laid
        began = time.perf_counter()
        found: dict = {}
        for index in sorted({groups.of[node] for node in nodes}):
            if index not in cache:
                cache[index] = group_layout(G, groups, index)
            found.update(cache[index])
        laying[0] += time.perf_counter() - began
        return found

    payload = view_payload(G, spec, groups, positions, view=view)  # lays out the groups it draws
    layout_seconds = laying[0]
    # View filtering, payload building and encoding: the best of 3 and 5 runs, the layout cached.
    view_seconds, view = best_of(3, lambda: apply_view(G, spec))

    def build():  # the payload without the time spent fetching positions (that is layout)
        before = laying[0]
        began = time.perf_counter()
        encoded = encode_payload(view_payload(G, spec, groups, positions, view=view))
        return time.perf_counter() - began - (laying[0] - before), encoded

    payload_seconds, encoded = min(build() for _ in range(5))
    if groups is not None:  # every group once, for the stall figure (expanding any group later)
        positions(list(G))
    stall = stalls.stop()
    return {
        "build": loaded_at - started,
        "layout": layout_seconds,
        "view": view_seconds,
        "payload": payload_seconds,
        "bytes": len(encoded),
        "rss": rss_mb(),
        "stall": stall,
        "entities": G.number_of_nodes(),
        "drawn": len(payload["nodes"]),
        "aggregated": bool(payload.get("aggregated")),
    }


def run_child(kind: str, size: str, out: str, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", kind, size, out]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        raise RuntimeError(f"{kind} {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- browsers -----------------------------------------------------------------------------


def local_only(route) -> None:
    host = urlparse(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()  # pyvis's page asks CDNs for Bootstrap and tom-select; we stay offline


def pyvis_browser(browser, url: str, cap: float) -> dict:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", local_only)
    page = context.new_page()
    page.add_init_script(PYVIS_HOOK)
    page.goto(url, wait_until="commit", timeout=cap * 1000)
    result: dict = {}
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        try:
            marks = page.evaluate("window.__bench || {}")
        except Exception:  # the page is busy in a long script: try again
            marks = {}
        if "first" in marks:
            result["first"] = marks["first"] / 1000
        if "still" in marks:
            result["still"] = marks["still"] / 1000
            break
        time.sleep(0.25)
    context.close()
    return result


class App:
    """The app in a local Streamlit server, and a Chromium page on it."""

    def __init__(self, browser) -> None:
        self.server = serve(Path(tempfile.mkdtemp(prefix="agx-bench-server-")) / "server.log")
        self.url = self.server.__enter__()
        self.browser = browser
        self.context = None

    def new_page(self, fresh: bool = False):
        """A page in the benchmark's browser profile, whose HTTP cache holds Streamlit's 3.6 MB of
        scripts after the first visit, as a returning user's does; ``fresh`` for an empty cache.

        No request routing here: Playwright turns the HTTP cache off for routed contexts. The
        browser tests check that the app asks nothing of any host but 127.0.0.1.
        """
        if fresh:
            return self.browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
        if self.context is None:
            self.context = self.browser.new_context(viewport={"width": 1500, "height": 1000})
        return self.context.new_page()

    @staticmethod
    def graph(page):
        return page.locator('[data-testid="graph-view"]')

    def wait_drawn(self, page, entities: int, cap: float) -> bool:
        try:
            page.wait_for_function(
                "n => { const el = [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
                ".map(r => r.querySelector('[data-testid=graph-view]')).find(Boolean)"
                " || document.querySelector('[data-testid=graph-view]');"
                " return el && el.dataset.drawnEntities === String(n); }",
                arg=entities,
                timeout=cap * 1000,
                polling=50,
            )
            return True
        except Exception:
            return False

    def marks(self, page, started: float = 0.0) -> dict:
        """The component's marks for the payload just drawn, in seconds since ``started``
        (page clock; 0 is the navigation's start)."""
        values = self.graph(page).evaluate(
            "el => [el.dataset.firstFrameAt, el.dataset.stillAt, el.dataset.receivedAt, el.dataset.appliedAt]"
        )
        names = ("first", "still", "received", "applied")
        return {
            name: float(value) / 1000 - started for name, value in zip(names, values, strict=True) if value
        }

    def now(self, page) -> float:
        return page.evaluate("performance.now()") / 1000

    def open(self, page, entities: int, cap: float) -> dict:
        page.goto(self.url)
        if not self.wait_drawn(page, entities, cap):
            return {}
        marks = self.marks(page)  # from the navigation's start
        # The graph comes first; wait for the sidebar and tabs too before anything is clicked.
        page.get_by_role("tab", name="Paths").wait_for(timeout=cap * 1000)
        return marks

    def upload(self, page, path: str, entities: int, cap: float) -> dict:
        page.get_by_role("tab", name="Import").click()
        chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        started = self.now(page)
        chooser.set_input_files(path)
        return self.marks(page, started) if self.wait_drawn(page, entities, cap) else {}

    def drop_type(self, page, name: str, entities: int, cap: float) -> dict:
        """Remove one entity type from the sidebar filter, as a person would (the tag's ✕)."""
        open_sidebar(page)
        remove = page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name=re.compile(rf"^Remove {re.escape(name)} \(")
        )
        started = self.now(page)
        remove.click()
        return self.marks(page, started) if self.wait_drawn(page, entities, cap) else {}

    def close(self) -> None:
        self.server.__exit__(None, None, None)


def server_reruns(size: str, path: str | None, drop: str) -> dict:
    """Server time of a filter change and of reopening a view already seen (AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    if path:
        at.file_uploader(key="w_upload").set_value(
            [(Path(path).name, Path(path).read_bytes(), "application/zip")]
        )
        at.run()
    assert not at.exception, at.exception
    all_types = list(at.sidebar.multiselect(key="w_types").value)
    fewer = [name for name in all_types if name != drop]
    started = time.perf_counter()
    at.sidebar.multiselect(key="w_types").set_value(fewer).run()
    changed = time.perf_counter() - started
    started = time.perf_counter()
    at.sidebar.multiselect(key="w_types").set_value(all_types).run()
    reopened = time.perf_counter() - started
    assert not at.exception, at.exception
    return {"filter": changed, "reopen": reopened}


# ---- table ---------------------------------------------------------------------------------


def seconds(value: float | None, cap: float | None = None) -> str:
    if value is None:
        return f"> {cap:.0f} s" if cap else "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def size_text(count: int | None) -> str:
    if count is None:
        return "—"
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


def ratio(ours: float | None, theirs: float | None, cap: float | None) -> str:
    if ours is None:
        return "—"
    if theirs is None:
        return f"< 1/{cap / ours:.0f}" if cap else "—"
    return f"1/{theirs / ours:.0f}" if ours < theirs else f"{ours / theirs:.1f}×"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000,10000,50000", help="comma-separated node counts")
    parser.add_argument("--no-nato", action="store_true", help="skip the NATO dataset row")
    parser.add_argument(
        "--pyvis-cap", type=float, default=90, help="seconds before pyvis's HTML generation is stopped"
    )
    parser.add_argument("--still-cap", type=float, default=180, help="seconds to wait for pyvis to stabilise")
    parser.add_argument("--cap", type=float, default=120, help="seconds to wait for our view in the browser")
    parser.add_argument("--no-pyvis", action="store_true", help="measure our pipeline only (while tuning)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "SIZE", "OUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, size, out = arguments.child
        print(json.dumps((child_pyvis if kind == "pyvis" else child_ours)(size, out)))
        return

    from playwright.sync_api import sync_playwright

    sizes = [] if arguments.no_nato else ["nato"]
    sizes += [part.strip() for part in arguments.sizes.split(",") if part.strip()]
    work = Path(tempfile.mkdtemp(prefix="agx-bench-"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(work))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        BROWSER_VERSION[0] = browser.version
        app = App(browser)
        try:
            for size in sizes:
                label = "NATO" if size == "nato" else f"{int(size):,}"
                print(f"[{time.strftime('%H:%M:%S')}] {label}: pyvis", file=sys.stderr, flush=True)
                html = work / f"pyvis-{size}.html"
                theirs = (
                    {} if arguments.no_pyvis else run_child("pyvis", size, str(html), arguments.pyvis_cap)
                )
                if theirs and "timeout" not in theirs:
                    url = f"http://127.0.0.1:{server.server_address[1]}/{html.name}"
                    theirs.update(pyvis_browser(browser, url, arguments.still_cap))
                print(f"[{time.strftime('%H:%M:%S')}] {label}: ours", file=sys.stderr, flush=True)
                upload = work / f"ba-{size}.zip"
                ours = run_child("ours", size, str(upload), 600)
                entities = ours["entities"]
                drop = "person"
                if size == "nato":
                    import graph

                    G = graph.load_graph()
                    page = app.new_page(fresh=True)
                    ours["cold_browser"] = app.open(page, entities, arguments.cap)  # empty HTTP cache
                    page.context.close()
                    visits = []
                    for _ in range(5):  # a returning user: Streamlit's scripts come from the cache
                        page = app.new_page()
                        visits.append(app.open(page, entities, arguments.cap))
                        page.close()
                    visits.sort(key=lambda visit: visit.get("first", float("inf")))
                    ours["browser"] = visits[2]  # the median of five
                    page = app.new_page()
                    app.open(page, entities, arguments.cap)
                    remaining = sum(1 for _, data in G.nodes(data=True) if data["type"] != drop)
                else:
                    page = app.new_page()
                    app.open(page, 104, arguments.cap)
                    ours["browser"] = app.upload(page, str(upload), entities, arguments.cap)
                    remaining = sum(1 for i in range(int(size)) if i % len(TYPES) not in PERSON_EVERY)
                ours["filter_browser"] = app.drop_type(page, drop, remaining, arguments.cap)
                print(f"    marks: {ours['browser']} {ours['filter_browser']}", file=sys.stderr, flush=True)
                page.close()
                print(f"[{time.strftime('%H:%M:%S')}] {label}: server reruns", file=sys.stderr, flush=True)
                ours.update(server_reruns(size, None if size == "nato" else str(upload), drop))
                rows.append((label, theirs, ours))
        finally:
            app.close()
            browser.close()
            server.shutdown()
    print_table(rows, arguments)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def print_table(rows, arguments) -> None:
    """Three lines per graph: pyvis, ours, and the ratio ours/pyvis for each measure."""
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"\nMachine: {platform.machine()}, {cores} cores, {memory:.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"headless Chromium {BROWSER_VERSION[0]} (software rendering). Caps: pyvis "
        f"HTML {arguments.pyvis_cap:.0f} s, pyvis stabilisation {arguments.still_cap:.0f} s, our view "
        f"{arguments.cap:.0f} s.\n"
    )
    columns = [
        "graph",
        "pipeline",
        "drawn",
        "load / build",
        "layout",
        "view",
        "payload",
        "payload size",
        "peak memory",
        "longest stall",
        "first frame",
        "still view",
        "filter → redrawn",
        "filter rerun (server)",
        "reopen view (server)",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for label, theirs, ours in rows:
        stopped = theirs.get("timeout")
        cap = arguments.still_cap
        browser = ours["browser"]
        pyvis_cells = [
            "—" if stopped else f"{ours['entities']:,} nodes",
            seconds(theirs.get("build"), stopped),
            "— (browser physics)",
            "—",
            seconds(theirs.get("payload"), stopped),
            size_text(theirs.get("bytes")),
            f"{theirs['rss']:.0f} MB" if "rss" in theirs else "—",
            "—",
            "no HTML" if stopped else seconds(theirs.get("first"), cap),
            "no HTML" if stopped else seconds(theirs.get("still"), cap),
            "—",
            "—",
            "—",
        ]
        drawn = f"{ours['drawn']:,} groups" if ours["aggregated"] else f"{ours['drawn']:,} nodes"
        our_cells = [
            drawn,
            seconds(ours["build"]),
            seconds(ours["layout"]),
            seconds(ours["view"]),
            seconds(ours["payload"]),
            size_text(ours["bytes"]),
            f"{ours['rss']:.0f} MB",
            seconds(ours["stall"]),
            seconds(browser.get("first"), arguments.cap),
            seconds(browser.get("still"), arguments.cap),
            seconds(ours["filter_browser"].get("first"), arguments.cap),
            seconds(ours["filter"]),
            seconds(ours["reopen"]),
        ]
        ratios = [
            "",
            ratio(ours["build"], theirs.get("build"), stopped),
            "",
            "",
            ratio(ours["payload"], theirs.get("payload"), stopped),
            ratio(ours["bytes"], theirs.get("bytes"), None),
            ratio(ours["rss"], theirs.get("rss"), None),
            "",
            "—" if stopped else ratio(browser.get("first"), theirs.get("first"), cap),
            "—" if stopped else ratio(browser.get("still"), theirs.get("still"), cap),
            "",
            "",
            "",
        ]
        if not theirs:  # --no-pyvis
            pyvis_cells = ["not run"] + ["—"] * (len(pyvis_cells) - 1)
        print(f"| {label} | plain pyvis | " + " | ".join(pyvis_cells) + " |")
        print(f"| {label} | ours | " + " | ".join(our_cells) + " |")
        print(f"| {label} | ours / pyvis | " + " | ".join(ratios) + " |")
    print()
    drawn = {label: ours for label, _, ours in rows if not ours["aggregated"] and label != "NATO"}
    labels = list(drawn)
    for small, large in itertools.pairwise(labels):
        nodes = drawn[large]["entities"] / drawn[small]["entities"]
        cost = drawn[large]["payload"] / drawn[small]["payload"]
        print(f"Payload generation, {small} → {large} nodes ({nodes:.0f}× the nodes): {cost:.1f}× the time.")
    for label, _, ours in rows:
        print(
            f"{label}: filter → still view {seconds(ours['filter_browser'].get('still'), arguments.cap)} "
            "(the redrawn column is the first frame of the new view)."
        )
    for label, _, ours in rows:
        if "cold_browser" in ours:
            print(
                f"\n{label}, first visit with an empty browser cache (Streamlit's scripts downloaded): "
                f"first frame {seconds(ours['cold_browser'].get('first'), arguments.cap)}; the table shows "
                "the median of five visits by a returning browser."
            )


if __name__ == "__main__":
    main()

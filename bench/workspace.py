"""Why the workspace is a SQLite file: figures for docs/workspaces.md.

    python bench/workspace.py [--claims 100000]

Measures, on this machine: loading the NATO dataset into SQLite and DuckDB; a 50-claim write
(an article merge) into the NATO workspace; opening a workspace of --claims claims and reading
it whole (``store.dataset()`` and the graph built from it: what the app's first frame needs);
and what a second process can do while a first one holds the file (open it; write while the
first reads), for both engines. With ``--browser``, the --claims workspace is then made the
current workspace of a fresh ``AGX_HOME`` and the app is served on it: the time from opening
the page to the graph view's first drawn frame in headless Chromium (1500 × 1000), on the
server's first visit (it reads the workspace, builds the graph and lays it out) and on
returning visits, beside the NATO workspace's in the same run; then again after a restart of
the server on the same address, the browser keeping its cache (the first visit then times the
server opening the workspace, with what the first start kept on disk). Last, the --claims
workspace opened in a server that is already running (it has served the NATO workspace, so its
code is loaded): the first frame of a new visit once that workspace is the current one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from bench.nato_probe import timed_visits
from graph.errors import GraphError
from graph.load import load_dataset
from graph.load.dataset import BUNDLED_DATASET
from graph.model import Claim, Dataset, Entity, Source
from graph.prepared import cache_folder, prepare
from graph.readers import graph_of
from graph.store import open_store
from graph.workspace import current_workspace, new_workspace_from_dataset, open_workspace

FORK = multiprocessing.get_context("fork")


def synthetic(claims: int, entities: int, tag: str = "b") -> Dataset:
    people = tuple(Entity(f"state:{tag}{n}", "state", f"State {tag} {n}") for n in range(entities))
    rows = tuple(
        Claim(
            f"state:{tag}{n % entities}",
            "related_to",
            f"state:{tag}{(n * 7 + 1) % entities}",
            "s-b",
            locator=f"p{n}",
        )
        for n in range(claims)
    )
    return Dataset(people, rows, (Source("s-b", "Bench"),))


def seconds(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _hold(url: str, ready, stop) -> None:  # type: ignore[no-untyped-def]
    """Another process (the app): the store open, reading it whole again and again."""
    store = open_store(url)
    ready.set()
    while not stop.is_set():
        store.dataset()
    store.close()


def _second(url: str, answer) -> None:  # type: ignore[no-untyped-def]
    """The command line: open the store held by another process, then write 50 claims."""
    started = time.perf_counter()
    try:
        store = open_store(url)
        opened = time.perf_counter() - started
        took = seconds(lambda: store.write(synthetic(50, 10, "cli"), author="cli", kind="import"))
        answer.send(f"opened in {opened * 1000:.0f} ms, wrote 50 claims in {took * 1000:.0f} ms")
        store.close()
    except GraphError as error:
        answer.send(f"refused after {(time.perf_counter() - started) * 1000:.0f} ms: {str(error)[:160]}")


def two_processes(url: str) -> str:
    ready, stop = FORK.Event(), FORK.Event()
    holder = FORK.Process(target=_hold, args=(url, ready, stop))
    holder.start()
    ready.wait(60)
    receive, send = FORK.Pipe(duplex=False)
    second = FORK.Process(target=_second, args=(url, send))
    second.start()
    second.join(120)
    stop.set()
    holder.join(120)
    return receive.recv()


def browser_part(claims: int) -> None:
    """The app on each workspace: its first start, then a restart on the same address, with one
    browser profile throughout (on the restart, the browser's cache holds Streamlit's scripts, as a
    returning user's does: the first visit then times the server opening the workspace)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, large in (("NATO", False), (f"{claims:,} claims", True)):
            home = Path(tempfile.mkdtemp(prefix="agx-bench-home-"))
            current_workspace(home)  # NATO, from the bundled data, as on a first start
            if large:
                open_workspace(large_workspace(claims, home), home)
            port, context = free_port(), browser.new_context(viewport={"width": 1500, "height": 1000})
            for start in ("first start", "restart"):  # the restart finds what the first kept (AGX_HOME/cache)
                with serve(home / f"{start}.log", {"AGX_HOME": str(home)}, port=port) as url:
                    frames = timed_visits(context, url, 4, 300)
                first = f"first visit {frames[0]:.2f} s"
                print(f"app on the {name} workspace, {start}: {first}, {returning(frames)}")
            context.close()
        opened_in_a_running_app(browser, claims)
        browser.close()


def large_workspace(claims: int, home: Path) -> str:
    """A workspace of ``claims`` synthetic claims (a fifth as many entities) in ``home``, prepared
    for the app as ``workspace new`` and ``workspace import`` prepare it (graph/prepared.py): its
    name. The time the preparing took is printed."""
    workspace = new_workspace_from_dataset("Large", synthetic(claims, claims // 5), home)
    took = seconds(lambda: prepare(cache_folder(home), workspace.url))
    print(f"prepared the {claims:,}-claim workspace for the app (graph and groups kept) in {took:.1f} s")
    return workspace.name


def returning(frames: list[float]) -> str:
    return "returning " + ", ".join(f"{value:.2f}" for value in frames[1:]) + " s"


def opened_in_a_running_app(browser, claims: int) -> None:
    """A server that has already served the NATO workspace (its code is loaded), then a new visit
    after the --claims workspace was made current (``python -m graph workspace open``): the time
    to its first frame, on the first start and after a restart (which finds what the first kept)."""
    home = Path(tempfile.mkdtemp(prefix="agx-bench-home-"))
    nato, large = current_workspace(home).name, large_workspace(claims, home)
    port, context = free_port(), browser.new_context(viewport={"width": 1500, "height": 1000})
    for start in ("first start", "restart"):
        open_workspace(nato, home)
        with serve(home / f"running {start}.log", {"AGX_HOME": str(home)}, port=port) as url:
            warm = timed_visits(context, url, 1, 300)[0]
            open_workspace(large, home)
            frames = timed_visits(context, url, 3, 300)
        print(
            f"app already serving NATO ({warm:.2f} s), {start}: the {claims:,} claims workspace opened "
            f"in a new visit {frames[0]:.2f} s, {returning(frames)}"
        )
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--browser", action="store_true", help="also time the app's first frame in Chromium")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="agx-bench-"))
    nato = load_dataset(BUNDLED_DATASET)
    for engine in ("sqlite", "duckdb"):
        url = f"{engine}:///{folder}/nato.{engine}"
        loading = open_store(url, create=True)
        took = seconds(lambda loading=loading: loading.write(nato))  # type: ignore[misc]
        print(f"{engine}: load NATO ({len(nato.claims)} claims): {took:.2f} s")
        loading.close()
        print(f"{engine}: a second process while the first reads it: {two_processes(url)}")
    store = open_store(f"sqlite:///{folder}/nato.sqlite")
    times = [
        seconds(lambda n=n: store.write(synthetic(50, 10, f"m{n}"), kind="article merge")) for n in range(15)
    ]
    median, slowest = statistics.median(times) * 1000, max(times) * 1000
    print(f"sqlite: 50-claim write, median of 15: {median:.0f} ms (slowest {slowest:.0f} ms)")
    store.close()
    url = f"sqlite:///{folder}/large.sqlite"
    store = open_store(url, create=True)
    made = seconds(lambda: store.write(synthetic(arguments.claims, arguments.claims // 5)))
    store.close()
    print(f"sqlite: made a {arguments.claims:,}-claim workspace in {made:.1f} s")
    for _ in range(2):
        started = time.perf_counter()
        store = open_store(url)
        opened = time.perf_counter() - started
        dataset = store.dataset()
        read = time.perf_counter() - started
        G = graph_of(dataset)
        built = time.perf_counter() - started
        store.close()
        print(
            f"sqlite: open {opened:.2f} s, dataset() {read:.2f} s, graph built {built:.2f} s "
            f"({G.number_of_nodes():,} entities, {G.number_of_edges():,} edges)"
        )
    if arguments.browser:
        browser_part(arguments.claims)


if __name__ == "__main__":
    main()

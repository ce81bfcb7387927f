"""Per-step cost of playing a timeline: the naive ``apply_view`` per as-of date against
:class:`graph.timeline.TimelineIndex`, on the NATO data and on dated synthetic graphs.

    .venv/bin/python bench/timeline.py                  # NATO by month, 10,000 nodes by year
    .venv/bin/python bench/timeline.py --sizes 1000 --by month

For every step (``graph.timeline.steps(…)`` over the graph's date range) it times, in one
process with the app's garbage-collector settings:

- *apply_view*: ``apply_view(G, spec.with_changes(as_of=step))``, the naive baseline;
- *index.visible*: the node ids and edge keys on screen at that step (what a client that
  already holds the union's drawing needs to show or fade elements);
- *index.view*: the same view as apply_view, as a new graph;
- *payload*: ``graph.draw.view_payload`` of that view (positions computed once, before),
  so that *view + payload* is the server time of redrawing one step.

Each spec is run twice: the whole graph, and the same with a reported-by date (every
claim re-cited: the filter the index runs once). Figures are medians and 95th percentiles
in milliseconds. Nothing is asserted.

With ``--app`` it measures the app instead: the server time of one timeline step, i.e. one
script rerun after a click on the Time tab's "Next" button (Streamlit's AppTest, no browser),
on the bundled data and on a dated upload of each size, as the app does it (views as of a
day from ``TimelineIndex``) and with ``apply_view`` per step instead (the naive baseline):

    .venv/bin/python bench/timeline.py --app --steps 30
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

import graph  # noqa: E402
from bench.synthetic import ba_graph, tables, zipped  # noqa: E402
from graph.draw import compute_layout, group_layout, group_nodes, view_payload  # noqa: E402
from graph.readers import read_upload  # noqa: E402
from graph.settings import limit  # noqa: E402
from graph.timeline import TimelineIndex, date_range, steps  # noqa: E402
from graph.view import ViewSpec, apply_view  # noqa: E402


def milliseconds(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.1f} / {p95 * 1000:.1f}"


def timed(action: Callable[..., T], *arguments: Any, **options: Any) -> tuple[float, T]:
    started = time.perf_counter()
    result = action(*arguments, **options)
    return time.perf_counter() - started, result


def load(size: str) -> nx.MultiDiGraph:
    if size == "nato":
        return nx.freeze(graph.load_graph())
    loaded, report = read_upload([(f"dated-{size}.zip", zipped(tables(ba_graph(int(size)), dated=True)))])
    assert loaded is not None, report.format()
    return nx.freeze(loaded)


def positions_for(G: nx.MultiDiGraph) -> Callable[[Iterable[str]], dict]:
    """Positions as the app computes them (groups laid out lazily above large_graph), all laid out now."""
    if G.number_of_nodes() <= limit("large_graph"):
        laid = compute_layout(G)
        return lambda nodes: laid
    groups = group_nodes(G)
    cache = {index: group_layout(G, groups, index) for index in range(len(groups.members))}
    merged = {node: xy for part in cache.values() for node, xy in part.items()}
    return lambda nodes: merged


def run(name: str, G: nx.MultiDiGraph, by: str) -> list[list[str]]:
    held = date_range(G)
    assert held is not None, f"{name} has no dates"
    days = steps(held[0], held[1], by)  # type: ignore[arg-type]
    positions = positions_for(G)
    groups = group_nodes(G) if G.number_of_nodes() > limit("large_graph") else None
    reported = date_range(G, "reported")
    middle = reported[0] + (reported[1] - reported[0]) / 2 if reported else None
    rows = []
    for label, spec in (
        ("whole graph", ViewSpec()),
        (f"reported by {middle}", ViewSpec(reported_by=middle.isoformat() if middle else None)),
    ):
        naive, visible, view_times, payloads = [], [], [], []
        build, index = timed(TimelineIndex, G, spec)
        for day in days:
            step_spec = spec.with_changes(as_of=day.isoformat())
            seconds, expected = timed(apply_view, G, step_spec)
            naive.append(seconds)
            seconds, _ = timed(index.visible, day)
            visible.append(seconds)
            seconds, view = timed(index.view, day)
            view_times.append(seconds)
            assert view.number_of_edges() == expected.number_of_edges()
            seconds, _ = timed(view_payload, G, step_spec, groups, positions, view=view)
            payloads.append(seconds)
        rows.append(
            [
                name,
                f"{G.number_of_nodes():,} / {G.number_of_edges():,}",
                label,
                f"{len(days)} ({by})",
                milliseconds(naive),
                f"{build * 1000:.0f}",
                milliseconds(visible),
                milliseconds(view_times),
                milliseconds(payloads),
                milliseconds([a + b for a, b in zip(naive, payloads, strict=True)]),
                milliseconds([a + b for a, b in zip(view_times, payloads, strict=True)]),
            ]
        )
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)  # progress while the rest runs
    return rows


# ---- the app: one rerun per step ----------------------------------------------------------------

APP = str(ROOT / "app.py")


class NaiveIndex:
    """The baseline in the app: each step's view by apply_view (what ui.cache did before the index)."""

    def __init__(self, G: nx.MultiDiGraph, scope: ViewSpec) -> None:
        self.G, self.scope = G, scope

    def view(self, day: str) -> nx.MultiDiGraph:
        return apply_view(self.G, self.scope.with_changes(as_of=day))


def app_steps(name: str, upload: bytes | None, by: str, count: int, naive: bool) -> list[str]:
    """Open the app (and the upload), go to the first step, then time ``count`` clicks on Next."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ui.cache

    st.cache_resource.clear()  # each mode starts from the same cold caches
    original = ui.cache.timeline_index_for
    if naive:
        ui.cache.timeline_index_for = lambda G, token, scope: NaiveIndex(G, scope)  # type: ignore[assignment]
    try:
        at = AppTest.from_file(APP, default_timeout=900)
        at.run()
        if upload is not None:
            at.file_uploader(key="w_upload").set_value([(f"{name}.zip", upload, "application/zip")]).run()
        assert not at.exception, at.exception
        if by == "month":
            at.segmented_control(key="w_time_by").set_value("month").run()
        cold, _ = timed(lambda: at.button(key="w_time_next").click().run())  # the first step: index, layout
        samples = []
        for _ in range(count):
            seconds, _ = timed(lambda: at.button(key="w_time_next").click().run())
            samples.append(seconds)
        assert not at.exception, at.exception
        last = at.query_params.get("as_of")
    finally:
        ui.cache.timeline_index_for = original
    caption = next(item.value for item in at.markdown if "in view, as of" in item.value).split("\n")[-1]
    size = caption.split(" in view")[0].replace("entities and ", "/ ").replace(" relations", "")
    return [
        name,
        size,
        "apply_view per step (naive)" if naive else "TimelineIndex (the app)",
        f"{count} ({by}, to {last})",
        f"{cold * 1000:.0f}",
        milliseconds(samples),
    ]


def app_main(sizes: list[str], by: str, count: int) -> None:
    from ui.runtime import tune_gc

    tune_gc()
    header = ["graph", "in view at the last step", "views as of a day", "steps", "first step", "per step"]
    rows = []
    uploads: list[tuple[str, bytes | None, str]] = [("NATO", None, "month")]
    uploads += [
        (f"{int(size):,} (dated upload)", zipped(tables(ba_graph(int(size)), dated=True)), by)
        for size in sizes
    ]
    for name, upload, step_by in uploads:
        for naive in (False, True):
            rows.append(app_steps(name, upload, step_by, count, naive))
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    print(
        f"Machine: {platform.machine()}, CPython {platform.python_version()}, {__import__('os').cpu_count()} "
        "cores. Server time of one script rerun after a click on Next (AppTest), milliseconds: the first "
        "step, then median / p95 of the following ones."
    )
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="synthetic graph sizes, comma-separated")
    parser.add_argument(
        "--by", choices=("month", "year"), default="year", help="steps of the synthetic graphs"
    )
    parser.add_argument("--no-nato", action="store_true", help="skip the NATO data (stepped by month)")
    parser.add_argument("--app", action="store_true", help="time steps of the app (AppTest reruns) instead")
    parser.add_argument(
        "--steps", type=int, default=30, help="with --app: steps timed per graph (default 30)"
    )
    arguments = parser.parse_args()
    if arguments.app:
        app_main([part for part in arguments.sizes.split(",") if part], arguments.by, arguments.steps)
        return
    from ui.runtime import tune_gc

    tune_gc()  # as the app's server process does
    header = [
        "graph",
        "nodes / edges",
        "spec",
        "steps",
        "apply_view (naive)",
        "index build",
        "index.visible",
        "index.view",
        "payload",
        "naive view + payload",
        "index.view + payload",
    ]
    rows = []
    if not arguments.no_nato:
        rows += run("NATO", load("nato"), "month")
    for size in (part for part in arguments.sizes.split(",") if part):
        rows += run(f"{int(size):,} (dated)", load(size), arguments.by)
    print(
        f"Machine: {platform.machine()}, CPython {platform.python_version()}, "
        f"networkx {nx.__version__}. Milliseconds per step, median / p95 (index build: once)."
    )
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

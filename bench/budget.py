"""What an in-memory graph costs: time and peak memory of reading and building an upload.

Run: ``.venv/bin/python bench/budget.py [--view] [--cases graphml:600000:600000,json:1000000:0]``

Each case is ``format:nodes:edges`` (format: ``graphml`` — a bare GraphML file, ``json`` —
node-link JSON, ``zip`` — our zipped tables of a Barabási–Albert graph, whose edges are
about twice its nodes and whose ``edges`` field is ignored; bench/synthetic.py writes them).
The parent writes the file; a child process of its own reads it, so its peak memory (VmHWM)
is its own, and a case over ``--timeout`` is stopped. The child reads the upload with
:func:`graph.readers.read_files` and builds its graph with :func:`graph.readers.graph_of`,
as the app's importer does (``read_upload``), with the limits from the environment (so
``AGX_MAX_ELEMENTS=…`` measures a refusal or raises the budget). Figures are wall-clock seconds (the machine's
two cores are shared), CPU seconds, and peak resident memory above the child's peak before
reading (imports and the file's bytes). ``--view`` also opens the first view as the app does
(catalogue, groups of a large graph, view, payload). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_CASES = (
    "graphml:50000:50000,graphml:100000:100000,graphml:200000:200000,graphml:600000:600000,"
    "json:100000:0,json:300000:0,json:1000000:0,zip:50000:0,zip:100000:0,zip:200000:0"
)


def memory_mb(field: str = "VmHWM") -> float:
    """This process's peak (VmHWM) or current (VmRSS) resident memory, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def upload_of(kind: str, nodes: int, edges: int) -> tuple[str, bytes]:
    from bench.synthetic import ba_graph, graphml_bytes, node_link_bytes, tables, zipped

    if kind == "graphml":
        return "big.graphml", graphml_bytes(nodes, edges)
    if kind == "json":
        return "big.json", node_link_bytes(nodes, edges)
    if kind == "zip":
        return "big.zip", zipped(tables(ba_graph(nodes)))
    raise SystemExit(f"unknown format {kind!r}")


def open_first_view(G) -> tuple[float, float]:
    """What the app computes for an upload's first frame (ui/cache.py): the catalogue, the
    groups of a large graph, the view and its payload. Wall and CPU seconds."""
    import networkx as nx

    from graph.draw import compute_layout, group_layout, group_nodes, view_payload
    from graph.query import catalogue
    from graph.settings import limit
    from graph.view import ViewSpec, apply_view
    from ui.graph_view import encode_payload

    started, cpu = time.perf_counter(), time.process_time()
    G = nx.freeze(G)
    catalogue(G)
    groups = group_nodes(G) if G.number_of_nodes() > limit("large_graph") else None
    spec = ViewSpec()
    view = nx.freeze(apply_view(G, spec))

    def positions(nodes):
        if groups is None:
            return compute_layout(G)
        found: dict = {}
        for index in sorted({groups.of[node] for node in nodes}):
            found.update(group_layout(G, groups, index))
        return found

    encode_payload(view_payload(G, spec, groups, positions, view=view))
    return time.perf_counter() - started, time.process_time() - cpu


def child(path: Path, view: bool = False) -> dict:
    """Read the upload at ``path`` (written by the parent, so making it costs this child nothing)."""
    from graph.readers import graph_of, read_files
    from graph.settings import configure
    from ui.runtime import tune_gc

    tune_gc()  # as the app's server process does
    configure(os.environ)
    name, content = path.name, path.read_bytes()
    baseline = memory_mb("VmHWM")
    size = len(content)
    started, cpu = time.perf_counter(), time.process_time()
    dataset, report = read_files([(name, content)])
    read_at, read_cpu = time.perf_counter(), time.process_time()
    read_peak = memory_mb()
    G = graph_of(dataset) if dataset is not None else None
    built_at, built_cpu = time.perf_counter(), time.process_time()
    built_peak = memory_mb()
    errors = [issue.message for issue in report.issues if issue.severity == "error"]
    first_view = first_view_cpu = 0.0
    if view and G is not None:
        first_view, first_view_cpu = open_first_view(G)
    return {
        "built_peak": built_peak - baseline,
        "first_view": first_view,
        "first_view_cpu": first_view_cpu,
        "bytes": size,
        "read": read_at - started,
        "read_cpu": read_cpu - cpu,
        "build": built_at - read_at,
        "build_cpu": built_cpu - read_cpu,
        "read_peak": read_peak - baseline,
        "peak": memory_mb() - baseline,
        "baseline": baseline,
        "nodes": G.number_of_nodes() if G is not None else None,
        "edges": G.number_of_edges() if G is not None else None,
        "refused": errors[0] if errors else "",
    }


def run_case(case: str, timeout: float, view: bool = False) -> dict:
    import tempfile

    kind, nodes, edges = case.split(":")
    folder = Path(tempfile.mkdtemp(prefix="agx-budget-"))
    name, content = upload_of(kind, int(nodes), int(edges))
    path = folder / name
    path.write_bytes(content)
    del content
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path), *(["--view"] if view else [])],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"case": case, "timeout": time.perf_counter() - started}
    finally:
        path.unlink()
        folder.rmdir()
    if done.returncode != 0:
        return {"case": case, "failed": done.stderr.strip().splitlines()[-1:]}
    return {"case": case, **json.loads(done.stdout.strip().splitlines()[-1])}


def row(result: dict) -> str:
    kind, nodes, edges = result["case"].split(":")
    what = f"{kind} {int(nodes):,} nodes" + (f" / {int(edges):,} edges" if kind != "zip" else " (BA, m=2)")
    if "timeout" in result:
        return f"| {what} | | stopped after {result['timeout']:.0f} s | | | | | |"
    if "failed" in result:
        return f"| {what} | | failed: {result['failed']} | | | | | |"
    outcome = (
        f"{result['nodes']:,} / {result['edges']:,}"
        if result["nodes"] is not None
        else "refused: " + result["refused"][:70] + "…"
    )
    view = (
        f"{result['first_view']:.1f} s (CPU {result['first_view_cpu']:.1f})" if result["first_view"] else ""
    )
    return (
        f"| {what} | {result['bytes'] / 1e6:.1f} MB | {result['read']:.1f} s (CPU {result['read_cpu']:.1f}) "
        f"| {result['build']:.1f} s (CPU {result['build_cpu']:.1f}) | {view} | {result['read_peak']:,.0f} MB "
        f"| {result['built_peak']:,.0f} MB | {result['peak']:,.0f} MB | {outcome} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--view", action="store_true", help="also open the first view, as the app does")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(Path(arguments.child), arguments.view)))
        return
    limits = {key: value for key, value in os.environ.items() if key.startswith("AGX_")}
    print(f"limits from the environment: {limits or 'none (defaults)'}")
    print(
        "| upload | size | read and check | build the graph | first view | peak memory: read "
        "| built | with the first view | entities / relations |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for case in arguments.cases.split(","):
        print(row(run_case(case, arguments.timeout, arguments.view)), flush=True)


if __name__ == "__main__":
    main()
